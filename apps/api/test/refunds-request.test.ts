import { makePayment, createTestDatabase, type TestDatabase } from '@paydesk/db/testing';
import { financeLimits, refundKey } from '@paydesk/domain';
import { KASHA_PATHS, type KashaClient } from '@paydesk/providers';
import type { KashaSandbox } from '@paydesk/providers/sandbox';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderGateway } from '../src/providers/provider-gateway.ts';
import { createTestCaller } from '../src/testing.ts';
import { makeStaffUser } from './support/factories.ts';
import { drainOutbox, makeSandboxPayins, recordPayins, startKasha } from './support/finance.ts';

let database: TestDatabase;
let sandbox: KashaSandbox;
let gateway: ProviderGateway;
let client: KashaClient;
let support: Awaited<ReturnType<typeof makeStaffUser>>;
let finance: Awaited<ReturnType<typeof makeStaffUser>>;
let manager: Awaited<ReturnType<typeof makeStaffUser>>;
// Support refunds BRL up to 150.00 alone.
const limits = financeLimits({ supportRefund: { BRL: '150' } });

beforeAll(async () => {
  database = await createTestDatabase();
  ({ sandbox, gateway, client } = await startKasha({ seed: 'refunds-request' }));
  support = await makeStaffUser(database.db, 'support');
  finance = await makeStaffUser(database.db, 'finance');
  manager = await makeStaffUser(database.db, 'manager');
});
afterAll(async () => {
  await sandbox?.close();
  await database?.destroy();
});
beforeEach(() => sandbox.setFaults({}));

const callerFor = (user: typeof support, requestId = 'req-refund') => createTestCaller({ db: database.db, finance: limits }, { user, requestId, ip: '10.9.8.7' });

async function completedPayin(options: { amount?: number; amountMinor?: number } = {}) {
  const [created] = await makeSandboxPayins(client, sandbox, 1, options.amount === undefined ? {} : { amount: options.amount });
  const [payment] = await recordPayins(database.db, sandbox, [created!], options.amountMinor === undefined ? {} : { amountMinor: options.amountMinor });
  return payment!;
}

async function codeOf(promise: Promise<unknown>): Promise<[string | null, string]> {
  try {
    await promise;
    return [null, ''];
  } catch (error) {
    return error instanceof TRPCError ? [error.code, error.message] : ['UNEXPECTED', String(error)];
  }
}

const refundOf = (reference: string) => database.db.selectFrom('refunds').selectAll().where('merchant_reference', '=', reference).executeTakeFirst();

describe('checking a reference before a refund', () => {
  it('shows a completed Kasha pay-in as refundable, with its amount and customer', async () => {
    const payment = await completedPayin();
    const check = await callerFor(support).refunds.check({ reference: payment.merchant_reference! });
    expect(check.verdict).toMatchObject({ canRefund: true, code: 'REFUNDABLE' });
    expect(check.payment).toMatchObject({ id: payment.id, amountMinor: 13_025, currency: 'BRL', customerName: 'Helena Souza', provider: 'kasha' });
    expect(check.refund).toBeNull();
    expect(check.supportLimitMinor).toBe(15_000);
  });

  it('explains that Kashimi and Klavi have no refund, and what to do instead', async () => {
    const kashimi = await makePayment(database.db, { provider: 'kashimi', method: 'open_banking', merchant_reference: 'ORD-KASHIMI-1' });
    const klavi = await makePayment(database.db, { provider: 'klavi', method: 'pix', currency: 'BRL', merchant_reference: 'ORD-KLAVI-1' });
    const a = await callerFor(support).refunds.check({ reference: kashimi.merchant_reference! });
    expect(a.verdict).toMatchObject({ canRefund: false, code: 'NO_REFUND_API', advice: expect.stringContaining('SEPA') });
    const b = await callerFor(support).refunds.check({ reference: klavi.merchant_reference! });
    expect(b.verdict.advice).toContain('Pix');
    const [code, message] = await codeOf(callerFor(support).refunds.request({ reference: klavi.merchant_reference!, reason: 'Customer returned the goods' }));
    expect(code).toBe('BAD_REQUEST');
    expect(message).toContain('Pix');
  });

  it('says so when no payment has the reference', async () => {
    const check = await callerFor(support).refunds.check({ reference: 'NOPE-404' });
    expect(check).toMatchObject({ payment: null, verdict: { code: 'NOT_FOUND', canRefund: false } });
  });
});

