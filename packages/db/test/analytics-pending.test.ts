import fc from 'fast-check';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDown, migrateToLatest } from '../src/migrate.ts';
import { migrations } from '../src/migrations/index.ts';
import {
  applyPendingAnalytics,
  claimDueStatusChecks,
  drainPendingAnalytics,
  setAnalyticsTimeZone,
} from '../src/queries/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';

import {
  expectStatusRollupMatchesPayments,
  insertPayments,
  lastReference,
  now,
  paymentArbitrary,
  pause,
  queued,
  rebuiltRollupRows,
  removeEveryPayment,
  rollupRows,
  stateArbitrary,
  stateColumns,
  targets,
  touchWithoutCountedChange,
  type Db,
  type PaymentSpec,
  type PaymentState,
} from './support/analytics-pending.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.destroy());

describe('the analytics queue', () => {
  it('queues +1 per inserted payment, -1 per deleted one, and -1/+1 per payment an UPDATE changes', async () => {
    const db = database.db;
    await removeEveryPayment(db);
    const state: PaymentState = {
      status: 'PENDING',
      providerStatus: 'STARTED',
      phase: null,
      category: null,
      codes: [],
      minutesToComplete: 0,
    };
    const spec: PaymentSpec = {
      provider: 'kasha',
      direction: 'payin',
      method: 'card',
      country: 'ES',
      currency: 'EUR',
      bank: null,
      amount: 500,
      hoursAgo: 3,
      state,
    };
    await insertPayments(db, [spec, spec, spec]);
    expect(await queued(db)).toBe(3);
    await drainPendingAnalytics(db, { batchSize: 2, wait: false });
    expect(await queued(db)).toBe(0);

    // The poller's lease, and every other column the rollups do not read: nothing queued.
    const leased = await claimDueStatusChecks(db, { now, limit: 10, leaseMs: 60_000 });
    expect(leased).toHaveLength(3);
    await touchWithoutCountedChange(db, targets(0, 3));
    await sql`UPDATE payments SET customer_name = 'Ana', customer_email = 'ana@example.com', manual_resolution = '{}'`.execute(
      db,
    );
    expect(await queued(db)).toBe(0);

    // One statement over three payments that changes two of them.
    await sql`UPDATE payments SET status = CASE WHEN provider_payment_id = ${`pending-${lastReference()}`} THEN status ELSE 'FAILED' END`.execute(
      db,
    );
    const deltas = await sql<{
      sign: number;
      status: string;
    }>`SELECT sign, status FROM analytics_pending ORDER BY sign, status`.execute(db);
    expect(deltas.rows).toEqual([
      { sign: -1, status: 'PENDING' },
      { sign: -1, status: 'PENDING' },
      { sign: 1, status: 'FAILED' },
      { sign: 1, status: 'FAILED' },
    ]);
    // A NULL becoming a value is a change too.
    await sql`UPDATE payments SET failure_category = 'issuer_decline' WHERE id IN ${targets(0, 1)}`.execute(db);
    expect(await queued(db)).toBe(6);

    await sql`DELETE FROM payments WHERE id IN ${targets(0, 1)}`.execute(db);
    expect(await queued(db)).toBe(7);
    await drainPendingAnalytics(db, { batchSize: 3, wait: true });
    await expectStatusRollupMatchesPayments(db);
  });

  it('keeps the queue holding only the counted columns', async () => {
    const columns = await sql<{ column_name: string }>`
      SELECT column_name FROM information_schema.columns WHERE table_name = 'analytics_pending' ORDER BY ordinal_position`.execute(
      database.db,
    );
    expect(columns.rows.map((c) => c.column_name)).toEqual([
      'id',
      'sign',
      'created_at',
      'completed_at',
      'provider',
      'direction',
      'method',
      'country',
      'currency',
      'bank_id',
      'status',
      'failure_category',
      'failure_codes',
      'amount_minor',
      'phase',
      'provider_status',
    ]);
  });

  it('gives rollups equal to a rebuild after random inserts, updates and deletes applied in random batches', async () => {
    const db = database.db;
    const offset = fc.nat(30);
    const count = fc.integer({ min: 1, max: 5 });
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('insert' as const),
        payments: fc.array(paymentArbitrary, { minLength: 1, maxLength: 8 }),
      }),
      fc.record({ kind: fc.constant('change' as const), offset, count, state: stateArbitrary }),
      fc.record({ kind: fc.constant('move' as const), offset, count, hours: fc.integer({ min: -60, max: 60 }) }),
      fc.record({ kind: fc.constant('amount' as const), offset, count, amount: fc.integer({ min: 0, max: 100_000 }) }),
      fc.record({ kind: fc.constant('touch' as const), offset, count }),
      fc.record({ kind: fc.constant('delete' as const), offset, count }),
      fc.record({ kind: fc.constant('apply' as const), maxRows: fc.integer({ min: 1, max: 20 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        await removeEveryPayment(db);
        expect(Object.values(await rollupRows(db)).flat(), 'every delete cancelled what was counted').toEqual([]);
        for (const s of steps) {
          switch (s.kind) {
            case 'insert':
              await insertPayments(db, s.payments);
              break;
            case 'change': {
              const columns = stateColumns(s.state, now);
              await sql`
                UPDATE payments SET status = ${columns.status}, provider_status = ${columns.provider_status}, phase = ${columns.phase},
                       failure_category = ${columns.failure_category}, failure_codes = ${columns.failure_codes}::text[],
                       completed_at = CASE WHEN ${columns.completed_at !== null} THEN created_at + ${`${s.state.minutesToComplete} minutes`}::interval END
                 WHERE id IN ${targets(s.offset, s.count)}`.execute(db);
              break;
            }
            case 'move':
              // Another creation time: the payment changes bucket (a correction, never ingestion).
              await sql`UPDATE payments SET created_at = created_at + ${`${s.hours} hours`}::interval WHERE id IN ${targets(s.offset, s.count)}`.execute(
                db,
              );
              break;
            case 'amount':
              await sql`UPDATE payments SET amount_minor = ${s.amount} WHERE id IN ${targets(s.offset, s.count)}`.execute(
                db,
              );
              break;
            case 'touch': {
              const before = await queued(db);
              await touchWithoutCountedChange(db, targets(s.offset, s.count));
              expect(await queued(db), 'a touch queues nothing').toBe(before);
              break;
            }
            case 'delete':
              await sql`DELETE FROM payments WHERE id IN ${targets(s.offset, s.count)}`.execute(db);
              break;
            case 'apply':
              await applyPendingAnalytics(db, { maxRows: s.maxRows, wait: false });
              break;
          }
        }
        await drainPendingAnalytics(db, { batchSize: 7, wait: false });
        expect(await queued(db)).toBe(0);
        await expectStatusRollupMatchesPayments(db);
        const applied = await rollupRows(db);
        expect(await rebuiltRollupRows(db)).toEqual(applied);
      }),
      { numRuns: 40, endOnFailure: true },
    );
  });

  it('never applies a delta twice when appliers race each other and the writers (truly concurrent on PostgreSQL)', async () => {
    const db = database.db;
    await removeEveryPayment(db);
    const queuedBefore = await deltasEverQueued(db);
    const payments = fc.sample(paymentArbitrary, { numRuns: 3 * 25 * 40, seed: 42 });
    let writersLeft = 3;
    // Three writers, each inserting its own payments and then changing and deleting some of
    // them (only its own: writers waiting on each other's rows is not what is tested here).
    const writer = async (part: number) => {
      const own: string[] = [];
      try {
        for (let round = 0; round < 25; round++) {
          const start = (part * 25 + round) * 40;
          own.push(...(await insertPayments(db, payments.slice(start, start + 40))));
          const changed = own.slice(-30, -10);
          await sql`
            UPDATE payments SET status = 'FAILED', failure_category = 'issuer_decline', failure_codes = ARRAY['B2', 'B2', 'A1']
             WHERE id = ANY(${changed}::uuid[])`.execute(db);
          if (round % 5 === 4) await sql`DELETE FROM payments WHERE id = ANY(${own.splice(0, 5)}::uuid[])`.execute(db);
        }
      } finally {
        writersLeft -= 1;
      }
    };
    // Workers that skip what another holds, and a reader that waits for it.
    const applier = async (maxRows: number, wait: boolean) => {
      let total = 0;
      for (;;) {
        const isLast = writersLeft === 0;
        const applied = await applyPendingAnalytics(db, { maxRows, wait });
        total += applied;
        if (isLast && applied < maxRows) return total;
        if (applied === 0) await pause(2);
      }
    };
    const [applied] = await Promise.all([
      Promise.all([applier(150, false), applier(150, false), applier(90, false), applier(400, true)]),
      writer(0),
      writer(1),
      writer(2),
    ]);
    expect(await queued(db)).toBe(0);
    expect(
      applied.reduce((sum, n) => sum + n, 0),
      'every delta applied exactly once',
    ).toBe((await deltasEverQueued(db)) - queuedBefore);
    await expectStatusRollupMatchesPayments(db);
    const rows = await rollupRows(db);
    expect(await rebuiltRollupRows(db)).toEqual(rows);
  });

  it('applies pending deltas when the time zone changes, and rebuilds days and weeks in the new zone', async () => {
    const db = database.db;
    await removeEveryPayment(db);
    const specs = fc.sample(paymentArbitrary, { numRuns: 300, seed: 7 });
    await insertPayments(db, specs.slice(0, 200));
    await applyPendingAnalytics(db, { maxRows: 120, wait: false });
    await sql`UPDATE payments SET status = 'COMPLETED', completed_at = created_at + interval '90 seconds' WHERE id IN ${targets(10, 60)}`.execute(
      db,
    );
    await insertPayments(db, specs.slice(200));
    expect(await queued(db)).toBeGreaterThan(100);

    expect(await setAnalyticsTimeZone(db, 'Asia/Kolkata')).toBe(true);
    expect(await queued(db)).toBe(0);
    await expectStatusRollupMatchesPayments(db);
    const days = await sql<{ n: number }>`
      WITH naive AS (
        SELECT date_trunc('day', created_at, 'Asia/Kolkata') AS bucket, count(*)::bigint AS payments FROM payments GROUP BY 1),
      rollup AS (
        SELECT bucket, sum(payments)::bigint AS payments FROM payment_status_rollup WHERE grain = 'd' AND dims_set = 3
         GROUP BY 1 HAVING sum(payments) <> 0)
      SELECT count(*)::integer AS n
        FROM ((SELECT * FROM naive EXCEPT SELECT * FROM rollup) UNION ALL (SELECT * FROM rollup EXCEPT SELECT * FROM naive)) AS diff`.execute(
      db,
    );
    expect(days.rows[0]!.n, 'day rows in Kolkata').toBe(0);
    const rows = await rollupRows(db);
    expect(await rebuiltRollupRows(db)).toEqual(rows);

    // Back to Madrid while workers apply and a writer writes (at once on PostgreSQL).
    let isDone = false;
    const worker = async () => {
      while (!isDone) if ((await applyPendingAnalytics(db, { maxRows: 25, wait: false })) === 0) await pause(2);
    };
    const writer = async () => {
      for (let round = 0; round < 10; round++) {
        await insertPayments(db, fc.sample(paymentArbitrary, { numRuns: 20, seed: 100 + round }));
        await sql`UPDATE payments SET status = 'FAILED', failure_codes = ARRAY['C3'] WHERE id IN ${targets(round * 7, 7)}`.execute(
          db,
        );
      }
    };
    const switching = async () => {
      await pause(20);
      return setAnalyticsTimeZone(db, 'Europe/Madrid');
    };
    const [changed] = await Promise.all([switching(), writer().finally(() => (isDone = true)), worker(), worker()]);
    expect(changed).toBe(true);
    await drainPendingAnalytics(db, { batchSize: 5000, wait: true });
    await expectStatusRollupMatchesPayments(db);
    const after = await rollupRows(db);
    expect(await rebuiltRollupRows(db)).toEqual(after);
  });
});

