import { createTestDatabase, testDatabaseUrl, type PaymentRow, type TestDatabase } from '@paydesk/db/testing';
import { financeLimits } from '@paydesk/domain';
import { KASHA_PATHS, type KashaClient } from '@paydesk/providers';
import type { KashaSandbox } from '@paydesk/providers/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderGateway } from '../src/providers/provider-gateway.ts';
import { startTestServer } from '../src/testing.ts';
import { makeStaffUser } from './support/factories.ts';
import { drainOutbox, inBatches, makeSandboxPayouts, recordPayouts, signedInBrowser, startKasha } from './support/finance.ts';
import type { TestBrowser } from './support/http-client.ts';

// Real concurrent HTTP requests from two signed-in finance users at a real API, on the
// database the run was given: PostgreSQL proves the claim (CI sets TEST_DATABASE_URL),
// PGlite must pass it too. 500 races per scenario, 16 races (32 requests) in flight at a time.
const RACES = 500;
const IN_FLIGHT = 16;
const RACE_TIMEOUT_MS = 300_000;

let database: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let sandbox: KashaSandbox;
let gateway: ProviderGateway;
let client: KashaClient;
let ana: TestBrowser;
let ben: TestBrowser;
// BRL needs two approvals from 6,000.00: R$250 payouts need one, R$7,000 payouts two.
const limits = financeLimits({ secondApproval: { BRL: '6000' } });
const timings: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer({ database, finance: limits });
  ({ sandbox, gateway, client } = await startKasha({ seed: 'payout-races' }));
  const anaUser = await makeStaffUser(database.db, 'finance');
  const benUser = await makeStaffUser(database.db, 'finance');
  ana = await signedInBrowser(server.url, anaUser);
  ben = await signedInBrowser(server.url, benUser);
}, 120_000);
afterAll(async () => {
  console.info(`payout races on ${testDatabaseUrl ? 'PostgreSQL' : 'PGlite'}: ${timings.join('; ')}`);
  await server?.close();
  await sandbox?.close();
  await database?.destroy();
});

async function payouts(count: number, amountMinor: number): Promise<PaymentRow[]> {
  const created = await makeSandboxPayouts(client, count, { amount: amountMinor / 100 });
  return recordPayouts(database.db, sandbox, created, { amountMinor });
}

type DecideAnswer = { results: Array<{ ok: boolean; code?: string; isSent?: boolean; state?: string }> };

async function decide(browser: TestBrowser, id: string, action: 'APPROVE' | 'DECLINE'): Promise<DecideAnswer['results'][number]> {
  const response = await browser.mutate('payouts.decide', { ids: [id], action, ...(action === 'DECLINE' ? { reason: 'Race test decline' } : {}) });
  if (response.status !== 200) throw new Error(`decide answered ${response.status}: ${JSON.stringify(response.error)}`);
  return (response.data as DecideAnswer).results[0]!;
}