describe('requesting a refund', () => {
  it('records the refund and queues it for Kasha with one audit row, and refuses a second one', async () => {
    const payment = await completedPayin();
    const reference = payment.merchant_reference!;
    const refund = await callerFor(support, 'req-first').refunds.request({ reference, reason: 'Customer returned the goods' });
    expect(refund).toMatchObject({ state: 'requested', amountMinor: 13_025, currency: 'BRL', requestedRole: 'support' });
    const command = await database.db.selectFrom('outbox').selectAll().where('idempotency_key', '=', refundKey(reference)).executeTakeFirstOrThrow();
    expect(command).toMatchObject({ kind: 'refund', state: 'pending', payload: { merchantReference: reference, transactionId: payment.provider_payment_id } });
    const audit = await database.db.selectFrom('audit_log').selectAll().where('target_id', '=', payment.id).execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_id: support.id,
      actor_role: 'support',
      action: 'refunds.request',
      outcome: 'success',
      ip: '10.9.8.7',
      request_id: 'req-first',
      details: { amountMinor: 13_025, currency: 'BRL', reason: 'Customer returned the goods' },
    });

    const [code] = await codeOf(callerFor(finance).refunds.request({ reference, reason: 'Asked again by phone' }));
    expect(code).toBe('CONFLICT');
    const check = await callerFor(finance).refunds.check({ reference });
    expect(check.verdict.code).toBe('REFUND_EXISTS');
    expect(check.refund).toMatchObject({ state: 'requested' });
  });

  it('sends support above its limit to finance, audited as denied, and lets finance refund it', async () => {
    const payment = await completedPayin({ amount: 200, amountMinor: 20_000 });
    const reference = payment.merchant_reference!;
    const [code, message] = await codeOf(callerFor(support).refunds.request({ reference, reason: 'Damaged on arrival' }));
    expect(code).toBe('FORBIDDEN');
    expect(message).toContain('R$150.00');
    const denied = await database.db.selectFrom('audit_log').selectAll().where('target_id', '=', reference).executeTakeFirstOrThrow();
    expect(denied).toMatchObject({ action: 'refunds.request', outcome: 'denied', actor_role: 'support', details: { code: 'ABOVE_LIMIT', amountMinor: 20_000 } });
    expect(await refundOf(reference)).toBeUndefined();
    await callerFor(finance).refunds.request({ reference, reason: 'Damaged on arrival' });
    expect(await refundOf(reference)).toMatchObject({ requested_role: 'finance' });
  });

  it('needs a reason', async () => {
    const payment = await completedPayin();
    const [code] = await codeOf(callerFor(support).refunds.request({ reference: payment.merchant_reference!, reason: ' ' }));
    expect(code).toBe('BAD_REQUEST');
  });

  it('is not open to managers, who may still read the refunds list', async () => {
    const [code] = await codeOf(callerFor(manager).refunds.request({ reference: 'anything', reason: 'Just because' }));
    expect(code).toBe('FORBIDDEN');
    await expect(callerFor(manager).refunds.list({})).resolves.toMatchObject({ rows: expect.any(Array) });
  });
});

