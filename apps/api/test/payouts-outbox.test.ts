import { createTestDatabase, type PaymentRow, type TestDatabase } from '@paydesk/db/testing';
import { financeLimits, payoutDecisionKey } from '@paydesk/domain';
import { KASHA_PATHS, kashaTransactionToEvent } from '@paydesk/providers';
import type { KashaSandbox } from '@paydesk/providers/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createProviderGateway, type ProviderGateway } from '../src/providers/provider-gateway.ts';
import { applyStatusEvents } from '../src/ingestion/apply-status-events.ts';
import { createTestCaller } from '../src/testing.ts';
import { makeStaffUser } from './support/factories.ts';
import { drainOutbox, makeSandboxPayouts, quietLog, recordPayouts, startKasha } from './support/finance.ts';
import type { KashaClient } from '@paydesk/providers';

let database: TestDatabase;
let sandbox: KashaSandbox;
let gateway: ProviderGateway;
let client: KashaClient;
let finance: Awaited<ReturnType<typeof makeStaffUser>>;
const limits = financeLimits({ secondApproval: { BRL: '6000' } });

beforeAll(async () => {
  database = await createTestDatabase();
  ({ sandbox, gateway, client } = await startKasha({ seed: 'payouts-outbox' }));
  finance = await makeStaffUser(database.db, 'finance');
});
afterAll(async () => {
  await sandbox?.close();
  await database?.destroy();
});
beforeEach(() => sandbox.setFaults({}));

async function decidedPayout(action: 'APPROVE' | 'DECLINE' = 'APPROVE'): Promise<PaymentRow> {
  const [created] = await makeSandboxPayouts(client, 1);
  const [payout] = await recordPayouts(database.db, sandbox, [created!]);
  const caller = createTestCaller({ db: database.db, finance: limits }, { user: finance });
  const answer = await caller.payouts.decide({ ids: [payout!.id], action, ...(action === 'DECLINE' ? { reason: 'Beneficiary mismatch' } : {}) });
  expect(answer.results[0]).toMatchObject({ ok: true, isSent: true });
  return payout!;
}

const decisionOf = (paymentId: string) => database.db.selectFrom('payout_decisions').selectAll().where('payment_id', '=', paymentId).executeTakeFirstOrThrow();
const commandOf = (paymentId: string) => database.db.selectFrom('outbox').selectAll().where('idempotency_key', '=', payoutDecisionKey(paymentId)).executeTakeFirstOrThrow();
const requestsTo = (path: string) => sandbox.requests.filter((r) => r.path === path).length;

