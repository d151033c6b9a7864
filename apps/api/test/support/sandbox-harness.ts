import type { Database } from '@paydesk/db';
import { createTestDatabase, type TestDatabase } from '@paydesk/db/testing';
import { normalizeKashaStatus, normalizeKashimiStatus, normalizeKlaviStatus, type UnifiedStatus } from '@paydesk/domain';
import { createSandboxClock, startDemoTraffic, type FaultConfig, type SandboxClock } from '@paydesk/providers/sandbox';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import type { Clock } from '../../src/clock.ts';
import { startRuntime, type Runtime } from '../../src/runtime.ts';
import { processInboxRound } from '../../src/workers/inbox-worker.ts';
import { pollStatusRound } from '../../src/workers/status-poller.ts';

export interface SandboxWorld {
  database: TestDatabase;
  runtime: Runtime;
  sandboxClock: SandboxClock;
  clock: Clock;
  /** Runs the inbox and the poller until neither has anything left to do now. */
  drain(): Promise<void>;
  /** Moves provider time forward in steps, draining after each. */
  advance(totalMs: number, stepMs?: number): Promise<void>;
  createPayments(count: number): Promise<void>;
  close(): Promise<void>;
}

/** The API with its own database and the three sandboxes on one controllable clock. */
export async function startSandboxWorld(options: { faults?: FaultConfig; seed?: number; database?: TestDatabase } = {}): Promise<SandboxWorld> {
  const database = options.database ?? (await createTestDatabase());
  const sandboxClock = createSandboxClock({ start: new Date('2026-11-21T09:00:00Z') });
  const clock: Clock = { now: () => new Date(sandboxClock.now()) };
  const log = pino({ level: 'silent' });
  const runtime = await startRuntime({
    database,
    clock,
    config: { businessTimeZone: 'Europe/Madrid' },
    log,
    host: '127.0.0.1',
    port: 0,
    providerSettings: {},
    sandboxes: { clock: sandboxClock, seed: options.seed ?? 7, ...(options.faults ? { faults: options.faults } : {}) },
    workers: false,
    // Injected timeouts should cost a test a fraction of a second, not ten.
    gatewayOptions: { timeoutMs: 300, retry: { baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 5 } },
  });
  const sandboxes = runtime.sandboxes!;
  const traffic = startDemoTraffic({ sandboxes, ratePerMinute: 0, seed: options.seed ?? 7 });
  const services = { db: database.db, gateway: runtime.gateway, clock, log };

  async function drain(): Promise<void> {
    for (let round = 0; round < 1000; round++) {
      const handled = (await processInboxRound({ ...services, batchSize: 200 })) + (await pollStatusRound({ ...services, batchSize: 200, concurrency: 8 }));
      if (handled === 0) return;
    }
  }

  return {
    database,
    runtime,
    sandboxClock,
    clock,
    drain,
    async advance(totalMs, stepMs = 15_000) {
      for (let passed = 0; passed < totalMs; passed += stepMs) {
        await sandboxes.advance(stepMs);
        await drain();
      }
    },
    async createPayments(count) {
      // Creating payments is the shop's business with the provider, not Paydesk's: faults
      // apply to what Paydesk does (deliveries, lookups), so they pause while payments start.
      const all = [sandboxes.kashimi, sandboxes.klavi, sandboxes.kasha];
      for (const sandbox of all) sandbox.setFaults({});
      let created = 0;
      while (created < count) {
        const batch = Math.min(25, count - created);
        const results = await Promise.allSettled(Array.from({ length: batch }, () => traffic.createOne()));
        created += results.filter((r) => r.status === 'fulfilled').length;
      }
      for (const sandbox of all) sandbox.setFaults(options.faults ?? {});
    },
    async close() {
      await traffic.stop();
      await runtime.stop();
      if (!options.database) await database.destroy();
    },
  };
}

export interface Mismatch {
  provider: string;
  id: string;
  expected: string;
  actual: string;
}

/** Compares every payment the sandboxes hold with what Paydesk recorded. */
export async function compareWithSandboxes(db: Kysely<Database>, runtime: Runtime): Promise<{ compared: number; mismatches: Mismatch[] }> {
  const sandboxes = runtime.sandboxes!;
  const rows = await db.selectFrom('payments').select(['provider', 'provider_payment_id', 'status', 'provider_status', 'id']).execute();
  const ours = new Map(rows.map((row) => [`${row.provider}:${row.provider_payment_id}`, row]));
  const eventCounts = new Map(
    (
      await db
        .selectFrom('payment_events')
        .select(['payment_id', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('payment_id')
        .execute()
    ).map((row) => [row.payment_id, Number(row.n)]),
  );
  const mismatches: Mismatch[] = [];
  let compared = 0;
  const check = (provider: string, id: string, expectedStatus: UnifiedStatus, rawStatus: string, expectedEvents?: number) => {
    compared += 1;
    const row = ours.get(`${provider}:${id}`);
    const expected = `${expectedStatus}/${rawStatus}${expectedEvents === undefined ? '' : `/${expectedEvents} events`}`;
    const events = row ? eventCounts.get(row.id) : undefined;
    const actual = row ? `${row.status}/${row.provider_status}${expectedEvents === undefined ? '' : `/${events ?? 0} events`}` : 'missing';
    if (expected !== actual) mismatches.push({ provider, id, expected, actual });
  };
  for (const payment of sandboxes.kashimi.state.payments.values()) {
    const last = payment.history.at(-1);
    if (!last) continue;
    const normalized = normalizeKashimiStatus({ status: last.status, detailedStatus: last.detailedStatus, failureReasons: last.failureReasons });
    // The archive lists every step: Paydesk must hold each exactly once.
    check('kashimi', payment.id, normalized.status, last.status, payment.history.length);
  }
  for (const payment of sandboxes.klavi.state.payments.values()) {
    const last = payment.history.at(-1);
    if (!last) continue;
    check('klavi', payment.id, normalizeKlaviStatus({ status: last.status, statusReason: last.statusReason }).status, last.status);
  }
  for (const transaction of sandboxes.kasha.state.transactions.values()) {
    if (!transaction.completed) continue;
    const normalized = normalizeKashaStatus({ status: transaction.status, errorCode: transaction.errors?.code ?? null });
    check('kasha', transaction.id, normalized.status, transaction.status);
  }
  return { compared, mismatches };
}