describe('the refund going to Kasha', () => {
  it('is sent once, succeeds, and appears on the payment’s timeline and in the refunds list', async () => {
    const payment = await completedPayin();
    const reference = payment.merchant_reference!;
    await callerFor(support).refunds.request({ reference, reason: 'Order cancelled before shipping' });
    await drainOutbox({ db: database.db, gateway });

    expect(sandbox.effects.list({ merchantReference: reference })).toEqual([expect.objectContaining({ kind: 'refund', idempotencyKey: refundKey(reference) })]);
    expect(await refundOf(reference)).toMatchObject({ state: 'succeeded', provider_answer: { status: 'REFUNDED' } });
    const row = await database.db.selectFrom('payments').select('status').where('id', '=', payment.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('REFUNDED');
    const timeline = await database.db.selectFrom('payment_events').select('provider_status').where('payment_id', '=', payment.id).execute();
    expect(timeline.map((e) => e.provider_status)).toContain('REFUNDED');

    const list = await callerFor(manager).refunds.list({ reference });
    expect(list.rows).toEqual([
      expect.objectContaining({ state: 'succeeded', requestedBy: support.name, reason: 'Order cancelled before shipping', customerName: 'H. S.', delivery: 'succeeded' }),
    ]);
    const outcome = await database.db.selectFrom('audit_log').selectAll().where('target_id', '=', payment.id).where('action', '=', 'refunds.outcome').executeTakeFirstOrThrow();
    expect(outcome).toMatchObject({ outcome: 'success', details: { requestedBy: support.id, amountMinor: 13_025, reason: 'Order cancelled before shipping' } });
  });

  it('shows an uncertain outcome as unknown, then settles it by a lookup without a second refund call', async () => {
    const payment = await completedPayin();
    const reference = payment.merchant_reference!;
    await callerFor(support).refunds.request({ reference, reason: 'Charged twice by mistake' });
    sandbox.injectFault({ kind: 'dropConnection', path: KASHA_PATHS.refunds });
    const calls = () => sandbox.requests.filter((r) => r.path === KASHA_PATHS.refunds).length;
    const before = calls();
    // One round only: the call is cut after Kasha applied it.
    await drainOutbox({ db: database.db, gateway, maxRounds: 1 });
    expect(await refundOf(reference)).toMatchObject({ state: 'unknown' });
    const listed = await callerFor(support).refunds.list({ reference });
    expect(listed.rows[0]).toMatchObject({ state: 'unknown', delivery: 'unknown' });

    await drainOutbox({ db: database.db, gateway });
    expect(calls() - before).toBe(1);
    expect(sandbox.effects.count({ merchantReference: reference })).toBe(1);
    expect(await refundOf(reference)).toMatchObject({ state: 'succeeded' });
  });

  it('counts a refund Kasha reports as already refunded as done, not failed', async () => {
    const payment = await completedPayin();
    const reference = payment.merchant_reference!;
    // Someone refunded it in Kasha's portal; our data has not heard yet.
    await client.refundByReference({ merchantReference: reference }, { idempotencyKey: 'portal-refund' });
    await callerFor(finance).refunds.request({ reference, reason: 'Customer complaint' });
    await drainOutbox({ db: database.db, gateway });
    expect(sandbox.effects.count({ merchantReference: reference })).toBe(1);
    expect(await refundOf(reference)).toMatchObject({ state: 'succeeded', provider_answer: { alreadyRefunded: { status: 'REFUNDED' } } });
  });

  it('fails, with Kasha’s reason, when Kasha refuses the refund', async () => {
    const payment = await makePayment(database.db, { provider: 'kasha', direction: 'payin', status: 'COMPLETED', currency: 'BRL', amount_minor: 1_000 });
    const reference = payment.merchant_reference!;
    await callerFor(support).refunds.request({ reference, reason: 'Test of an unknown reference' });
    await drainOutbox({ db: database.db, gateway });
    expect(await refundOf(reference)).toMatchObject({ state: 'failed', provider_answer: { refusal: { errorReason: 'Transaction not found' } } });
    const outcome = await database.db.selectFrom('audit_log').selectAll().where('target_id', '=', payment.id).where('action', '=', 'refunds.outcome').executeTakeFirstOrThrow();
    expect(outcome.outcome).toBe('failure');
  });
});