describe('the outbox worker sending payout decisions to Kasha', () => {
  it('sends one APPROVE with the decision’s idempotency key and records Kasha’s PROCESSING on the decision and the timeline', async () => {
    const payout = await decidedPayout();
    const before = requestsTo(KASHA_PATHS.confirmPayout);
    await drainOutbox({ db: database.db, gateway });

    expect(requestsTo(KASHA_PATHS.confirmPayout) - before).toBe(1);
    const [effect] = sandbox.effects.list({ transactionId: payout.provider_payment_id });
    expect(effect).toMatchObject({ kind: 'payout.approve', idempotencyKey: payoutDecisionKey(payout.id) });
    expect(await commandOf(payout.id)).toMatchObject({ state: 'succeeded', result: { status: 'PROCESSING' } });
    expect(await decisionOf(payout.id)).toMatchObject({ state: 'processing', provider_answer: { status: 'PROCESSING', statusCode: '000' } });
    const events = await database.db.selectFrom('payment_events').select(['provider_status', 'source']).where('payment_id', '=', payout.id).execute();
    expect(events).toContainEqual({ provider_status: 'PROCESSING', source: 'lookup' });
    const outcome = await database.db.selectFrom('audit_log').selectAll().where('target_id', '=', payout.id).where('action', '=', 'payouts.outcome').execute();
    expect(outcome).toHaveLength(1);
    expect(outcome[0]).toMatchObject({ actor_id: null, outcome: 'success', after: { state: 'processing' } });
  });

  it('follows the later webhook: the processor completes the payout and the decision is paid out', async () => {
    const payout = await decidedPayout();
    sandbox.forceNextOutcome({ kind: 'payout', status: 'COMPLETED' });
    await drainOutbox({ db: database.db, gateway });
    await sandbox.advance(120_000);
    // What the webhook carries is the transaction object; applying it is what the inbox does.
    const tx = await client.getTransaction(payout.provider_payment_id);
    expect(tx.status).toBe('COMPLETED');
    await applyStatusEvents(database.db, { provider: 'kasha', providerPaymentId: tx.id, events: [kashaTransactionToEvent(tx, 'webhook')], now: new Date() });
    expect(await decisionOf(payout.id)).toMatchObject({ state: 'completed' });
    const payment = await database.db.selectFrom('payments').select('status').where('id', '=', payout.id).executeTakeFirstOrThrow();
    expect(payment.status).toBe('COMPLETED');
  });

  it('sends a DECLINE and records the payout as declined', async () => {
    const payout = await decidedPayout('DECLINE');
    await drainOutbox({ db: database.db, gateway });
    expect(sandbox.effects.list({ transactionId: payout.provider_payment_id }).map((e) => e.kind)).toEqual(['payout.decline']);
    expect(await decisionOf(payout.id)).toMatchObject({ state: 'declined' });
  });

  it('never sends again after a timeout: it looks the payout up, finds it PROCESSING, and settles with one call', async () => {
    const payout = await decidedPayout();
    sandbox.injectFault({ kind: 'timeout', path: KASHA_PATHS.confirmPayout });
    const before = requestsTo(KASHA_PATHS.confirmPayout);
    await drainOutbox({ db: database.db, gateway });
    expect(requestsTo(KASHA_PATHS.confirmPayout) - before).toBe(1);
    expect(sandbox.effects.count({ transactionId: payout.provider_payment_id })).toBe(1);
    expect(await commandOf(payout.id)).toMatchObject({ state: 'succeeded', result: { lookup: { status: 'PROCESSING' } } });
    expect(await decisionOf(payout.id)).toMatchObject({ state: 'processing' });
  });

  it('sends again, with the same key, only after a lookup proved a 5xx left the payout PENDING', async () => {
    const payout = await decidedPayout();
    sandbox.injectFault({ kind: 'error5xx', status: 503, afterProcessing: false, path: KASHA_PATHS.confirmPayout });
    const before = requestsTo(KASHA_PATHS.confirmPayout);
    await drainOutbox({ db: database.db, gateway });
    expect(requestsTo(KASHA_PATHS.confirmPayout) - before).toBe(2);
    const effects = sandbox.effects.list({ transactionId: payout.provider_payment_id });
    expect(effects).toHaveLength(1);
    expect(effects[0]!.idempotencyKey).toBe(payoutDecisionKey(payout.id));
    expect(await decisionOf(payout.id)).toMatchObject({ state: 'processing' });
  });

  it('settles a 5xx that came after Kasha applied the approval without a second call', async () => {
    const payout = await decidedPayout();
    sandbox.injectFault({ kind: 'error5xx', status: 502, afterProcessing: true, path: KASHA_PATHS.confirmPayout });
    const before = requestsTo(KASHA_PATHS.confirmPayout);
    await drainOutbox({ db: database.db, gateway });
    expect(requestsTo(KASHA_PATHS.confirmPayout) - before).toBe(1);
    expect(sandbox.effects.count({ transactionId: payout.provider_payment_id })).toBe(1);
    expect(await decisionOf(payout.id)).toMatchObject({ state: 'processing' });
  });

  it('keeps the decision open, retrying later, while a lookup itself fails', async () => {
    const payout = await decidedPayout();
    sandbox.injectFault({ kind: 'timeout', path: KASHA_PATHS.confirmPayout });
    // The lookups fail twice with a 500 (not retried by the client), then answer.
    sandbox.injectFault({ kind: 'error5xx', status: 500, path: /^\/v2\/transactions\//, times: 2 });
    await drainOutbox({ db: database.db, gateway });
    expect(sandbox.effects.count({ transactionId: payout.provider_payment_id })).toBe(1);
    expect(await commandOf(payout.id)).toMatchObject({ state: 'succeeded' });
  });

  it('marks the decision failed, with Kasha’s reason, when Kasha refuses it', async () => {
    const payout = await decidedPayout();
    // Kasha no longer knows the transaction: a 404, a definite refusal.
    await database.db.updateTable('outbox').set({ payload: JSON.stringify({ transactionId: 'no-such-transaction', action: 'APPROVE' }) }).where('payment_id', '=', payout.id).execute();
    await drainOutbox({ db: database.db, gateway });
    expect(await commandOf(payout.id)).toMatchObject({ state: 'failed', last_error: expect.stringContaining('404') });
    expect(await decisionOf(payout.id)).toMatchObject({ state: 'failed', provider_answer: { refusal: { errorReason: 'Payout not found' } } });
    const outcome = await database.db.selectFrom('audit_log').selectAll().where('target_id', '=', payout.id).where('action', '=', 'payouts.outcome').executeTakeFirstOrThrow();
    expect(outcome.outcome).toBe('failure');
  });

  it('retries a call that never left (connection refused) and sends it once it can', async () => {
    const payout = await decidedPayout();
    let refusals = 1;
    const flaky: typeof fetch = async (input, init) => {
      if (refusals > 0 && String(input).includes(KASHA_PATHS.confirmPayout)) {
        refusals -= 1;
        throw Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
      }
      return fetch(input, init);
    };
    const settings = { kasha: { baseUrl: sandbox.url, apiKey: sandbox.credentials.apiKey, secret: sandbox.credentials.secret } };
    const flakyGateway = createProviderGateway(settings, { fetch: flaky, timeoutMs: 300, retry: { maxAttempts: 1 } });
    await drainOutbox({ db: database.db, gateway: flakyGateway });
    expect(refusals).toBe(0);
    expect(sandbox.effects.count({ transactionId: payout.provider_payment_id })).toBe(1);
    expect(await commandOf(payout.id)).toMatchObject({ state: 'succeeded', attempts: 2 });
  });

  it('leaves commands waiting when Kasha is not configured', async () => {
    const payout = await decidedPayout();
    const unconfigured = createProviderGateway({});
    await drainOutbox({ db: database.db, gateway: unconfigured, timeoutMs: 200 }).catch(() => undefined);
    expect(await commandOf(payout.id)).toMatchObject({ state: 'pending', attempts: 0 });
    await drainOutbox({ db: database.db, gateway, log: quietLog });
    expect(await commandOf(payout.id)).toMatchObject({ state: 'succeeded' });
  });
});
