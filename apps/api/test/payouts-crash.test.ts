import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase, migrateToLatest, type Database } from '@paydesk/db';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from '@paydesk/db/testing';
import { financeLimits, payoutDecisionKey, refundKey } from '@paydesk/domain';
import { KASHA_PATHS, type KashaClient } from '@paydesk/providers';
import type { KashaSandbox } from '@paydesk/providers/sandbox';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCaller } from '../src/testing.ts';
import { makeStaffUser } from './support/factories.ts';
import { makeSandboxPayins, makeSandboxPayouts, recordPayins, recordPayouts, startKasha } from './support/finance.ts';
import type { ChildConfig } from './support/outbox-child.ts';

// The worker runs in a child process and is killed with SIGKILL at the worst moments: after
// it committed "in flight" but before it called Kasha, and after Kasha applied the call but
// before the answer was recorded. A new worker must finish the job with exactly one effect.
// PostgreSQL is shared with the child through its URL; PGlite (one process at a time)
// through a data folder that the test closes while the child has it.

const apiRoot = fileURLToPath(new URL('..', import.meta.url));
const childScript = fileURLToPath(new URL('./support/outbox-child.ts', import.meta.url));
const LEASE_MS = 1_000;

let sandbox: KashaSandbox;
let client: KashaClient;
let pgDatabase: TestDatabase | undefined;
let dataDir: string | undefined;
const workDir = mkdtempSync(path.join(tmpdir(), 'paydesk-crash-'));

beforeAll(async () => {
  ({ sandbox, client } = await startKasha({ seed: 'payout-crash' }));
  if (testDatabaseUrl) {
    pgDatabase = await createTestDatabase();
  } else {
    dataDir = path.join(workDir, 'pglite');
    const database = await createDatabase({ dataDir });
    await migrateToLatest(database.db);
    await database.destroy();
  }
}, 120_000);
afterAll(async () => {
  await sandbox?.close();
  await pgDatabase?.destroy();
  rmSync(workDir, { recursive: true, force: true });
});

/** Opens the test's database for one piece of work; PGlite is closed again so the child can open it. */
async function withDb<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  if (pgDatabase) return work(pgDatabase.db);
  const database = await createDatabase({ dataDir });
  try {
    return await work(database.db);
  } finally {
    await database.destroy();
  }
}

function startWorker(options: { pauseAt?: ChildConfig['pauseAt']; markerFile?: string }): { child: ChildProcess; done: Promise<{ code: number | null; signal: string | null; output: string }> } {
  const config: ChildConfig = {
    ...(pgDatabase?.url ? { databaseUrl: pgDatabase.url } : { dataDir: dataDir! }),
    kasha: { baseUrl: sandbox.url, apiKey: sandbox.credentials.apiKey, secret: sandbox.credentials.secret },
    leaseMs: LEASE_MS,
    ...options,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, JSON.stringify(config)], { cwd: apiRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<{ code: number | null; signal: string | null; output: string }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, output })),
  );
  return { child, done };
}

async function waitFor(file: string, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!existsSync(file)) {
    if (Date.now() - started > timeoutMs) throw new Error(`the worker never reached ${path.basename(file)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Kills the worker with SIGKILL where it paused, then lets a fresh worker take over after the lease. */
async function killAt(pauseAt: NonNullable<ChildConfig['pauseAt']>, key: string): Promise<string> {
  const markerFile = path.join(workDir, `${pauseAt}-${Date.now()}.json`);
  const worker = startWorker({ pauseAt, markerFile });
  await waitFor(markerFile);
  worker.child.kill('SIGKILL');
  const killed = await worker.done;
  expect(killed.signal).toBe('SIGKILL');
  const stateAtDeath = await withDb(async (db) => (await db.selectFrom('outbox').select('state').where('idempotency_key', '=', key).executeTakeFirstOrThrow()).state);
  await new Promise((resolve) => setTimeout(resolve, LEASE_MS + 100));
  const restarted = await startWorker({}).done;
  expect(restarted.code, restarted.output).toBe(0);
  return stateAtDeath;
}

async function decidedPayout(): Promise<{ paymentId: string; transactionId: string }> {
  const [created] = await makeSandboxPayouts(client, 1);
  return withDb(async (db) => {
    const finance = await makeStaffUser(db, 'finance');
    const [payout] = await recordPayouts(db, sandbox, [created!]);
    const answer = await createTestCaller({ db, finance: financeLimits() }, { user: finance }).payouts.decide({ ids: [payout!.id], action: 'APPROVE' });
    expect(answer.sent).toBe(1);
    return { paymentId: payout!.id, transactionId: payout!.provider_payment_id };
  });
}

const confirmCalls = () => sandbox.requests.filter((r) => r.path === KASHA_PATHS.confirmPayout).length;

describe('a worker killed with SIGKILL mid-decision', () => {
  it('between recording "in flight" and calling Kasha: the restarted worker looks up, then sends once', async () => {
    const { paymentId, transactionId } = await decidedPayout();
    const before = confirmCalls();
    const stateAtDeath = await killAt('beforeSend', payoutDecisionKey(paymentId));
    expect(stateAtDeath).toBe('in_flight');
    expect(confirmCalls() - before).toBe(1);
    expect(sandbox.effects.count({ transactionId })).toBe(1);
    const settled = await withDb((db) =>
      db
        .selectFrom('payout_decisions as d')
        .innerJoin('outbox as o', 'o.payment_id', 'd.payment_id')
        .select(['d.state', 'o.state as outbox', 'o.attempts'])
        .where('d.payment_id', '=', paymentId)
        .executeTakeFirstOrThrow(),
    );
    expect(settled).toEqual({ state: 'processing', outbox: 'succeeded', attempts: 2 });
  }, 120_000);

  it('after Kasha applied the approval but before the answer was recorded: no second call, one effect', async () => {
    const { paymentId, transactionId } = await decidedPayout();
    const before = confirmCalls();
    const stateAtDeath = await killAt('afterSend', payoutDecisionKey(paymentId));
    expect(stateAtDeath).toBe('in_flight');
    expect(confirmCalls() - before).toBe(1);
    expect(sandbox.effects.count({ transactionId })).toBe(1);
    const state = await withDb(async (db) => (await db.selectFrom('payout_decisions').select('state').where('payment_id', '=', paymentId).executeTakeFirstOrThrow()).state);
    expect(state).toBe('processing');
  }, 120_000);

  it('after Kasha refunded but before the answer was recorded: the refund settles once, with no second refund call', async () => {
    const [created] = await makeSandboxPayins(client, sandbox, 1);
    const reference = created!.merchantReference;
    await withDb(async (db) => {
      const support = await makeStaffUser(db, 'support');
      await recordPayins(db, sandbox, [created!]);
      await createTestCaller({ db, finance: financeLimits() }, { user: support }).refunds.request({ reference, reason: 'Crash test refund' });
    });
    const refundCalls = () => sandbox.requests.filter((r) => r.path === KASHA_PATHS.refunds).length;
    const before = refundCalls();
    expect(await killAt('afterSend', refundKey(reference))).toBe('in_flight');
    expect(refundCalls() - before).toBe(1);
    expect(sandbox.effects.count({ merchantReference: reference })).toBe(1);
    const state = await withDb(async (db) => (await db.selectFrom('refunds').select('state').where('merchant_reference', '=', reference).executeTakeFirstOrThrow()).state);
    expect(state).toBe('succeeded');
  }, 120_000);
});
