import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePayment, makePaymentEvent } from '../src/factories.ts';
import { migrateDown, migrateToLatest } from '../src/migrate.ts';
import { migrations } from '../src/migrations/index.ts';
import { drainPendingAnalytics } from '../src/queries/analytics-pending.ts';
import type { Database } from '../src/schema/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
});
afterAll(async () => database?.destroy());

async function tableNames(): Promise<string[]> {
  const result = await sql<{ tablename: string }>`
    SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'kysely_%' ORDER BY 1`.execute(database.db);
  return result.rows.map((r) => r.tablename);
}

/** Runs migrations up or down to `name`; returns the names applied or reverted. */
async function migrateTo(db: Kysely<Database>, name: string): Promise<string[]> {
  const result = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo(name);
  if (result.error) throw result.error;
  return (result.results ?? []).map((r) => r.migrationName);
}

describe('migrations', () => {
  it('lists every migration file of the folder, in order', () => {
    const folder = fileURLToPath(new URL('../src/migrations/', import.meta.url));
    const files = readdirSync(folder)
      .filter((f) => f !== 'index.ts' && f.endsWith('.ts'))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(Object.keys(migrations)).toEqual(files);
  });

  it('run up, all the way down, and up again to the same schema', async () => {
    await migrateToLatest(database.db);
    const afterFirstUp = await tableNames();
    expect(afterFirstUp).toContain('payments');
    expect(afterFirstUp).toContain('audit_log');

    for (let i = 0; i < Object.keys(migrations).length; i++) await migrateDown(database.db);
    expect(await tableNames()).toEqual([]);

    await migrateToLatest(database.db);
    expect(await tableNames()).toEqual(afterFirstUp);
  });
});

