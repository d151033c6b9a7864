import { makePayment, createTestDatabase, type PaymentRow, type TestDatabase } from '@paydesk/db/testing';
import { financeLimits, payoutDecisionKey } from '@paydesk/domain';
import { TRPCError } from '@trpc/server';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../src/clock.ts';
import { createTestCaller } from '../src/testing.ts';
import { makeStaffUser } from './support/factories.ts';

let database: TestDatabase;
let finance: Awaited<ReturnType<typeof makeStaffUser>>;
let finance2: Awaited<ReturnType<typeof makeStaffUser>>;
let support: Awaited<ReturnType<typeof makeStaffUser>>;
let manager: Awaited<ReturnType<typeof makeStaffUser>>;
const now = new Date('2026-11-21T12:00:00Z');
const clock = manualClock(now);
// EUR needs two approvals from 1,000.00; payouts wait at most 4 hours for a decision.
const limits = financeLimits({ secondApproval: { EUR: '1000' }, payoutSlaHours: 4 });

beforeAll(async () => {
  database = await createTestDatabase();
  finance = await makeStaffUser(database.db, 'finance');
  finance2 = await makeStaffUser(database.db, 'finance');
  support = await makeStaffUser(database.db, 'support');
  manager = await makeStaffUser(database.db, 'manager');
});
afterAll(async () => database?.destroy());

const callerFor = (user: typeof finance, requestId = 'req-test') =>
  createTestCaller({ db: database.db, clock, finance: limits }, { user, requestId, ip: '10.1.2.3' });

const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);

async function pendingPayout(overrides: NonNullable<Parameters<typeof makePayment>[1]> = {}): Promise<PaymentRow> {
  const at = overrides.created_at ?? hoursAgo(1);
  return makePayment(database.db, {
    provider: 'kasha',
    direction: 'payout',
    method: 'bank_transfer',
    status: 'PENDING',
    provider_status: 'PENDING',
    amount_minor: 50_000,
    currency: 'EUR',
    country: 'ES',
    customer_name: 'Lucía Fernández',
    created_at: at,
    status_at: at,
    ...overrides,
  });
}

async function auditRows(paymentId: string) {
  return database.db.selectFrom('audit_log').selectAll().where('target_id', '=', paymentId).orderBy('id').execute();
}

async function outboxRows(paymentId: string) {
  return database.db.selectFrom('outbox').selectAll().where('payment_id', '=', paymentId).execute();
}

async function codeOf(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    return error instanceof TRPCError ? error.code : 'UNEXPECTED';
  }
}

