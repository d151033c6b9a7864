import { countOutboxByState } from '@paydesk/db';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from '@paydesk/db/testing';
import { financeLimits } from '@paydesk/domain';
import { KASHA_PATHS, type KashaClient } from '@paydesk/providers';
import type { KashaSandbox } from '@paydesk/providers/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderGateway } from '../src/providers/provider-gateway.ts';
import { createTestCaller } from '../src/testing.ts';
import { makeStaffUser } from './support/factories.ts';
import { drainOutbox, makeSandboxPayins, recordPayins, startKasha } from './support/finance.ts';

// 500 refunds go to a Kasha that fails 30 % of all calls (5xx, timeouts and cut connections,
// most of them after applying the call). Each must end refunded, with one refund at Kasha.
const REFUNDS = 500;
const FAULTS = { errorRate5xx: 0.1125, timeoutRate: 0.1125, dropConnectionRate: 0.1125 };

let database: TestDatabase;
let sandbox: KashaSandbox;
let gateway: ProviderGateway;
let client: KashaClient;

beforeAll(async () => {
  database = await createTestDatabase();
  ({ sandbox, gateway, client } = await startKasha({ seed: 'refund-faults', timeoutMs: 250 }));
}, 120_000);
afterAll(async () => {
  await sandbox?.close();
  await database?.destroy();
});

describe(`${REFUNDS} refunds against a Kasha that fails 30 % of calls`, () => {
  it('all end refunded, each reference refunded exactly once at Kasha', async () => {
    const created = await makeSandboxPayins(client, sandbox, REFUNDS);
    const payments = await recordPayins(database.db, sandbox, created);
    const support = await makeStaffUser(database.db, 'support');
    const caller = createTestCaller({ db: database.db, finance: financeLimits() }, { user: support });
    for (const payment of payments) await caller.refunds.request({ reference: payment.merchant_reference!, reason: 'Fault test refund' });

    const firstRequest = sandbox.requests.length;
    sandbox.setFaults(FAULTS);
    const started = performance.now();
    await drainOutbox({ db: database.db, gateway, concurrency: 16, timeoutMs: 280_000 });
    const seconds = (performance.now() - started) / 1000;
    sandbox.setFaults({});

    const requests = sandbox.requests.slice(firstRequest);
    const faulted = requests.filter((r) => r.fault !== undefined).length;
    const refundCalls = requests.filter((r) => r.path === KASHA_PATHS.refunds).length;
    console.info(
      `refund faults on ${testDatabaseUrl ? 'PostgreSQL' : 'PGlite'}: ${requests.length} requests, ${faulted} faulted ` +
        `(${((100 * faulted) / requests.length).toFixed(1)} %), ${refundCalls} refund calls for ${REFUNDS} refunds, ${seconds.toFixed(1)} s`,
    );
    expect(faulted / requests.length).toBeGreaterThan(0.22);
    expect(await countOutboxByState(database.db)).toEqual({ succeeded: REFUNDS });
    const states = await database.db.selectFrom('refunds').select('state').execute();
    expect(states.every((r) => r.state === 'succeeded')).toBe(true);
    for (const payment of payments) expect(sandbox.effects.count({ kind: 'refund', merchantReference: payment.merchant_reference! })).toBe(1);
  }, 400_000);
});
