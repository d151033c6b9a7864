import {
  currencyExponent,
  fromMinorUnits,
  KASHIMI_FAILURE_REASONS,
  KLAVI_STATUS_ORDER,
  normalizeForSearch,
  toMinorUnits,
} from '@paydesk/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStatusTotals } from '../src/queries/analytics-status.ts';
import { isValidCpf } from '../src/seed/countries.ts';
import {
  generatePayments,
  isDemoDataLoaded,
  loadDemoData,
  loadGenerated,
  loadScaleData,
  SECOND_APPROVAL_THRESHOLDS,
  type GeneratedPayment,
  type GenerateOptions,
} from '../src/seed/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';

const now = new Date('2026-11-21T12:00:00.000Z');
const base: GenerateOptions = { seed: 4242, count: 6000, now, days: 120 };
const sample = [...generatePayments(base)];
const byProvider = (provider: string) => sample.filter((item) => item.payment.provider === provider);

// What the provider documents say about where each Kashimi failure reason can occur.
const KASHIMI_REASON_PHASES: Readonly<Record<string, readonly number[]>> = {
  PAYMENT_CONSENT_NOT_GRANTED: [6],
  PAYMENT_CONSENT_INCOMPLETE: [6],
  AMOUNT_EXCEEDS_AVAILABLE_FUNDS: [7],
  AMOUNT_EXCEEDS_DAILY_LIMIT: [7],
  AMOUNT_EXCEEDS_MONTHLY_LIMIT: [7],
  AMOUNT_EXCEEDS_LIMIT: [7],
  INSUFFICIENT_FUNDS: [7],
  PAYMENT_ABORTED_BY_PROVIDER: [7],
  SENDER_CREDENTIALS_INVALID: [3],
  SENDER_AUTHORIZATION_NOT_GRANTED: [3],
  SENDER_BLOCKED: [3],
  ACCOUNT_INFORMATION_CONSENT_NOT_GRANTED: [4],
  REMITTANCE_INFORMATION_INVALID: [5],
  RECIPIENT_ACCOUNT_INVALID: [5],
  RECIPIENT_NAME_INVALID: [5],
  CURRENCY_INVALID: [5],
  PROVIDER_AGREEMENT_MISSING: [5],
  SIGNATURE_CERTIFICATE_INVALID: [5],
  PAYMENT_ABORTED_BY_SENDER: [3, 4, 6],
  SENDER_ACCOUNT_INVALID: [2, 4],
  SENDER_ACCOUNT_BLOCKED: [4, 7],
  SENDER_RIGHTS_MISSING: [4, 5],
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function klaviRank(status: string): number {
  return KLAVI_STATUS_ORDER.indexOf(status as (typeof KLAVI_STATUS_ORDER)[number]);
}

describe('generating payments', () => {
  it('gives byte-identical output for the same seed and different output for another', () => {
    const again = JSON.stringify([...generatePayments(base)]);
    expect(again).toBe(JSON.stringify(sample));
    const other = [...generatePayments({ ...base, seed: 4243, count: 50 })];
    expect(other[0]!.payment.id).not.toBe(sample[0]!.payment.id);
  });

  it('produces the same payments whether made in one run or in separate ranges', () => {
    const pieces = [
      ...generatePayments({ ...base, to: 2500 }),
      ...generatePayments({ ...base, from: 2500, to: 4000 }),
      ...generatePayments({ ...base, from: 4000 }),
    ];
    expect(JSON.stringify(pieces)).toBe(JSON.stringify(sample));
  });

  it('changes nothing but the refunded payments when staff ids are passed', () => {
    const withStaff = [
      ...generatePayments({
        ...base,
        refundRequestedBy: '00000000-0000-4000-8000-000000000001',
        payoutApproverIds: ['00000000-0000-4000-8000-000000000002'],
      }),
    ];
    const refunded = withStaff.filter((item) => item.refund !== null);
    expect(refunded.length).toBeGreaterThan(10);
    for (const [index, item] of withStaff.entries()) {
      if (item.refund === null) expect(item.payment).toEqual(sample[index]!.payment);
      else expect(sample[index]!.payment.status).toBe('COMPLETED');
    }
  });

  it('spreads payments over the window, rising with time, quiet at night in the payer’s zone', () => {
    const start = now.getTime() - base.days * 86_400_000;
    const times = sample.map((item) => item.payment.created_at.getTime());
    expect(Math.min(...times)).toBeGreaterThanOrEqual(start);
    expect(Math.max(...times)).toBeLessThanOrEqual(now.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const germanHours = byProvider('kashimi')
      .filter((item) => item.payment.country === 'DE')
      .map((item) =>
        Number(
          new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: 'numeric', hourCycle: 'h23' }).format(
            item.payment.created_at,
          ),
        ),
      );
    const night = germanHours.filter((hour) => hour >= 2 && hour < 6).length;
    const evening = germanHours.filter((hour) => hour >= 18 && hour < 22).length;
    expect(evening).toBeGreaterThan(night * 5);
  });

  it('splits traffic about 35 % Kashimi, 25 % Klavi and 40 % Kasha', () => {
    expect(byProvider('kashimi').length / sample.length).toBeCloseTo(0.35, 1);
    expect(byProvider('klavi').length / sample.length).toBeCloseTo(0.25, 1);
    expect(byProvider('kasha').length / sample.length).toBeCloseTo(0.4, 1);
  });

  it('walks every Kashimi payment forward through its phases, failing only where the reason belongs', () => {
    const failed = byProvider('kashimi').filter((item) => item.payment.status === 'FAILED');
    expect(failed.length).toBeGreaterThan(100);
    for (const { events } of byProvider('kashimi')) {
      const phases = events.map((event) => event.phase);
      expect(phases.every((phase) => phase !== null)).toBe(true);
      expect(phases).toEqual([...phases].sort((a, b) => a! - b!));
      for (const [index, event] of events.entries()) {
        const isLast = index === events.length - 1;
        if (event.status === 'COMPLETED' || event.status === 'FAILED') expect(isLast).toBe(true);
        if (event.status === 'UNKNOWN') expect(event.phase).toBe(7);
        expect(event.event_key).toMatch(UUID);
        for (const code of event.failure_codes) {
          expect(Object.keys(KASHIMI_FAILURE_REASONS)).toContain(code);
          // Expiry happens while the payer keeps us waiting.
          if (code === 'PAYMENT_EXPIRED') expect(event.detailed_status).toMatch(/_REDIRECT_PENDING$/);
          const allowed = KASHIMI_REASON_PHASES[code];
          if (allowed) expect(allowed, `${code} in phase ${event.phase}`).toContain(event.phase);
        }
      }
      expect(events[0]!.source).toBe('webhook');
      const last = events[events.length - 1]!;
      if (events.length > 1) expect(last.source).toBe(last.status === 'PENDING' ? 'archive' : 'webhook');
      expect(events.slice(1, -1).every((event) => event.source === 'archive')).toBe(true);
    }
  });

  it('starts Kashimi payments in bank selection when hosted and in a later phase otherwise', () => {
    const firstPhase = (item: GeneratedPayment) => item.events[0]!.phase;
    const kashimi = byProvider('kashimi');
    const hosted = kashimi.filter((item) => item.payment.metadata?.['bankSelection'] === 'hosted');
    const custom = kashimi.filter((item) => item.payment.metadata?.['bankSelection'] === 'custom');
    expect(hosted.every((item) => firstPhase(item) === 1)).toBe(true);
    expect(custom.every((item) => firstPhase(item)! >= 2)).toBe(true);
    expect(kashimi.some((item) => item.events.some((event) => event.phase === 4))).toBe(true);
  });

  it('moves Klavi payments through its statuses in order, ending only once', () => {
    const final = new Set([
      'PAYMENT_COMPLETED',
      'PAYMENT_REJECTED',
      'CONSENT_REJECTED',
      'CANCELED',
      'ERROR',
      'EXPIRED',
    ]);
    for (const { events, payment } of byProvider('klavi')) {
      expect(events[0]!.provider_status).toBe('STARTED');
      const ranks = events
        .filter((event) => !final.has(event.provider_status))
        .map((event) => klaviRank(event.provider_status));
      expect(ranks.every((rank) => rank >= 0)).toBe(true);
      expect(ranks).toEqual([...new Set(ranks)].sort((a, b) => a - b));
      const finals = events.filter((event) => final.has(event.provider_status));
      expect(finals.length).toBeLessThanOrEqual(1);
      if (finals.length === 1) expect(events[events.length - 1]!.provider_status).toBe(finals[0]!.provider_status);
      expect(events.every((event) => ['status', 'webhook'].includes(event.source))).toBe(true);
      expect(isValidCpf(payment.customer_document!)).toBe(true);
    }
  });

  it('reports Kasha outcomes only at the end, with 1100 as uncertain and refunds after completion', () => {
    const refunded = [
      ...generatePayments({ ...base, refundRequestedBy: '00000000-0000-4000-8000-000000000001' }),
    ].filter((item) => item.payment.status === 'REFUNDED');
    expect(refunded.length).toBeGreaterThan(10);
    for (const { events } of [...byProvider('kasha'), ...refunded]) {
      const statuses = events.map((event) => event.provider_status);
      const firstFinal = statuses.findIndex((status) => ['COMPLETED', 'DECLINED'].includes(status));
      if (firstFinal >= 0) expect(statuses.slice(firstFinal + 1).every((status) => status === 'REFUNDED')).toBe(true);
      for (const event of events) {
        if (event.provider_status === 'ERROR')
          expect(event).toMatchObject({ status: 'UNKNOWN', failure_category: 'uncertain', failure_codes: ['1100'] });
      }
    }
    for (const { events, refund, payment } of refunded) {
      expect(events.map((event) => event.provider_status).slice(-2)).toEqual(['COMPLETED', 'REFUNDED']);
      expect(refund).toMatchObject({
        state: 'succeeded',
        amount_minor: payment.amount_minor,
        merchant_reference: payment.merchant_reference,
      });
    }
    const declines = byProvider('kasha').flatMap((item) => item.events.flatMap((event) => event.failure_codes));
    const count = (code: string) => declines.filter((c) => c === code).length;
    expect(count('3000')).toBeGreaterThan(count('3012') * 5);
  });

  it('queues recent payouts for approval, with a second approver at or above the limit', () => {
    const awaiting = byProvider('kasha').filter((item) => item.payoutDecision?.state === 'awaiting_approval');
    expect(awaiting.length).toBeGreaterThan(5);
    for (const { payment, payoutDecision } of awaiting) {
      expect(payment).toMatchObject({ direction: 'payout', status: 'PENDING', provider_status: 'PENDING' });
      const threshold = toMinorUnits(SECOND_APPROVAL_THRESHOLDS[payment.currency]!, payment.currency);
      expect(payoutDecision!.required_approvals).toBe(payment.amount_minor >= threshold ? 2 : 1);
    }
    // Without approvers to credit, decided payouts carry no decision of ours.
    const decided = byProvider('kasha').filter(
      (item) => item.payment.direction === 'payout' && item.payment.provider_status !== 'PENDING',
    );
    expect(decided.every((item) => item.payoutDecision === null)).toBe(true);
  });

  it('credits decided payouts to the approvers, two distinct ones at or above the limit', () => {
    const approvers = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b'];
    const payouts = [...generatePayments({ ...base, payoutApproverIds: approvers })].filter(
      (item) => item.payment.direction === 'payout',
    );
    const decided = payouts.filter((item) => item.payoutDecision?.decided_action);
    expect(decided.length).toBeGreaterThan(50);
    for (const { payment, payoutDecision, payoutApprovals } of decided) {
      expect(approvers).toContain(payoutDecision!.decided_by);
      if (payoutDecision!.decided_action === 'DECLINE') {
        expect(payoutDecision).toMatchObject({ state: 'declined', decline_reason: expect.any(String) });
        // Failed by our own decision, as ingestion records it from the decision row.
        expect(payment).toMatchObject({ status: 'FAILED', provider_status: 'DECLINED', failure_category: 'merchant_declined' });
        continue;
      }
      expect(payment.failure_category).not.toBe('merchant_declined');
      expect(new Set(payoutApprovals.map((approval) => approval.user_id)).size).toBe(
        payoutDecision!.required_approvals,
      );
      expect(payoutApprovals[payoutApprovals.length - 1]!.user_id).toBe(payoutDecision!.decided_by);
      expect(payoutApprovals.every((approval) => approval.created_at <= payoutDecision!.decided_at!)).toBe(true);
    }
    expect(decided.some((item) => item.payoutDecision!.required_approvals === 2)).toBe(true);
  });

  it('gives each payment the status, times and failure of its last event', () => {
    for (const { payment, events } of sample) {
      const last = events[events.length - 1]!;
      expect(payment).toMatchObject({
        status: last.status,
        provider_status: last.provider_status,
        detailed_status: last.detailed_status,
        phase: last.phase,
        failure_category: last.failure_category,
        failure_codes: last.failure_codes,
        status_at: last.occurred_at,
        status_event_key: last.event_key,
      });
      expect(payment.created_at.getTime()).toBeLessThanOrEqual(events[0]!.occurred_at.getTime());
      const completed = events.find((event) => event.status === 'COMPLETED');
      expect(payment.completed_at).toEqual(completed ? completed.occurred_at : null);
      const isOpen = payment.status === 'PENDING' || payment.status === 'UNKNOWN';
      expect(payment.next_check_at !== null).toBe(isOpen);
      if (payment.next_check_at) expect(payment.next_check_at.getTime()).toBeGreaterThan(now.getTime());
      for (const event of events) {
        expect(event.recorded_at.getTime()).toBeGreaterThanOrEqual(event.occurred_at.getTime());
        expect(event.recorded_at.getTime()).toBeLessThanOrEqual(now.getTime());
      }
      expect(new Set(events.map((event) => event.event_key)).size).toBe(events.length);
      expect(payment.customer_name_search).toBe(normalizeForSearch(payment.customer_name));
      expect(payment.customer_email).toBe(payment.customer_email.toLowerCase());
    }
    expect(sample.some((item) => item.payment.status === 'UNKNOWN')).toBe(true);
    expect(sample.some((item) => item.payment.status === 'PENDING')).toBe(true);
  });

  it('keeps amounts as whole minor units that match each provider’s decimal amount', () => {
    const currencies = new Set<string>();
    for (const { payment, events } of sample) {
      currencies.add(payment.currency);
      expect(Number.isSafeInteger(payment.amount_minor)).toBe(true);
      expect(payment.amount_minor).toBeGreaterThan(0);
      const payload = events[events.length - 1]!.payload as Record<string, unknown>;
      if (payment.provider === 'kasha')
        expect(toMinorUnits(payload['paymentAmount'] as number, payment.currency)).toBe(payment.amount_minor);
      if (payment.provider === 'klavi') expect(payload['amount']).toBe(fromMinorUnits(payment.amount_minor, 'BRL'));
    }
    expect([...currencies].map((currency) => currencyExponent(currency))).toEqual(expect.arrayContaining([0, 2, 3]));
  });

  it('writes customers with names of their country, accents kept, and returning customers', () => {
    const names = sample.map((item) => item.payment.customer_name);
    expect(names.some((name) => /[ãçéíóúüöäßłñ]/i.test(name))).toBe(true);
    const perUser = new Map<string, string>();
    for (const { payment } of sample) {
      const seen = perUser.get(payment.merchant_user_id);
      if (seen !== undefined) expect(seen).toBe(`${payment.customer_name}|${payment.customer_email}`);
      perUser.set(payment.merchant_user_id, `${payment.customer_name}|${payment.customer_email}`);
    }
    expect(perUser.size).toBeLessThan(sample.length * 0.7);
    for (const { payment } of sample)
      if (payment.customer_phone) expect(payment.customer_phone).toMatch(/^\+\d{9,14}$/);
  });
});

