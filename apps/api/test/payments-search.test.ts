import { createTestDatabase, makePayment, type PaymentRow, type TestDatabase } from '@paydesk/db/testing';
import { TRPCError } from '@trpc/server';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCaller, manualClock } from '../src/testing.ts';
import { makeStaffUser } from './support/factories.ts';

// Every field of the search grammar, run through the API against a real database. Tests
// keep to their own data by a creation day (created:<day>) or a bank id of their own.

let database: TestDatabase;
let caller: ReturnType<typeof createTestCaller>;
const clock = manualClock(new Date('2026-11-20T12:00:00Z'));

beforeAll(async () => {
  database = await createTestDatabase();
  const user = await makeStaffUser(database.db, 'support');
  caller = createTestCaller({ db: database.db, clock, businessTimeZone: 'Europe/Madrid' }, { user });
});
afterAll(async () => database?.destroy());

/** Noon UTC on a day: the same calendar day in Madrid. */
const on = (day: string, time = '12:00:00') => new Date(`${day}T${time}Z`);

async function found(q: string): Promise<string[]> {
  const result = await caller.payments.search({ q, limit: 100 });
  return result.rows.map((row) => row.id).sort();
}

const idsOf = (...payments: PaymentRow[]) => payments.map((p) => p.id).sort();

async function refusal(q: string): Promise<string> {
  try {
    await caller.payments.search({ q });
  } catch (error) {
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    return (error as TRPCError).message;
  }
  throw new Error(`"${q}" was accepted`);
}

describe('free text', () => {
  it('finds a payment by any of its references and says it matched exactly', async () => {
    const payment = await makePayment(database.db, {
      provider: 'kashimi',
      method: 'open_banking',
      provider_payment_id: '7d3c2a10-5b1e-4f7a-8c9d-0e1f2a3b4c5d',
      provider_reference: 'E2E-KSH-000918',
      merchant_reference: 'ORD-SEARCH-0001',
      payment_reference: 'Invoice 4411',
    });
    for (const reference of [
      payment.id,
      payment.id.toUpperCase(),
      '7D3C2A10-5B1E-4F7A-8C9D-0E1F2A3B4C5D',
      'E2E-KSH-000918',
      'ORD-SEARCH-0001',
      'Invoice 4411',
    ]) {
      const result = await caller.payments.search({ q: `"${reference}"` });
      expect(result.rows.map((r) => r.id), reference).toEqual([payment.id]);
      expect(result.match).toBe('reference');
      expect(result.exactMatchId).toBe(payment.id);
    }
  });

  it('lets an exact reference win over names that merely contain the text', async () => {
    const byReference = await makePayment(database.db, { merchant_reference: 'garcia' });
    await makePayment(database.db, { customer_name: 'Marta Garcia' });
    const result = await caller.payments.search({ q: 'garcia' });
    expect(result.rows.map((r) => r.id)).toEqual([byReference.id]);
    expect(result.match).toBe('reference');
  });

  it('finds customers by email, whole or in part, in any case', async () => {
    const day = '2026-10-01';
    const payment = await makePayment(database.db, { created_at: on(day), customer_email: 'ines.ferreira@correio.example' });
    await makePayment(database.db, { created_at: on(day), customer_email: 'someone.else@example.com' });
    expect(await found(`created:${day} Ines.Ferreira@Correio.example`)).toEqual(idsOf(payment));
    expect(await found(`created:${day} ferreira@corr`)).toEqual(idsOf(payment));
    expect(await found(`created:${day} email:ferreira`)).toEqual(idsOf(payment));
  });

  it('finds customers by name, ignoring case and accents', async () => {
    const day = '2026-10-02';
    const jose = await makePayment(database.db, { created_at: on(day), customer_name: 'José Gárcia Núñez' });
    const lukasz = await makePayment(database.db, { created_at: on(day), customer_name: 'Łukasz Wójcik' });
    await makePayment(database.db, { created_at: on(day), customer_name: 'Ana Souza' });
    const result = await caller.payments.search({ q: `created:${day} jose garcia` });
    expect(result.rows.map((r) => r.id)).toEqual([jose.id]);
    expect(result.match).toBe('search');
    expect(result.textKind).toBe('name');
    expect(await found(`created:${day} NUNEZ`)).toEqual(idsOf(jose));
    expect(await found(`created:${day} name:lukasz`)).toEqual(idsOf(lukasz));
  });

  it('finds customers by phone with or without the country code', async () => {
    const day = '2026-10-03';
    const payment = await makePayment(database.db, { created_at: on(day), customer_phone: '+5511987654321' });
    await makePayment(database.db, { created_at: on(day), customer_phone: '+34666999666' });
    expect(await found(`created:${day} +55 11 98765-4321`)).toEqual(idsOf(payment));
    expect(await found(`created:${day} 11 98765 4321`)).toEqual(idsOf(payment));
    expect(await found(`created:${day} phone:987654321`)).toEqual(idsOf(payment));
  });

  it('finds card payments by the last four digits', async () => {
    const day = '2026-10-04';
    const payment = await makePayment(database.db, { created_at: on(day), card_bin: '424242', card_last4: '4242' });
    const other = await makePayment(database.db, { created_at: on(day), card_bin: '555555', card_last4: '4444' });
    expect(await found(`created:${day} 4242`)).toEqual(idsOf(payment));
    expect(await found(`created:${day} card:4444`)).toEqual(idsOf(other));
  });

  it('looks up only exact references for text shorter than three characters', async () => {
    const day = '2026-10-05';
    const payment = await makePayment(database.db, { created_at: on(day), merchant_reference: 'Q7' });
    await makePayment(database.db, { created_at: on(day), customer_name: 'Q7 Person' });
    expect(await found('Q7')).toEqual(idsOf(payment));
    const result = await caller.payments.search({ q: `created:${day} zz` });
    expect(result.rows).toEqual([]);
    expect(result.textKind).toBe('too_short');
  });

  it('finds nothing for an unknown uuid instead of scanning for it', async () => {
    const result = await caller.payments.search({ q: '00000000-0000-4000-8000-000000000000' });
    expect(result.rows).toEqual([]);
    expect(result.exactMatchId).toBeNull();
  });
});

