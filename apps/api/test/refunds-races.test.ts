import { createTestDatabase, testDatabaseUrl, type TestDatabase } from '@paydesk/db/testing';
import { financeLimits, refundKey } from '@paydesk/domain';
import { KASHA_PATHS, type KashaClient } from '@paydesk/providers';
import type { KashaSandbox } from '@paydesk/providers/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderGateway } from '../src/providers/provider-gateway.ts';
import { startTestServer } from '../src/testing.ts';
import { makeStaffUser } from './support/factories.ts';
import { drainOutbox, inBatches, makeSandboxPayins, recordPayins, signedInBrowser, startKasha } from './support/finance.ts';
import type { TestBrowser } from './support/http-client.ts';

// Two agents refund the same reference at the same moment, 500 times, over real HTTP at a
// real API; on PostgreSQL when TEST_DATABASE_URL is set (the proof), on PGlite otherwise.
const RACES = 500;
const IN_FLIGHT = 16;
const RACE_TIMEOUT_MS = 300_000;

let database: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let sandbox: KashaSandbox;
let gateway: ProviderGateway;
let client: KashaClient;
let agent: TestBrowser;
let colleague: TestBrowser;
const timings: string[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startTestServer({ database, finance: financeLimits({ supportRefund: { BRL: '500' } }) });
  ({ sandbox, gateway, client } = await startKasha({ seed: 'refund-races' }));
  agent = await signedInBrowser(server.url, await makeStaffUser(database.db, 'support'));
  colleague = await signedInBrowser(server.url, await makeStaffUser(database.db, 'support'));
}, 120_000);
afterAll(async () => {
  console.info(`refund races on ${testDatabaseUrl ? 'PostgreSQL' : 'PGlite'}: ${timings.join('; ')}`);
  await server?.close();
  await sandbox?.close();
  await database?.destroy();
});

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  timings.push(`${label} ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

async function refund(browser: TestBrowser, reference: string): Promise<{ status: number; code: string | undefined }> {
  const response = await browser.mutate('refunds.request', { reference, reason: 'Customer asked twice, two agents answered' });
  return { status: response.status, code: response.error?.data?.code };
}

describe(`${RACES} races between two agents refunding the same reference`, () => {
  it('two concurrent refunds of one reference: one refund recorded and one refund call to Kasha, every time', async () => {
    const created = await timed('500 completed pay-ins at the sandbox', () => makeSandboxPayins(client, sandbox, RACES));
    const payments = await recordPayins(database.db, sandbox, created);
    const before = sandbox.requests.filter((r) => r.path === KASHA_PATHS.refunds).length;

    const outcomes = await timed('refund vs refund', () =>
      inBatches(payments, IN_FLIGHT, (payment) => Promise.all([refund(agent, payment.merchant_reference!), refund(colleague, payment.merchant_reference!)])),
    );
    for (const pair of outcomes) {
      expect(pair.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(pair.find((r) => r.status === 409)!.code).toBe('CONFLICT');
    }
    const references = payments.map((p) => p.merchant_reference!);
    const refunds = await database.db.selectFrom('refunds').select(['merchant_reference']).where('merchant_reference', 'in', references).execute();
    expect(refunds).toHaveLength(RACES);
    const commands = await database.db.selectFrom('outbox').select('id').where('idempotency_key', 'in', references.map(refundKey)).execute();
    expect(commands).toHaveLength(RACES);

    await timed('sending 500 refunds', () => drainOutbox({ db: database.db, gateway, timeoutMs: 120_000, concurrency: 16 }));
    expect(sandbox.requests.filter((r) => r.path === KASHA_PATHS.refunds).length - before).toBe(RACES);
    for (const reference of references) expect(sandbox.effects.count({ kind: 'refund', merchantReference: reference })).toBe(1);
    const settled = await database.db.selectFrom('refunds').select('state').where('merchant_reference', 'in', references).execute();
    expect(settled.every((r) => r.state === 'succeeded')).toBe(true);
    // And every pay-in shows the refund on its timeline.
    const refundedEvents = await database.db
      .selectFrom('payment_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('payment_id', 'in', payments.map((p) => p.id))
      .where('provider_status', '=', 'REFUNDED')
      .executeTakeFirstOrThrow();
    expect(Number(refundedEvents.n)).toBe(RACES);
  }, RACE_TIMEOUT_MS);
});