/**
 * Loading queues the analytics deltas of its payments and applies them before it returns:
 * nothing left queued, and every payment in the analytics (the hour rows of the smallest set).
 */
async function analyticsCounts(database: TestDatabase): Promise<{ queued: number; counted: number }> {
  const result = await sql<{ queued: number; counted: number }>`
    SELECT (SELECT count(*) FROM analytics_pending)::int AS queued,
           (SELECT coalesce(sum(payments), 0) FROM payment_status_rollup WHERE grain = 'h' AND dims_set = 3)::int AS counted`.execute(database.db);
  return result.rows[0]!;
}

describe('loading generated payments', () => {
  let database: TestDatabase;
  let staffId: string;
  let staffIds: string[];
  beforeAll(async () => {
    database = await createTestDatabase();
    const staff = await database.db
      .insertInto('staff_users')
      .values([
        { email: 'finance@example.com', name: 'Fiona Finance', role: 'finance', password_hash: 'x' },
        { email: 'finance2@example.com', name: 'Frank Finance', role: 'finance', password_hash: 'x' },
      ])
      .returning('id')
      .execute();
    staffIds = staff.map((row) => row.id);
    staffId = staffIds[0]!;
  });
  afterAll(async () => database?.destroy());

  it('loads the demo set once, with its events, decisions, approvals and refunds', async () => {
    expect(await isDemoDataLoaded(database.db)).toBe(false);
    const options = { now, count: 500, days: 60, seed: 99, refundRequestedBy: staffId, payoutApproverIds: staffIds };
    const counts = await loadDemoData(database.db, options);
    const expected = [...generatePayments({ ...options, refundRequestedRole: 'support' })];
    expect(counts).toEqual({
      skipped: false,
      payments: 500,
      events: expected.reduce((sum, item) => sum + item.events.length, 0),
      payoutDecisions: expected.filter((item) => item.payoutDecision).length,
      payoutApprovals: expected.reduce((sum, item) => sum + item.payoutApprovals.length, 0),
      refunds: expected.filter((item) => item.refund).length,
    });
    const tables = await sql<{
      payments: number;
      events: number;
      decisions: number;
      approvals: number;
      refunds: number;
    }>`
      SELECT (SELECT count(*) FROM payments)::int AS payments, (SELECT count(*) FROM payment_events)::int AS events,
             (SELECT count(*) FROM payout_decisions)::int AS decisions, (SELECT count(*) FROM payout_approvals)::int AS approvals,
             (SELECT count(*) FROM refunds)::int AS refunds`.execute(database.db);
    expect(tables.rows[0]).toEqual({
      payments: counts.payments,
      events: counts.events,
      decisions: counts.payoutDecisions,
      approvals: counts.payoutApprovals,
      refunds: counts.refunds,
    });
    expect(counts.payoutDecisions).toBeGreaterThan(0);
    expect(await analyticsCounts(database)).toEqual({ queued: 0, counted: 500 });
    expect(await isDemoDataLoaded(database.db)).toBe(true);
    expect(await loadDemoData(database.db, options)).toMatchObject({ skipped: true, payments: 0 });
  });

  it('stores every generated column as generated', async () => {
    const expected = [
      ...generatePayments({
        now,
        count: 500,
        days: 60,
        seed: 99,
        refundRequestedBy: staffId,
        payoutApproverIds: staffIds,
      }),
    ];
    const rows = await database.db.selectFrom('payments').selectAll().orderBy('created_at').execute();
    for (const [index, row] of rows.entries()) {
      const { check_attempts, ...generated } = expected[index]!.payment;
      expect(row).toMatchObject({ ...generated, check_attempts, manual_resolution: null });
    }
    const someEvents = expected[7]!.events;
    const stored = await database.db
      .selectFrom('payment_events')
      .select(['event_key', 'source', 'status', 'failure_codes', 'occurred_at', 'recorded_at', 'payload'])
      .where('payment_id', '=', expected[7]!.payment.id)
      .orderBy('occurred_at')
      .execute();
    expect(stored).toEqual(
      someEvents.map(({ event_key, source, status, failure_codes, occurred_at, recorded_at, payload }) => ({
        event_key,
        source,
        status,
        failure_codes,
        occurred_at,
        recorded_at,
        payload,
      })),
    );
  });

  it('leaves the status rollup equal to counting the payments themselves, in every grain', async () => {
    // The finest grouping set (every dimension and the failure category) of each grain against
    // a GROUP BY over payments; days and weeks in the analytics zone, hours in UTC.
    const mismatches = await sql<{ grain: string; n: number }>`
      WITH grains(grain) AS (VALUES ('h'), ('d'), ('w')),
      naive AS (
        SELECT g.grain,
               CASE g.grain WHEN 'h' THEN date_trunc('hour', created_at, 'UTC')
                            WHEN 'd' THEN date_trunc('day', created_at, z.time_zone)
                            ELSE date_trunc('week', created_at, z.time_zone) END AS bucket,
               provider, direction, method, coalesce(country, '') AS country, currency, coalesce(bank_id, '') AS bank_id,
               status, coalesce(failure_category, '') AS failure_category, count(*)::bigint AS payments, sum(amount_minor)::bigint AS amount_minor
          FROM payments CROSS JOIN grains AS g CROSS JOIN analytics_settings AS z
         GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
      rollup AS (
        SELECT grain, bucket, provider, direction, method, country, currency, bank_id, status, failure_category, payments, amount_minor
          FROM payment_status_rollup WHERE dims_set = 127 AND payments <> 0)
      SELECT grains.grain, (SELECT count(*)::int FROM (
               (SELECT * FROM naive WHERE grain = grains.grain EXCEPT SELECT * FROM rollup WHERE grain = grains.grain)
               UNION ALL (SELECT * FROM rollup WHERE grain = grains.grain EXCEPT SELECT * FROM naive WHERE grain = grains.grain)) AS diff) AS n
        FROM grains ORDER BY 1`.execute(database.db);
    expect(mismatches.rows).toEqual([
      { grain: 'd', n: 0 },
      { grain: 'h', n: 0 },
      { grain: 'w', n: 0 },
    ]);
    // What the overview shows: all time per provider and status.
    const overview = await readStatusTotals(database.db);
    const naive = await database.db
      .selectFrom('payments')
      .select(['provider', 'status', sql<number>`count(*)::bigint`.as('payments')])
      .groupBy(['provider', 'status'])
      .orderBy('provider')
      .orderBy('status')
      .execute();
    expect(overview).toEqual(naive);
    expect(overview.reduce((sum, row) => sum + row.payments, 0)).toBe(500);
  });
});

