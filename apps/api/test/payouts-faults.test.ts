import { countOutboxByState } from '@paydesk/db';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from '@paydesk/db/testing';
import { financeLimits } from '@paydesk/domain';
import { KASHA_PATHS, type KashaClient } from '@paydesk/providers';
import type { KashaSandbox } from '@paydesk/providers/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderGateway } from '../src/providers/provider-gateway.ts';
import { createTestCaller } from '../src/testing.ts';
import { makeStaffUser } from './support/factories.ts';
import { drainOutbox, makeSandboxPayouts, recordPayouts, startKasha } from './support/finance.ts';

// 1,000 payout decisions go to a Kasha that fails 30 % of all calls — 5xx (half of them
// after applying the call), timeouts after applying it, and connections cut after applying
// it — lookups included. Every decision must end settled with exactly one effect at Kasha.
const DECISIONS = 1000;
const DECLINES = 250;
// Three independent rolls of 11.25 % fail 1 − 0.8875³ ≈ 30 % of requests.
const FAULTS = { errorRate5xx: 0.1125, timeoutRate: 0.1125, dropConnectionRate: 0.1125 };

let database: TestDatabase;
let sandbox: KashaSandbox;
let gateway: ProviderGateway;
let client: KashaClient;
let finance: Awaited<ReturnType<typeof makeStaffUser>>;

beforeAll(async () => {
  database = await createTestDatabase();
  // A short client timeout: each injected timeout costs 250 ms instead of seconds.
  ({ sandbox, gateway, client } = await startKasha({ seed: 'payout-faults', timeoutMs: 250 }));
  finance = await makeStaffUser(database.db, 'finance');
}, 120_000);
afterAll(async () => {
  await sandbox?.close();
  await database?.destroy();
});

describe(`${DECISIONS} payout decisions against a Kasha that fails 30 % of calls`, () => {
  it('all end settled, each with exactly one effect at Kasha and none doubled', async () => {
    const created = await makeSandboxPayouts(client, DECISIONS);
    const rows = await recordPayouts(database.db, sandbox, created);
    const caller = createTestCaller({ db: database.db, finance: financeLimits() }, { user: finance });
    const declined = new Set(rows.slice(0, DECLINES).map((r) => r.id));
    for (let i = 0; i < rows.length; i += 250) {
      const batch = rows.slice(i, i + 250);
      const approve = batch.filter((r) => !declined.has(r.id)).map((r) => r.id);
      const decline = batch.filter((r) => declined.has(r.id)).map((r) => r.id);
      if (approve.length > 0) expect((await caller.payouts.decide({ ids: approve, action: 'APPROVE' })).sent).toBe(approve.length);
      if (decline.length > 0) expect((await caller.payouts.decide({ ids: decline, action: 'DECLINE', reason: 'Fault test decline' })).sent).toBe(decline.length);
    }

    const firstRequest = sandbox.requests.length;
    sandbox.setFaults(FAULTS);
    const started = performance.now();
    const { rounds } = await drainOutbox({ db: database.db, gateway, concurrency: 16, timeoutMs: 280_000 });
    const seconds = (performance.now() - started) / 1000;
    sandbox.setFaults({});

    const requests = sandbox.requests.slice(firstRequest);
    const faulted = requests.filter((r) => r.fault !== undefined);
    const byKind: Record<string, number> = {};
    for (const request of faulted) byKind[request.fault!] = (byKind[request.fault!] ?? 0) + 1;
    const confirmCalls = requests.filter((r) => r.path === KASHA_PATHS.confirmPayout).length;
    console.info(
      `faults on ${testDatabaseUrl ? 'PostgreSQL' : 'PGlite'}: ${requests.length} requests, ${faulted.length} faulted ` +
        `(${((100 * faulted.length) / requests.length).toFixed(1)} %: ${Object.entries(byKind)
          .map(([kind, count]) => `${kind} ${count}`)
          .join(', ')}), ${confirmCalls} confirm calls for ${DECISIONS} decisions, ${rounds} rounds, ${seconds.toFixed(1)} s`,
    );
    expect(faulted.length / requests.length).toBeGreaterThan(0.22);

    expect(await countOutboxByState(database.db)).toEqual({ succeeded: DECISIONS });
    const decisions = await database.db
      .selectFrom('payout_decisions as d')
      .innerJoin('payments as p', 'p.id', 'd.payment_id')
      .select(['d.payment_id', 'd.state', 'd.decided_action', 'p.provider_payment_id'])
      .where('d.payment_id', 'in', rows.map((r) => r.id))
      .execute();
    expect(decisions).toHaveLength(DECISIONS);
    let duplicates = 0;
    for (const decision of decisions) {
      const effects = sandbox.effects.list({ transactionId: decision.provider_payment_id });
      if (effects.length > 1) duplicates += 1;
      expect(effects).toHaveLength(1);
      expect(effects[0]!.kind).toBe(declined.has(decision.payment_id) ? 'payout.decline' : 'payout.approve');
      expect(decision.state).toBe(declined.has(decision.payment_id) ? 'declined' : 'processing');
    }
    expect(duplicates).toBe(0);
  }, 400_000);
});