function confirmCallsTo(transactionIds: ReadonlySet<string>): number {
  // The sandbox logs paths only; the effects ledger tells which transaction each applied call hit.
  return sandbox.effects.effects.filter((effect) => transactionIds.has(effect.transactionId) && effect.kind.startsWith('payout.')).length;
}

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  timings.push(`${label} ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

describe(`${RACES} races between two finance users on one payout`, () => {
  it('two concurrent approvals of the same payout: one decision each, exactly one APPROVE call per payout, no doubles', async () => {
    const rows = await payouts(RACES, 25_000);
    const confirmRequestsBefore = sandbox.requests.filter((r) => r.path === KASHA_PATHS.confirmPayout).length;
    const outcomes = await timed('approve vs approve', () => inBatches(rows, IN_FLIGHT, (row) => Promise.all([decide(ana, row.id, 'APPROVE'), decide(ben, row.id, 'APPROVE')])));

    for (const pair of outcomes) {
      expect(pair.filter((r) => r.ok && r.isSent)).toHaveLength(1);
      expect(pair.filter((r) => !r.ok).map((r) => r.code)).toEqual(['ALREADY_DECIDED']);
    }
    const ids = rows.map((r) => r.id);
    const commands = await database.db.selectFrom('outbox').select('payment_id').where('payment_id', 'in', ids).execute();
    expect(commands).toHaveLength(RACES);

    await timed('sending 500 approvals', () => drainOutbox({ db: database.db, gateway, timeoutMs: 120_000, concurrency: 16, isTimelineLookupOn: false }));
    const transactionIds = new Set(rows.map((r) => r.provider_payment_id));
    expect(confirmCallsTo(transactionIds)).toBe(RACES);
    expect(sandbox.requests.filter((r) => r.path === KASHA_PATHS.confirmPayout).length - confirmRequestsBefore).toBe(RACES);
    for (const id of transactionIds) expect(sandbox.effects.count({ transactionId: id, kind: 'payout.approve' })).toBe(1);
    const states = await database.db.selectFrom('payout_decisions').select('state').where('payment_id', 'in', ids).execute();
    expect(states.every((s) => s.state === 'processing')).toBe(true);
  }, RACE_TIMEOUT_MS);

  it('approve against decline on the same payout: one decision each, and Kasha gets exactly that one', async () => {
    const rows = await payouts(RACES, 25_000);
    const outcomes = await timed('approve vs decline', () => inBatches(rows, IN_FLIGHT, (row) => Promise.all([decide(ana, row.id, 'APPROVE'), decide(ben, row.id, 'DECLINE')])));
    let approvals = 0;
    for (const [approve, decline] of outcomes) {
      expect([approve!.ok, decline!.ok].filter(Boolean)).toHaveLength(1);
      if (approve!.ok) approvals += 1;
    }
    await timed('sending 500 decisions', () => drainOutbox({ db: database.db, gateway, timeoutMs: 120_000, concurrency: 16, isTimelineLookupOn: false }));

    const decisions = await database.db
      .selectFrom('payout_decisions as d')
      .innerJoin('payments as p', 'p.id', 'd.payment_id')
      .select(['d.decided_action', 'd.state', 'p.provider_payment_id'])
      .where('d.payment_id', 'in', rows.map((r) => r.id))
      .execute();
    expect(decisions).toHaveLength(RACES);
    for (const decision of decisions) {
      const effects = sandbox.effects.list({ transactionId: decision.provider_payment_id });
      expect(effects).toHaveLength(1);
      expect(effects[0]!.kind).toBe(decision.decided_action === 'APPROVE' ? 'payout.approve' : 'payout.decline');
      expect(decision.state).toBe(decision.decided_action === 'APPROVE' ? 'processing' : 'declined');
    }
    expect(decisions.filter((d) => d.decided_action === 'APPROVE')).toHaveLength(approvals);
    expect(confirmCallsTo(new Set(rows.map((r) => r.provider_payment_id)))).toBe(RACES);
  }, RACE_TIMEOUT_MS);

  it('above the limit, the same person approving twice at once is refused every time; a second person completes it once', async () => {
    const rows = await payouts(RACES, 700_000);
    const outcomes = await timed('same person twice', () => inBatches(rows, IN_FLIGHT, (row) => Promise.all([decide(ana, row.id, 'APPROVE'), decide(ana, row.id, 'APPROVE')])));
    for (const pair of outcomes) {
      expect(pair.filter((r) => r.ok).map((r) => [r.state, r.isSent])).toEqual([['awaiting_approval', false]]);
      expect(pair.filter((r) => !r.ok).map((r) => r.code)).toEqual(['SAME_APPROVER']);
    }
    const ids = rows.map((r) => r.id);
    expect(await database.db.selectFrom('outbox').select('id').where('payment_id', 'in', ids).execute()).toHaveLength(0);
    const approvals = await database.db.selectFrom('payout_approvals').select('payment_id').where('payment_id', 'in', ids).execute();
    expect(approvals).toHaveLength(RACES);

    // The first approver tries once more while a colleague gives the second approval.
    const seconds = await timed('first again vs second person', () => inBatches(rows, IN_FLIGHT, (row) => Promise.all([decide(ana, row.id, 'APPROVE'), decide(ben, row.id, 'APPROVE')])));
    for (const [again, second] of seconds) {
      expect(again).toMatchObject({ ok: false });
      expect(['SAME_APPROVER', 'ALREADY_DECIDED']).toContain(again!.code);
      expect(second).toMatchObject({ ok: true, isSent: true });
    }
    await drainOutbox({ db: database.db, gateway, timeoutMs: 120_000, concurrency: 16, isTimelineLookupOn: false });
    for (const row of rows) expect(sandbox.effects.count({ transactionId: row.provider_payment_id, kind: 'payout.approve' })).toBe(1);
  }, RACE_TIMEOUT_MS);
});