describe('field filters', () => {
  it('filter by provider, status, direction and method', async () => {
    const day = '2026-10-10';
    const kashaDecline = await makePayment(database.db, { created_at: on(day), provider: 'kasha', method: 'card', status: 'FAILED', provider_status: 'DECLINED' });
    const kashimi = await makePayment(database.db, { created_at: on(day), provider: 'kashimi', method: 'open_banking', status: 'COMPLETED' });
    const payout = await makePayment(database.db, {
      created_at: on(day),
      provider: 'kasha',
      direction: 'payout',
      method: 'bank_transfer',
      status: 'PENDING',
      provider_status: 'PENDING',
    });
    const klavi = await makePayment(database.db, { created_at: on(day), provider: 'klavi', method: 'pix', status: 'UNKNOWN', provider_status: 'CONSENT_AUTHORIED' });
    expect(await found(`created:${day} provider:kasha`)).toEqual(idsOf(kashaDecline, payout));
    expect(await found(`created:${day} provider:kashimi,klavi`)).toEqual(idsOf(kashimi, klavi));
    expect(await found(`created:${day} status:failed,unknown`)).toEqual(idsOf(kashaDecline, klavi));
    expect(await found(`created:${day} direction:payout`)).toEqual(idsOf(payout));
    expect(await found(`created:${day} method:card`)).toEqual(idsOf(kashaDecline));
    expect(await found(`created:${day} method:pix,open_banking`)).toEqual(idsOf(kashimi, klavi));
  });

  it('filter by Kashimi phase and by the provider’s own detailed status', async () => {
    const day = '2026-10-11';
    const consent = await makePayment(database.db, {
      created_at: on(day),
      provider: 'kashimi',
      method: 'open_banking',
      status: 'PENDING',
      provider_status: 'PENDING',
      detailed_status: 'PAYMENT_CONSENT_REDIRECT_PENDING',
      phase: 6,
    });
    const login = await makePayment(database.db, {
      created_at: on(day),
      provider: 'kashimi',
      method: 'open_banking',
      status: 'PENDING',
      provider_status: 'PENDING',
      detailed_status: 'SENDER_AUTHORIZATION_REDIRECT_PENDING',
      phase: 3,
    });
    // Klavi's status is kept as sent, here in lower case as its public page writes it.
    const partial = await makePayment(database.db, { created_at: on(day), provider: 'klavi', method: 'pix', status: 'PENDING', provider_status: 'payment_partially_accepted' });
    expect(await found(`created:${day} phase:6`)).toEqual(idsOf(consent));
    expect(await found(`created:${day} phase:3,6`)).toEqual(idsOf(consent, login));
    expect(await found(`created:${day} detailed:payment_consent_redirect_pending`)).toEqual(idsOf(consent));
    expect(await found(`created:${day} detailed:PAYMENT_PARTIALLY_ACCEPTED`)).toEqual(idsOf(partial));
  });

  it('filter by failure category or by the raw provider code', async () => {
    const day = '2026-10-12';
    const funds = await makePayment(database.db, {
      created_at: on(day),
      status: 'FAILED',
      provider_status: 'DECLINED',
      failure_category: 'insufficient_funds',
      failure_codes: ['3001'],
    });
    const consent = await makePayment(database.db, {
      created_at: on(day),
      provider: 'kashimi',
      method: 'open_banking',
      status: 'FAILED',
      provider_status: 'FAILED',
      failure_category: 'consent_denied',
      failure_codes: ['PAYMENT_CONSENT_NOT_GRANTED'],
    });
    await makePayment(database.db, { created_at: on(day) });
    expect(await found(`created:${day} reason:insufficient_funds`)).toEqual(idsOf(funds));
    expect(await found(`created:${day} reason:3001`)).toEqual(idsOf(funds));
    expect(await found(`created:${day} reason:payment_consent_not_granted`)).toEqual(idsOf(consent));
    expect(await found(`created:${day} reason:3001,consent_denied`)).toEqual(idsOf(funds, consent));
  });

  it('filter by country, currency and bank', async () => {
    const day = '2026-10-13';
    const brazil = await makePayment(database.db, {
      created_at: on(day),
      provider: 'klavi',
      method: 'pix',
      country: 'BR',
      currency: 'BRL',
      bank_id: '00000000',
      bank_name: 'Banco do Brasil S.A.',
    });
    const spain = await makePayment(database.db, { created_at: on(day), country: 'ES', currency: 'EUR', bank_id: 'SAN-ES', bank_name: 'Banco Santander' });
    const nowhere = await makePayment(database.db, { created_at: on(day), country: null, currency: 'USD' });
    expect(await found(`created:${day} country:br`)).toEqual(idsOf(brazil));
    expect(await found(`created:${day} currency:EUR,USD`)).toEqual(idsOf(spain, nowhere));
    expect(await found(`created:${day} bank:santander`)).toEqual(idsOf(spain));
    expect(await found(`created:${day} bank:"do brasil"`)).toEqual(idsOf(brazil));
    expect(await found(`created:${day} bank:SAN-ES`)).toEqual(idsOf(spain));
  });

  it('compare amounts in each payment’s own currency units, exactly', async () => {
    const day = '2026-10-14';
    const euro100 = await makePayment(database.db, { created_at: on(day), currency: 'EUR', amount_minor: 10_000 });
    const euro9999 = await makePayment(database.db, { created_at: on(day), currency: 'EUR', amount_minor: 9_999 });
    const yen100 = await makePayment(database.db, { created_at: on(day), currency: 'JPY', amount_minor: 100 });
    const dinar100 = await makePayment(database.db, { created_at: on(day), currency: 'KWD', amount_minor: 100_000 });
    const yen250 = await makePayment(database.db, { created_at: on(day), currency: 'JPY', amount_minor: 250 });
    expect(await found(`created:${day} amount:>=100`)).toEqual(idsOf(euro100, yen100, dinar100, yen250));
    expect(await found(`created:${day} amount:>100`)).toEqual(idsOf(yen250));
    expect(await found(`created:${day} amount:<100`)).toEqual(idsOf(euro9999));
    expect(await found(`created:${day} amount:<=99.99`)).toEqual(idsOf(euro9999));
    expect(await found(`created:${day} amount:100`)).toEqual(idsOf(euro100, yen100, dinar100));
    expect(await found(`created:${day} amount:100..250 currency:JPY`)).toEqual(idsOf(yen100, yen250));
    expect(await found(`created:${day} amount:99.995..100.5`)).toEqual(idsOf(euro100, yen100, dinar100));
  });

  it('filter by creation days in the business time zone, both ends included', async () => {
    // 22:30 UTC on 5 Oct is already 6 Oct in Madrid (UTC+2 in October).
    const lateNight = await makePayment(database.db, { created_at: new Date('2026-10-05T22:30:00Z'), bank_id: 'DAYS-TEST' });
    const seventh = await makePayment(database.db, { created_at: on('2026-10-07'), bank_id: 'DAYS-TEST' });
    const eighth = await makePayment(database.db, { created_at: new Date('2026-10-07T22:00:00Z'), bank_id: 'DAYS-TEST' });
    expect(await found('bank:DAYS-TEST created:2026-10-05')).toEqual([]);
    expect(await found('bank:DAYS-TEST created:2026-10-06')).toEqual(idsOf(lateNight));
    expect(await found('bank:DAYS-TEST created:2026-10-06..2026-10-07')).toEqual(idsOf(lateNight, seventh));
    expect(await found('bank:DAYS-TEST created:2026-10-07..')).toEqual(idsOf(seventh, eighth));
    expect(await found('bank:DAYS-TEST created:..2026-10-07')).toEqual(idsOf(lateNight, seventh));
  });

  it('resolve today, yesterday and the last days or hours against the clock', async () => {
    // The clock says 2026-11-20 13:00 in Madrid.
    const today = await makePayment(database.db, { created_at: new Date('2026-11-20T00:30:00Z'), bank_id: 'RELATIVE' });
    const yesterday = await makePayment(database.db, { created_at: new Date('2026-11-19T22:30:00Z'), bank_id: 'RELATIVE' });
    const lastWeek = await makePayment(database.db, { created_at: new Date('2026-11-13T23:30:00Z'), bank_id: 'RELATIVE' });
    const older = await makePayment(database.db, { created_at: new Date('2026-11-13T22:30:00Z'), bank_id: 'RELATIVE' });
    expect(await found('bank:RELATIVE created:today')).toEqual(idsOf(today));
    expect(await found('bank:RELATIVE created:yesterday')).toEqual(idsOf(yesterday));
    expect(await found('bank:RELATIVE created:7d')).toEqual(idsOf(today, yesterday, lastWeek));
    expect(await found('bank:RELATIVE created:12h')).toEqual(idsOf(today));
    expect(await found('bank:RELATIVE -created:7d')).toEqual(idsOf(older));
  });

  it('negate any filter, counting missing values as "not that value"', async () => {
    const day = '2026-10-15';
    const kasha = await makePayment(database.db, { created_at: on(day), provider: 'kasha', country: 'ES' });
    const kashimi = await makePayment(database.db, { created_at: on(day), provider: 'kashimi', method: 'open_banking', country: null });
    const failed = await makePayment(database.db, { created_at: on(day), provider: 'klavi', method: 'pix', status: 'FAILED', country: 'BR' });
    expect(await found(`created:${day} -provider:kasha`)).toEqual(idsOf(kashimi, failed));
    expect(await found(`created:${day} -country:ES`)).toEqual(idsOf(kashimi, failed));
    expect(await found(`created:${day} -status:failed -provider:kashimi`)).toEqual(idsOf(kasha));
    expect(await found(`created:${day} -reason:unknown`)).toEqual(idsOf(kasha, kashimi, failed));
  });

  it('combine filters with free text', async () => {
    const day = '2026-10-16';
    const match = await makePayment(database.db, { created_at: on(day), provider: 'kasha', status: 'FAILED', customer_name: 'Renata Oliveira' });
    await makePayment(database.db, { created_at: on(day), provider: 'kasha', status: 'COMPLETED', customer_name: 'Renata Oliveira' });
    await makePayment(database.db, { created_at: on(day), provider: 'kasha', status: 'FAILED', customer_name: 'Paulo Lima' });
    expect(await found(`created:${day} provider:kasha status:failed oliveira`)).toEqual(idsOf(match));
  });
});

