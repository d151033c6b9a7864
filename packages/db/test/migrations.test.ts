import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePayment } from '../src/factories.ts';
import { migrateDown, migrateToLatest } from '../src/migrate.ts';
import { migrations } from '../src/migrations/index.ts';
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

  it('drops the table, its function and its triggers; down restores them exactly, refilled from payments', async () => {
    const db = retiring.db as unknown as Kysely<Database>;
    const before = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo('2026-11-21T1400-analytics-pending-deltas');
    if (before.error) throw before.error;
    // As the initial migration made them, kept by its triggers.
    const original = await hourlyDefinitions(db);
    expect(original.filter((row) => row.kind === 'trigger')).toHaveLength(3);
    await writeSome(db, '09');
    expect(await hourlyMismatches(db)).toBe(0);

    expect(await migrateToLatest(db)).toContain('2026-11-21T1500-retire-hourly-rollup');
    expect(await hourlyDefinitions(db)).toEqual([]);
    // Changes made while it is gone must be in it once it is back.
    await writeSome(db, '10');

    expect(await migrateDown(db)).toEqual(['2026-11-21T1500-retire-hourly-rollup']);
    expect(await hourlyDefinitions(db)).toEqual(original);
    expect(await hourlyMismatches(db)).toBe(0);
    // And the restored triggers keep it so.
    await writeSome(db, '11');
    expect(await hourlyMismatches(db)).toBe(0);

    await migrateToLatest(db);
    expect(await hourlyDefinitions(db)).toEqual([]);
  });
});