describe('deciding a payout', () => {
  it('is refused to support: a support agent cannot approve a payout', async () => {
    const payout = await pendingPayout();
    expect(await codeOf(callerFor(support).payouts.decide({ ids: [payout.id], action: 'APPROVE' }))).toBe('FORBIDDEN');
    expect(await codeOf(callerFor(manager).payouts.decide({ ids: [payout.id], action: 'APPROVE' }))).toBe('FORBIDDEN');
    expect(await outboxRows(payout.id)).toEqual([]);
  });

  it('below the limit: one finance approval queues exactly one APPROVE for Kasha, with its audit row', async () => {
    const payout = await pendingPayout({ amount_minor: 99_999 });
    const answer = await callerFor(finance, 'req-approve-1').payouts.decide({ ids: [payout.id], action: 'APPROVE', reason: 'Checked the beneficiary' });
    expect(answer).toMatchObject({ sent: 1, awaitingSecond: 0, refused: 0 });
    expect(answer.results[0]).toMatchObject({ ok: true, state: 'approving', approvals: 1, requiredApprovals: 1, isSent: true });

    const decision = await database.db.selectFrom('payout_decisions').selectAll().where('payment_id', '=', payout.id).executeTakeFirstOrThrow();
    expect(decision).toMatchObject({ state: 'approving', decided_action: 'APPROVE', decided_by: finance.id, required_approvals: 1 });
    const [command] = await outboxRows(payout.id);
    expect(command).toMatchObject({
      kind: 'payout.confirm',
      idempotency_key: payoutDecisionKey(payout.id),
      state: 'pending',
      payload: { transactionId: payout.provider_payment_id, action: 'APPROVE' },
    });
    const audit = await auditRows(payout.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_id: finance.id,
      actor_role: 'finance',
      action: 'payouts.approve',
      outcome: 'success',
      ip: '10.1.2.3',
      request_id: 'req-approve-1',
      details: { amountMinor: 99_999, currency: 'EUR', reason: 'Checked the beneficiary', sentToKasha: 'APPROVE' },
    });
  });

  it('above the limit: the first approval is recorded as 1 of 2 and nothing is sent', async () => {
    const payout = await pendingPayout({ amount_minor: 100_000 });
    const first = await callerFor(finance).payouts.decide({ ids: [payout.id], action: 'APPROVE' });
    expect(first.results[0]).toMatchObject({ ok: true, state: 'awaiting_approval', approvals: 1, requiredApprovals: 2, isSent: false });
    expect(first.awaitingSecond).toBe(1);
    expect(await outboxRows(payout.id)).toEqual([]);

    const queue = await callerFor(finance2).payouts.queue({ currency: 'EUR', stage: 'second' });
    const row = queue.rows.find((r) => r.id === payout.id);
    expect(row).toMatchObject({ requiredApprovals: 2, approvals: [{ name: finance.name, isMine: false }] });
  });

  it('above the limit: the same person approving twice is refused, audited, and sends nothing', async () => {
    const payout = await pendingPayout({ amount_minor: 250_000 });
    await callerFor(finance).payouts.decide({ ids: [payout.id], action: 'APPROVE' });
    const again = await callerFor(finance).payouts.decide({ ids: [payout.id], action: 'APPROVE' });
    expect(again.results[0]).toMatchObject({ ok: false, code: 'SAME_APPROVER' });
    expect(await outboxRows(payout.id)).toEqual([]);
    const approvals = await database.db.selectFrom('payout_approvals').selectAll().where('payment_id', '=', payout.id).execute();
    expect(approvals.map((a) => a.user_id)).toEqual([finance.id]);
    const audit = await auditRows(payout.id);
    expect(audit.map((a) => [a.action, a.outcome])).toEqual([
      ['payouts.approve', 'success'],
      ['payouts.approve', 'denied'],
    ]);
    expect(audit[1]!.details).toMatchObject({ code: 'SAME_APPROVER', amountMinor: 250_000, currency: 'EUR' });
  });

  it('above the limit: a second, different finance user completes the approval and it is queued once', async () => {
    const payout = await pendingPayout({ amount_minor: 250_000 });
    await callerFor(finance).payouts.decide({ ids: [payout.id], action: 'APPROVE' });
    const second = await callerFor(finance2).payouts.decide({ ids: [payout.id], action: 'APPROVE' });
    expect(second.results[0]).toMatchObject({ ok: true, state: 'approving', approvals: 2, isSent: true });
    expect(await outboxRows(payout.id)).toHaveLength(1);
    const third = await callerFor(finance).payouts.decide({ ids: [payout.id], action: 'APPROVE' });
    expect(third.results[0]).toMatchObject({ ok: false, code: 'ALREADY_DECIDED' });
  });

  it('needs a reason to decline, records it, and then refuses an approval', async () => {
    const payout = await pendingPayout();
    expect(await codeOf(callerFor(finance).payouts.decide({ ids: [payout.id], action: 'DECLINE' }))).toBe('BAD_REQUEST');
    const declined = await callerFor(finance).payouts.decide({ ids: [payout.id], action: 'DECLINE', reason: 'Beneficiary name does not match the account' });
    expect(declined.results[0]).toMatchObject({ ok: true, state: 'declining', isSent: true });
    const decision = await database.db.selectFrom('payout_decisions').selectAll().where('payment_id', '=', payout.id).executeTakeFirstOrThrow();
    expect(decision).toMatchObject({ decided_action: 'DECLINE', decline_reason: 'Beneficiary name does not match the account', decided_by: finance.id });
    const approve = await callerFor(finance2).payouts.decide({ ids: [payout.id], action: 'APPROVE' });
    expect(approve.results[0]).toMatchObject({ ok: false, code: 'ALREADY_DECIDED' });
  });

  it('refuses a payout Kasha no longer shows as pending, and anything that is not a Kasha payout', async () => {
    const processing = await pendingPayout({ provider_status: 'PROCESSING' });
    const payin = await makePayment(database.db, { provider: 'kasha', direction: 'payin', status: 'COMPLETED' });
    const answer = await callerFor(finance).payouts.decide({ ids: [processing.id, payin.id], action: 'APPROVE' });
    expect(answer.results.map((r) => (r.ok ? 'ok' : r.code))).toEqual(['NOT_PENDING_AT_KASHA', 'NOT_A_KASHA_PAYOUT']);
  });

  it('reports a result per payout when some of many fail', async () => {
    const a = await pendingPayout({ amount_minor: 10_000 });
    const b = await pendingPayout({ amount_minor: 20_000 });
    await callerFor(finance2).payouts.decide({ ids: [b.id], action: 'DECLINE', reason: 'Duplicate request' });
    const answer = await callerFor(finance).payouts.decide({ ids: [a.id, b.id], action: 'APPROVE' });
    expect(answer.results).toEqual([
      expect.objectContaining({ id: a.id, ok: true, isSent: true }),
      expect.objectContaining({ id: b.id, ok: false, code: 'ALREADY_DECIDED' }),
    ]);
    expect(answer).toMatchObject({ sent: 1, refused: 1 });
  });
});