describe('bad input', () => {
  it('is refused with a message that says what is wrong, never an empty list', async () => {
    expect(await refusal('colour:red')).toContain('Unknown field "colour:"');
    expect(await refusal('provider:paypal')).toContain('provider:paypal is not known');
    expect(await refusal('amount:>ten')).toContain('is not an amount');
    expect(await refusal('created:2026-11-07..2026-11-01')).toContain('ends before it starts');
    expect(await refusal('status:failed status:pending')).toContain('given twice');
  });

  it('refuses a cursor from another sort order', async () => {
    const day = '2026-10-17';
    await makePayment(database.db, { created_at: on(day) });
    await makePayment(database.db, { created_at: on(day) });
    const first = await caller.payments.search({ q: `created:${day}`, limit: 1 });
    await expect(caller.payments.search({ q: `created:${day}`, sort: 'amount_desc', cursor: first.nextCursor! })).rejects.toThrow('another sort order');
    await expect(caller.payments.search({ q: '', cursor: 'not-a-cursor' })).rejects.toThrow('cursor is not valid');
  });
});

describe('pages and counts', () => {
  it('walks every row exactly once with keyset pages, even within one millisecond', async () => {
    // Microseconds apart: a cursor rounded to milliseconds would skip or repeat rows.
    const made: PaymentRow[] = [];
    for (const micro of ['000001', '000002', '000002', '000900', '000999', '001000', '500000']) {
      made.push(await makePayment(database.db, { created_at: `2026-10-20T12:00:00.${micro}Z`, bank_id: 'KEYSET', amount_minor: Number(micro) % 7 }));
    }
    for (const sort of ['created_desc', 'created_asc', 'amount_desc', 'amount_asc'] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 10; page += 1) {
        const result = await caller.payments.search({ q: 'bank:KEYSET', sort, limit: 2, ...(cursor ? { cursor } : {}) });
        seen.push(...result.rows.map((r) => r.id));
        if (!result.nextCursor) break;
        cursor = result.nextCursor;
      }
      expect(seen.slice().sort(), sort).toEqual(idsOf(...made));
      expect(new Set(seen).size, sort).toBe(made.length);
    }
    const newest = await caller.payments.search({ q: 'bank:KEYSET', limit: 1 });
    expect(newest.rows[0]!.id).toBe(made.at(-1)!.id);
  });

  it('orders by amount when asked', async () => {
    const day = '2026-10-21';
    const small = await makePayment(database.db, { created_at: on(day), amount_minor: 5 });
    const large = await makePayment(database.db, { created_at: on(day), amount_minor: 500 });
    const middle = await makePayment(database.db, { created_at: on(day), amount_minor: 50 });
    const desc = await caller.payments.search({ q: `created:${day}`, sort: 'amount_desc' });
    expect(desc.rows.map((r) => r.id)).toEqual([large.id, middle.id, small.id]);
    const asc = await caller.payments.search({ q: `created:${day}`, sort: 'amount_asc' });
    expect(asc.rows.map((r) => r.id)).toEqual([small.id, middle.id, large.id]);
  });

  it('counts exactly up to 10,000 and says "more" beyond', async () => {
    await sql`
      INSERT INTO payments (provider, direction, method, provider_payment_id, amount_minor, currency, status,
                            provider_status, status_at, created_at, updated_at, bank_id)
      SELECT 'kasha', 'payin', CASE WHEN g <= 12 THEN 'wallet' ELSE 'card' END, 'bulk-' || g, 100, 'EUR', 'COMPLETED',
             'COMPLETED', t, t, t, 'BULK'
        FROM generate_series(1, 10001) AS g, (SELECT timestamptz '2026-09-01T10:00:00Z' AS t) AS fixed`.execute(database.db);
    expect(await caller.payments.count({ q: 'bank:BULK' })).toEqual({ count: 10_000, isCapped: true, cap: 10_000 });
    expect(await caller.payments.count({ q: 'bank:BULK method:wallet' })).toEqual({ count: 12, isCapped: false, cap: 10_000 });
    expect(await caller.payments.count({ q: 'bank:BULK method:pix' })).toEqual({ count: 0, isCapped: false, cap: 10_000 });
  });
});