/** How many deltas the queue has ever been given (its identity's last value). */
async function deltasEverQueued(db: Db): Promise<number> {
  const result = await sql<{ n: number | null }>`
    SELECT last_value::integer AS n FROM pg_sequences WHERE sequencename = 'analytics_pending_id_seq'`.execute(db);
  return result.rows[0]?.n ?? 0;
}

describe('the queue migration', () => {
  let bare: TestDatabase;
  beforeAll(async () => {
    bare = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => bare?.destroy());

  /** The analytics functions and the payments triggers, as PostgreSQL prints them. */
  async function definitions(db: Db): Promise<string[]> {
    const functions = await sql<{ def: string }>`
      SELECT pg_get_functiondef(p.oid) AS def FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
       WHERE n.nspname = 'public' AND p.proname LIKE 'analytics%' ORDER BY p.proname`.execute(db);
    const triggers = await sql<{ def: string }>`
      SELECT pg_get_triggerdef(oid) AS def FROM pg_trigger WHERE tgrelid = 'payments'::regclass AND NOT tgisinternal ORDER BY tgname`.execute(
      db,
    );
    return [...functions.rows, ...triggers.rows].map((r) => r.def);
  }

  /** Up to the queue migration and no further, so later migrations leave this test alone. */
  async function migrateToQueue(db: Db): Promise<void> {
    const result = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo(
      '2026-11-21T1400-analytics-pending-deltas',
    );
    if (result.error) throw result.error;
  }

  it('goes down to the direct triggers word for word, with the pending deltas applied first', async () => {
    const db = bare.db;
    await migrateToQueue(db);
    expect(await migrateDown(db)).toEqual(['2026-11-21T1400-analytics-pending-deltas']);
    const direct = await definitions(db);
    await migrateToQueue(db);
    expect(await definitions(db)).not.toEqual(direct);

    await insertPayments(db, fc.sample(paymentArbitrary, { numRuns: 50, seed: 3 }));
    await applyPendingAnalytics(db, { maxRows: 20, wait: false });
    await sql`UPDATE payments SET status = 'REFUNDED', completed_at = created_at WHERE id IN ${targets(0, 10)}`.execute(
      db,
    );
    expect(await queued(db)).toBeGreaterThan(0);
    await migrateDown(db);
    expect(await definitions(db)).toEqual(direct);
    const before1700 = { hasAllStatusesSet: false };
    await expectStatusRollupMatchesPayments(db, before1700);
    // The direct triggers carry on from there.
    await sql`UPDATE payments SET status = 'FAILED', completed_at = NULL WHERE id IN ${targets(5, 10)}`.execute(db);
    await expectStatusRollupMatchesPayments(db, before1700);
    await migrateToLatest(db);
    await expectStatusRollupMatchesPayments(db);
  });
});