describe('the payout queue', () => {
  let fresh: TestDatabase;
  const rows: PaymentRow[] = [];
  const queueCaller = (user: typeof finance) => createTestCaller({ db: fresh.db, clock, finance: limits }, { user });

  beforeAll(async () => {
    fresh = await createTestDatabase();
    for (const user of [finance, finance2, manager]) {
      await fresh.db.insertInto('staff_users').values({ id: user.id, email: user.email, name: user.name, role: user.role, password_hash: 'x' }).execute();
    }
    const make = (overrides: NonNullable<Parameters<typeof makePayment>[1]>) => {
      const at = overrides.created_at!;
      return makePayment(fresh.db, {
        provider: 'kasha',
        direction: 'payout',
        method: 'bank_transfer',
        status: 'PENDING',
        provider_status: 'PENDING',
        customer_name: 'Lucía Fernández',
        country: 'ES',
        status_at: at,
        ...overrides,
      });
    };
    rows.push(await make({ created_at: hoursAgo(9), amount_minor: 150_000, currency: 'EUR' }));
    rows.push(await make({ created_at: hoursAgo(5), amount_minor: 2_000, currency: 'EUR' }));
    rows.push(await make({ created_at: hoursAgo(3), amount_minor: 900_000, currency: 'BRL', country: 'BR', method: 'local_method' }));
    rows.push(await make({ created_at: hoursAgo(2), amount_minor: 7_500, currency: 'EUR' }));
    rows.push(await make({ created_at: hoursAgo(1), amount_minor: 5_000_000, currency: 'JPY', country: 'JP' }));
    // Not in the queue: a pay-in, a payout Kasha already processes, a completed one.
    await make({ created_at: hoursAgo(4), direction: 'payin', amount_minor: 1 });
    await make({ created_at: hoursAgo(4), provider_status: 'PROCESSING' });
    await make({ created_at: hoursAgo(4), status: 'COMPLETED', provider_status: 'COMPLETED' });
  });
  afterAll(async () => fresh?.destroy());

  it('lists Kasha payouts awaiting a decision, oldest first, with their SLA deadline', async () => {
    const queue = await queueCaller(finance).payouts.queue({});
    expect(queue.rows.map((r) => r.id)).toEqual(rows.map((r) => r.id));
    expect(queue.slaHours).toBe(4);
    const [oldest, , , newest] = queue.rows;
    expect(oldest).toMatchObject({ isOverdue: true, dueAt: new Date(hoursAgo(9).getTime() + 4 * 3_600_000).toISOString(), beneficiary: 'Lucía Fernández' });
    expect(newest).toMatchObject({ isOverdue: false });
  });

  it('pages by keyset without repeating or skipping a payout, in every sort order', async () => {
    for (const sort of ['oldest', 'newest', 'amount_desc', 'amount_asc'] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await queueCaller(finance).payouts.queue({ sort, limit: 2, cursor });
        seen.push(...page.rows.map((r) => r.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(new Set(seen).size, sort).toBe(rows.length);
      expect(seen).toHaveLength(rows.length);
    }
    const byAmount = await queueCaller(finance).payouts.queue({ sort: 'amount_desc' });
    expect(byAmount.rows[0]!.amountMinor).toBe(5_000_000);
  });

  it('filters by currency, country, method, overdue and approvals needed', async () => {
    const ids = async (filter: Parameters<ReturnType<typeof queueCaller>['payouts']['queue']>[0]) =>
      (await queueCaller(finance).payouts.queue(filter)).rows.map((r) => r.id);
    expect(await ids({ currency: 'EUR' })).toEqual([rows[0]!.id, rows[1]!.id, rows[3]!.id]);
    expect(await ids({ country: 'br' })).toEqual([rows[2]!.id]);
    expect(await ids({ method: 'local_method' })).toEqual([rows[2]!.id]);
    expect(await ids({ isOverdue: true })).toEqual([rows[0]!.id, rows[1]!.id]);
    // EUR from 1,000.00 and BRL from 6,000.00 need two; JPY 5,000,000 is above 170,000.
    expect(await ids({ needsTwo: true })).toEqual([rows[0]!.id, rows[2]!.id, rows[4]!.id]);
  });

  it('sums the matching payouts per currency, in integer minor units', async () => {
    const summary = await queueCaller(finance).payouts.summary({});
    expect(summary).toEqual({
      count: 5,
      isCountCapped: false,
      totals: [
        { currency: 'BRL', count: 1, amountMinor: 900_000 },
        { currency: 'EUR', count: 3, amountMinor: 159_500 },
        { currency: 'JPY', count: 1, amountMinor: 5_000_000 },
      ],
    });
  });

  it('shows beneficiaries as initials to a manager, who has no personal data', async () => {
    const queue = await queueCaller(manager).payouts.queue({ limit: 1 });
    expect(queue.rows[0]!.beneficiary).toBe('L. F.');
  });

  it('previews a bulk decision with its count and total per currency, and says why any are skipped', async () => {
    const preview = await queueCaller(finance).payouts.preview({ action: 'APPROVE', ids: [rows[1]!.id, rows[3]!.id, rows[2]!.id] });
    expect(preview).toMatchObject({
      count: 3,
      sendsNow: 2,
      totals: [
        { currency: 'BRL', count: 1, amountMinor: 900_000 },
        { currency: 'EUR', count: 2, amountMinor: 9_500 },
      ],
      skipped: [],
    });
    const all = await queueCaller(finance).payouts.preview({ action: 'DECLINE', matching: { currency: 'EUR' } });
    expect(all.count).toBe(3);
  });

  it('drops a payout from the queue the moment a colleague decides it', async () => {
    const target = rows[3]!;
    await queueCaller(finance2).payouts.decide({ ids: [target.id], action: 'APPROVE' });
    const queue = await queueCaller(finance).payouts.queue({});
    expect(queue.rows.map((r) => r.id)).not.toContain(target.id);
    const preview = await queueCaller(finance).payouts.preview({ action: 'APPROVE', ids: [target.id] });
    expect(preview.skipped).toEqual([{ id: target.id, merchantReference: target.merchant_reference, problem: 'No longer awaiting a decision.' }]);
    const history = await queueCaller(manager).payouts.history({});
    expect(history.rows[0]).toMatchObject({ id: target.id, action: 'APPROVE', decidedBy: finance2.name, state: 'approving', delivery: 'pending' });
  });
});

describe('the payout tables', () => {
  it('refuse a decision without an action outside awaiting, and a decline without a reason', async () => {
    const payout = await pendingPayout();
    await database.db.insertInto('payout_decisions').values({ payment_id: payout.id, state: 'awaiting_approval', required_approvals: 1 }).execute();
    await expect(sql`UPDATE payout_decisions SET state = 'approving' WHERE payment_id = ${payout.id}`.execute(database.db)).rejects.toThrow(/payout_decisions_action_check/);
    await expect(
      sql`UPDATE payout_decisions SET state = 'declining', decided_action = 'DECLINE' WHERE payment_id = ${payout.id}`.execute(database.db),
    ).rejects.toThrow(/payout_decisions_decline_reason_check/);
    await expect(sql`UPDATE payout_decisions SET state = 'maybe', decided_action = 'APPROVE' WHERE payment_id = ${payout.id}`.execute(database.db)).rejects.toThrow(/payout_decisions_state_check/);
  });
});