describe('retiring the hourly rollup (2026-11-21T1500)', () => {
  let retiring: TestDatabase;
  beforeAll(async () => {
    retiring = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => retiring?.destroy());

  /** The table, function and triggers as the catalogue prints them. */
  async function hourlyDefinitions(db: Kysely<Database>) {
    const result = await sql<{ kind: string; definition: string }>`
      SELECT 'column' AS kind, column_name || ' ' || data_type || ' ' || is_nullable || ' ' || ordinal_position AS definition
        FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'payment_rollup_hourly'
      UNION ALL
      SELECT 'index', pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = to_regclass('payment_rollup_hourly')
      UNION ALL
      SELECT 'function', pg_get_functiondef(oid) FROM pg_proc WHERE proname = 'payment_rollup_apply_delta'
      UNION ALL
      SELECT 'trigger', pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = 'payments'::regclass AND tgname LIKE 'payments_rollup_%'
      ORDER BY 1, 2`.execute(db);
    return result.rows;
  }

  /** Rows of the hourly rollup that differ from a GROUP BY over payments on its own key. */
  async function hourlyMismatches(db: Kysely<Database>): Promise<number> {
    const result = await sql<{ n: number }>`
      WITH naive AS (
        SELECT date_trunc('hour', created_at, 'UTC') AS bucket, provider, direction, method, coalesce(country, '') AS country,
               currency, coalesce(bank_id, '') AS bank_id, status, coalesce(failure_category, '') AS failure_category,
               coalesce(failure_codes[1], '') AS failure_code, count(*)::bigint AS payments, sum(amount_minor)::bigint AS amount_minor
          FROM payments GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
      rollup AS (
        SELECT bucket, provider, direction, method, country, currency, bank_id, status, failure_category, failure_code, payments, amount_minor
          FROM payment_rollup_hourly WHERE payments <> 0 OR amount_minor <> 0)
      SELECT count(*)::int AS n FROM ((SELECT * FROM naive EXCEPT SELECT * FROM rollup) UNION ALL (SELECT * FROM rollup EXCEPT SELECT * FROM naive)) AS diff`.execute(db);
    return result.rows[0]!.n;
  }

  /** A few inserts, a status change, a new failure and a delete: every trigger fires. */
  async function writeSome(db: Kysely<Database>, hour: string) {
    const created_at = new Date(`2026-11-20T${hour}:15:00Z`);
    const a = await makePayment(db, { status: 'PENDING', created_at });
    const b = await makePayment(db, { provider: 'kashimi', method: 'open_banking', bank_id: 'es-caixa', status: 'PENDING', created_at });
    await makePayment(db, { provider: 'klavi', method: 'pix', currency: 'BRL', country: 'BR', status: 'FAILED', failure_codes: ['SALDO_INSUFICIENTE'], created_at });
    await db.updateTable('payments').set({ status: 'COMPLETED', amount_minor: 999 }).where('id', '=', a.id).execute();
    await db.updateTable('payments').set({ status: 'FAILED', failure_category: 'insufficient_funds', failure_codes: ['AMOUNT_EXCEEDS_AVAILABLE_FUNDS'] }).where('id', '=', b.id).execute();
    await db.deleteFrom('payments').where('id', '=', a.id).execute();
  }

  /** Up to `name` and no further, so that later migrations leave this test alone; returns the names applied. */

  it('drops the table, its function and its triggers; down restores them exactly, refilled from payments', async () => {
    const db = retiring.db as unknown as Kysely<Database>;
    await migrateTo(db, '2026-11-21T1400-analytics-pending-deltas');
    // As the initial migration made them, kept by its triggers.
    const original = await hourlyDefinitions(db);
    expect(original.filter((row) => row.kind === 'trigger')).toHaveLength(3);
    await writeSome(db, '09');
    expect(await hourlyMismatches(db)).toBe(0);

    expect(await migrateTo(db, '2026-11-21T1500-retire-hourly-rollup')).toEqual(['2026-11-21T1500-retire-hourly-rollup']);
    expect(await hourlyDefinitions(db)).toEqual([]);
    // Changes made while it is gone must be in it once it is back.
    await writeSome(db, '10');

    expect(await migrateDown(db)).toEqual(['2026-11-21T1500-retire-hourly-rollup']);
    expect(await hourlyDefinitions(db)).toEqual(original);
    expect(await hourlyMismatches(db)).toBe(0);
    // And the restored triggers keep it so.
    await writeSome(db, '11');
    expect(await hourlyMismatches(db)).toBe(0);

    await migrateTo(db, '2026-11-21T1500-retire-hourly-rollup');
    expect(await hourlyDefinitions(db)).toEqual([]);
  });
});

describe('merchant-declined payouts (2026-11-21T1600)', () => {
  let reclassifying: TestDatabase;
  beforeAll(async () => {
    reclassifying = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => reclassifying?.destroy());

  /** A Kasha payout reported DECLINED, as ingestion stored it before 1600, with our decision on it (if any). */
  async function declinedPayout(db: Kysely<Database>, options: { decision?: { state: string; action: string }; category?: string; codes?: string[]; direction?: string }) {
    const payment = await makePayment(db, {
      direction: options.direction ?? 'payout',
      method: 'bank_transfer',
      status: 'FAILED',
      provider_status: 'DECLINED',
      failure_category: options.category ?? 'unknown',
      failure_codes: options.codes ?? [],
    });
    await makePaymentEvent(db, { id: payment.id, status: 'PENDING', provider_status: 'PENDING' });
    await makePaymentEvent(db, payment, { failure_category: payment.failure_category, failure_codes: payment.failure_codes });
    if (options.decision) {
      const { state, action } = options.decision;
      await db
        .insertInto('payout_decisions')
        .values({ payment_id: payment.id, state, required_approvals: 1, decided_action: action, decline_reason: action === 'DECLINE' ? 'Beneficiary name does not match' : null, decided_at: new Date() })
        .execute();
    }
    return payment.id;
  }

  /** Each payment's category and its timeline's, in the order of `ids`. */
  async function categoriesOf(db: Kysely<Database>, ids: string[]) {
    const payments = await db.selectFrom('payments').select(['id', 'failure_category']).where('id', 'in', ids).execute();
    const events = await db.selectFrom('payment_events').select(['payment_id', 'provider_status', 'failure_category']).where('payment_id', 'in', ids).orderBy('id').execute();
    return ids.map((id) => ({
      payment: payments.find((row) => row.id === id)!.failure_category,
      events: events.filter((row) => row.payment_id === id).map((row) => `${row.provider_status}:${row.failure_category ?? ''}`),
    }));
  }

  /** Failed payments per category in the rollup the failure charts read, and the same counted from payments. */
  async function failuresByCategory(db: Kysely<Database>) {
    await drainPendingAnalytics(db, { batchSize: 10_000, wait: true });
    const rollup = await sql<{ category: string; payments: number }>`
      SELECT failure_category AS category, sum(payments)::int AS payments FROM payment_status_rollup
       WHERE grain = 'w' AND dims_set = 67 AND status = 'FAILED' GROUP BY 1 HAVING sum(payments) <> 0 ORDER BY 1`.execute(db);
    const naive = await sql<{ category: string; payments: number }>`
      SELECT coalesce(failure_category, '') AS category, count(*)::int AS payments FROM payments WHERE status = 'FAILED' GROUP BY 1 ORDER BY 1`.execute(db);
    expect(rollup.rows).toEqual(naive.rows);
    return Object.fromEntries(rollup.rows.map((row) => [row.category, row.payments]));
  }

  it('moves payouts we declined from "unknown" to merchant_declined, rollups included, and down moves them back', async () => {
    const db = reclassifying.db as unknown as Kysely<Database>;
    await migrateTo(db, '2026-11-21T1500-retire-hourly-rollup');
    const ids = [
      await declinedPayout(db, { decision: { state: 'declined', action: 'DECLINE' } }),
      // Kasha's DECLINED arrived before its answer to our decline.
      await declinedPayout(db, { decision: { state: 'declining', action: 'DECLINE' } }),
      // Approved, then refused by the processor: a failure, not our decision.
      await declinedPayout(db, { decision: { state: 'failed', action: 'APPROVE' } }),
      // A code that names a cause keeps its category.
      await declinedPayout(db, { decision: { state: 'declined', action: 'DECLINE' }, category: 'invalid_details', codes: ['1005'] }),
      // No decision of ours (decided in Kasha's portal, or a pay-in): nothing says it was us.
      await declinedPayout(db, {}),
      await declinedPayout(db, { direction: 'payin' }),
    ];
    const before = await categoriesOf(db, ids);
    expect(await failuresByCategory(db)).toEqual({ unknown: 5, invalid_details: 1 });

    await migrateTo(db, '2026-11-21T1600-merchant-declined-payouts');
    const declined = { payment: 'merchant_declined', events: ['PENDING:', 'DECLINED:merchant_declined'] };
    const after = await categoriesOf(db, ids);
    expect(after).toEqual([declined, declined, ...before.slice(2)]);
    expect(await failuresByCategory(db)).toEqual({ merchant_declined: 2, unknown: 3, invalid_details: 1 });

    expect(await migrateDown(db)).toEqual(['2026-11-21T1600-merchant-declined-payouts']);
    expect(await categoriesOf(db, ids)).toEqual(before);
    expect(await failuresByCategory(db)).toEqual({ unknown: 5, invalid_details: 1 });

    await migrateTo(db, '2026-11-21T1600-merchant-declined-payouts');
    expect(await categoriesOf(db, ids)).toEqual(after);
    expect(await failuresByCategory(db)).toEqual({ merchant_declined: 2, unknown: 3, invalid_details: 1 });
  });
});

describe('the all-statuses grouping set (2026-11-21T1700)', () => {
  let adding: TestDatabase;
  beforeAll(async () => {
    adding = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => adding?.destroy());

  /** Set 163's weekly rows against payments counted per provider, direction and bank. */
  async function allStatusesRows(db: Kysely<Database>) {
    const rollup = await sql<{ key: string; payments: number; amount: number }>`
      SELECT provider || '/' || direction || '/' || bank_id AS key, sum(payments)::int AS payments, sum(amount_minor)::int AS amount
        FROM payment_status_rollup WHERE grain = 'w' AND dims_set = 163 AND status = '' GROUP BY 1 HAVING sum(payments) <> 0 ORDER BY 1`.execute(db);
    return rollup.rows;
  }
  async function naiveRows(db: Kysely<Database>) {
    const naive = await sql<{ key: string; payments: number; amount: number }>`
      SELECT provider || '/' || direction || '/' || coalesce(bank_id, '') AS key, count(*)::int AS payments, sum(amount_minor)::int AS amount
        FROM payments GROUP BY 1 ORDER BY 1`.execute(db);
    return naive.rows;
  }

  it('is filled from the payments already counted and kept by deltas queued before and after; down removes it', async () => {
    const db = adding.db as unknown as Kysely<Database>;
    await migrateTo(db, '2026-11-21T1600-merchant-declined-payouts');
    const pay = (bank: string | null, status: string, amount: number) =>
      makePayment(db, { provider: 'kashimi', direction: 'payin', bank_id: bank, status, amount_minor: amount });
    await pay('de-sparkasse', 'COMPLETED', 1000);
    await pay('de-sparkasse', 'FAILED', 2500);
    const pending = await pay('nl-ing', 'PENDING', 700);
    await pay(null, 'COMPLETED', 300);
    await drainPendingAnalytics(db, { batchSize: 10_000, wait: true });
    // Queued before the migration, applied after it by the new function.
    await db.updateTable('payments').set({ status: 'COMPLETED' }).where('id', '=', pending.id).execute();
    await pay('nl-ing', 'FAILED', 50);

    await migrateTo(db, '2026-11-21T1700-analytics-all-statuses-set');
    await drainPendingAnalytics(db, { batchSize: 10_000, wait: true });
    expect(await allStatusesRows(db)).toEqual(await naiveRows(db));
    expect((await naiveRows(db)).map((row) => row.key)).toEqual(['kashimi/payin/', 'kashimi/payin/de-sparkasse', 'kashimi/payin/nl-ing']);

    // Only new payments touch the set: a status change nets to zero in it.
    await db.updateTable('payments').set({ status: 'FAILED' }).where('id', '=', pending.id).execute();
    await pay('nl-ing', 'PENDING', 20);
    await drainPendingAnalytics(db, { batchSize: 10_000, wait: true });
    expect(await allStatusesRows(db)).toEqual(await naiveRows(db));

    expect(await migrateDown(db)).toEqual(['2026-11-21T1700-analytics-all-statuses-set']);
    expect(await allStatusesRows(db)).toEqual([]);
    await pay('nl-ing', 'COMPLETED', 5);
    await drainPendingAnalytics(db, { batchSize: 10_000, wait: true });
    expect(await allStatusesRows(db)).toEqual([]);

    await migrateTo(db, '2026-11-21T1700-analytics-all-statuses-set');
    expect(await allStatusesRows(db)).toEqual(await naiveRows(db));
  });
});