describe('loading at scale', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.destroy());

  it('loads in parallel ranges exactly what one run would generate', async () => {
    const options = { seed: 7, count: 400, now, days: 30 };
    const counts = await loadScaleData(database.db, { ...options, connections: 2, batchSize: 150 });
    const expected = [...generatePayments(options)];
    expect(counts.payments).toBe(400);
    expect(counts.events).toBe(expected.reduce((sum, item) => sum + item.events.length, 0));
    const ids = await database.db.selectFrom('payments').select('id').orderBy('created_at').execute();
    expect(ids.map((row) => row.id)).toEqual(expected.map((item) => item.payment.id));
    expect(await analyticsCounts(database)).toEqual({ queued: 0, counted: 400 });
  });

  it('loads nothing from an empty source', async () => {
    expect(await loadGenerated(database.db, [])).toEqual({
      payments: 0,
      events: 0,
      payoutDecisions: 0,
      payoutApprovals: 0,
      refunds: 0,
    });
  });
});

describe('payments created in the last moments before now', () => {
  it('still get their first status, for every provider', () => {
    const now = new Date('2026-11-21T12:00:00Z');
    // A tiny window ending at `now`: most first statuses would fall after it.
    for (const generated of generatePayments({ seed: 5, count: 400, now, days: 1 / (24 * 3600) })) {
      expect(generated.events.length).toBeGreaterThan(0);
      for (const event of generated.events) expect(new Date(event.occurred_at as Date | string).getTime()).toBeLessThanOrEqual(now.getTime());
    }
  });
});
