import { sql, type Kysely } from 'kysely';
import * as firstRollups from './2026-11-21T1100-analytics.ts';

// Frozen: once committed, a migration is never edited. Add a new one instead.
//
// Replaces the rollups of 2026-11-21T1100-analytics, which read too many rows for a 90-day
// view at 1M payments (a wide key per hour or day), with grouping sets and a week grain.
//
// Rollups for the managers' analytics (docs/decisions/004-analytics-rollups.md). Every
// table counts payments by the bucket they were CREATED in and their CURRENT state, so a
// status change moves one count from one row to another. Each change is written:
//  * in three grains: 'h' the UTC hour, 'd' the day and 'w' the ISO week (from Monday) in
//    the analytics time zone (analytics_settings): a 90-day total reads ~13 weeks and the
//    edge days instead of 2,160 hours;
//  * in several grouping sets (dims_set, a bitmask of the dimensions kept; the others are
//    stored as ''), so a read uses the smallest set that holds its filters and split.
// Dimension bits: provider 1, direction 2, method 4, country 8, currency 16, bank 32;
// bit 64 keeps the failure reason columns (status rollup: the category; funnel: category
// and first code), so reads that do not need them sum fewer rows.

const dimensionColumns = `
      provider text NOT NULL,
      direction text NOT NULL,
      method text NOT NULL,
      country text NOT NULL,
      currency text NOT NULL,
      bank_id text NOT NULL`;

const rollupHead = `
      grain text NOT NULL CHECK (grain IN ('h', 'd', 'w')),
      dims_set smallint NOT NULL,
      bucket timestamptz NOT NULL,${dimensionColumns}`;

const keyHead = 'grain, dims_set, bucket, provider, direction, method, country, currency, bank_id';

const tables = {
  payment_status_rollup: `
      status text NOT NULL,
      failure_category text NOT NULL,
      payments bigint NOT NULL,
      amount_minor bigint NOT NULL,
      PRIMARY KEY (${keyHead}, status, failure_category)`,
  // One count per distinct raw code per FAILED payment ('' when it carried none), so the
  // top-codes table sees every reason, not only the first.
  payment_failure_code_rollup: `
      failure_category text NOT NULL,
      failure_code text NOT NULL,
      payments bigint NOT NULL,
      PRIMARY KEY (${keyHead}, failure_category, failure_code)`,
  // Completed payments by log-spaced time to complete (analytics_duration_bucket).
  payment_duration_rollup: `
      duration_bucket smallint NOT NULL,
      payments bigint NOT NULL,
      PRIMARY KEY (${keyHead}, duration_bucket)`,
  // Open-banking funnel: Kashimi by the phase the payment is in (phases only move forward,
  // so it is also the furthest phase reached), Klavi by its raw status (stage in the domain).
  payment_funnel_rollup: `
      phase smallint NOT NULL,
      provider_status text NOT NULL,
      status text NOT NULL,
      failure_category text NOT NULL,
      failure_code text NOT NULL,
      payments bigint NOT NULL,
      PRIMARY KEY (${keyHead}, phase, provider_status, status, failure_category, failure_code)`,
} as const;

// Each dimension is kept when its bit is in the row's set, '' otherwise.
const keptDimensions = `provider,
           CASE WHEN s.dims_set & 2 <> 0 THEN direction ELSE '' END,
           CASE WHEN s.dims_set & 4 <> 0 THEN method ELSE '' END,
           CASE WHEN s.dims_set & 8 <> 0 THEN coalesce(country, '') ELSE '' END,
           CASE WHEN s.dims_set & 16 <> 0 THEN currency ELSE '' END,
           CASE WHEN s.dims_set & 32 <> 0 THEN coalesce(bank_id, '') ELSE '' END`;

const grainBucket = `CASE g.grain WHEN 'h' THEN date_trunc('hour', created_at, 'UTC')
                        WHEN 'd' THEN date_trunc('day', created_at, z.tz)
                        ELSE date_trunc('week', created_at, z.tz) END`;

/**
 * The statements that apply signed rows (`changed`: every payments column and a sign of
 * +1/-1) to the rollups of the given grains. Written out as static SQL inside each trigger
 * function, so PL/pgSQL plans them once per session instead of at every statement.
 */
function rollupStatements(changed: string, grains: readonly string[]): string[] {
  const from = `FROM (${changed}) AS changed
     CROSS JOIN (SELECT time_zone AS tz FROM analytics_settings) AS z
     CROSS JOIN (VALUES ${grains.map((grain) => `('${grain}')`).join(', ')}) AS g(grain)`;
  return [
    // Status sets: provider+direction, +method, +currency, +country, +bank; with the failure
    // category: provider+direction (67) and everything (127).
    `INSERT INTO payment_status_rollup AS r
    SELECT g.grain, s.dims_set, ${grainBucket}, ${keptDimensions}, status,
           CASE WHEN s.dims_set & 64 <> 0 THEN coalesce(failure_category, '') ELSE '' END,
           sum(sign), sum(sign * amount_minor)
      ${from}
     CROSS JOIN (VALUES (3), (7), (19), (11), (35), (67), (127)) AS s(dims_set)
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
    HAVING sum(sign) <> 0 OR sum(sign * amount_minor) <> 0
     ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
    ON CONFLICT (grain, dims_set, bucket, provider, direction, method, country, currency, bank_id, status, failure_category)
    DO UPDATE SET payments = r.payments + excluded.payments, amount_minor = r.amount_minor + excluded.amount_minor`,
    `INSERT INTO payment_failure_code_rollup AS r
    SELECT g.grain, s.dims_set, ${grainBucket}, ${keptDimensions}, coalesce(failure_category, ''), codes.code, sum(sign)
      ${from}
     CROSS JOIN (VALUES (3), (63)) AS s(dims_set)
     CROSS JOIN LATERAL (
           SELECT DISTINCT c FROM unnest(CASE WHEN cardinality(failure_codes) = 0 THEN ARRAY[''] ELSE failure_codes END) AS c
     ) AS codes(code)
     WHERE status = 'FAILED'
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
    HAVING sum(sign) <> 0
     ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
    ON CONFLICT (grain, dims_set, bucket, provider, direction, method, country, currency, bank_id, failure_category, failure_code)
    DO UPDATE SET payments = r.payments + excluded.payments`,
    // Duration sets: provider+direction, +method, +currency, +country, everything.
    `INSERT INTO payment_duration_rollup AS r
    SELECT g.grain, s.dims_set, ${grainBucket}, ${keptDimensions},
           analytics_duration_bucket(greatest(extract(epoch FROM completed_at - created_at), 0)), sum(sign)
      ${from}
     CROSS JOIN (VALUES (3), (7), (19), (11), (63)) AS s(dims_set)
     WHERE status IN ('COMPLETED', 'REFUNDED') AND completed_at IS NOT NULL
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
    HAVING sum(sign) <> 0
     ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
    ON CONFLICT (grain, dims_set, bucket, provider, direction, method, country, currency, bank_id, duration_bucket)
    DO UPDATE SET payments = r.payments + excluded.payments`,
    // Funnel sets: provider+direction with reasons (67), everything with reasons (127), and
    // provider+direction+bank without reasons (35) for the per-bank table.
    `INSERT INTO payment_funnel_rollup AS r
    SELECT g.grain, s.dims_set, ${grainBucket}, ${keptDimensions},
           CASE WHEN provider = 'kashimi' THEN coalesce(phase, 0) ELSE 0 END,
           CASE WHEN provider = 'klavi' THEN upper(provider_status) ELSE '' END,
           status,
           CASE WHEN s.dims_set & 64 <> 0 THEN coalesce(failure_category, '') ELSE '' END,
           CASE WHEN s.dims_set & 64 <> 0 THEN coalesce(failure_codes[1], '') ELSE '' END,
           sum(sign)
      ${from}
     CROSS JOIN (VALUES (67), (127), (35)) AS s(dims_set)
     WHERE provider IN ('kashimi', 'klavi')
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14
    HAVING sum(sign) <> 0
     ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14
    ON CONFLICT (grain, dims_set, bucket, provider, direction, method, country, currency, bank_id, phase, provider_status, status, failure_category, failure_code)
    DO UPDATE SET payments = r.payments + excluded.payments`,
  ];
}

const everyPayment = 'SELECT p.*, 1 AS sign FROM payments p';

const triggers = {
  insert: { changed: 'SELECT n.*, 1 AS sign FROM new_rows n', referencing: 'NEW TABLE AS new_rows' },
  update: {
    changed: 'SELECT n.*, 1 AS sign FROM new_rows n UNION ALL SELECT o.*, -1 FROM old_rows o',
    referencing: 'OLD TABLE AS old_rows NEW TABLE AS new_rows',
  },
  delete: { changed: 'SELECT o.*, -1 AS sign FROM old_rows o', referencing: 'OLD TABLE AS old_rows' },
} as const;

async function dropFirstVersion(db: Kysely<unknown>): Promise<void> {
  // analytics_settings and analytics_duration_bucket() stay as they are.
  for (const operation of Object.keys(triggers)) await sql.raw(`DROP TRIGGER payments_analytics_${operation} ON payments`).execute(db);
  await sql`DROP FUNCTION analytics_set_time_zone(text)`.execute(db);
  await sql`DROP FUNCTION analytics_rollups_apply_delta()`.execute(db);
  await sql`DROP FUNCTION analytics_rollup_statements(text, text, text[])`.execute(db);
  for (const table of ['payment_rollup_daily', 'payment_failure_code_rollup', 'payment_duration_rollup', 'payment_funnel_rollup']) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await dropFirstVersion(db);

  for (const [table, columns] of Object.entries(tables)) {
    await sql.raw(`CREATE TABLE ${table} (${rollupHead},${columns}\n    )`).execute(db);
    // A bank filter or split reads only that bank's rows of the sets that keep banks.
    await sql.raw(`CREATE INDEX ${table}_bank_idx ON ${table} (grain, dims_set, bank_id, bucket) WHERE dims_set IN (35, 63, 127)`).execute(db);
  }

  // Statement-level, over transition tables: a batch of N rows costs one grouped upsert per
  // rollup, and rows are applied in key order so concurrent writers lock them in one order.
  // A batch insert of thousands of rows groups tens of thousands of deltas: sort in memory.
  for (const [operation, { changed, referencing }] of Object.entries(triggers)) {
    await sql
      .raw(
        `CREATE FUNCTION analytics_rollups_on_${operation}() RETURNS trigger LANGUAGE plpgsql SET work_mem = '64MB' AS $$
  BEGIN
    ${rollupStatements(changed, ['h', 'd', 'w']).join(';\n    ')};
    RETURN NULL;
  END $$`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER payments_analytics_${operation} AFTER ${operation.toUpperCase()} ON payments
        REFERENCING ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION analytics_rollups_on_${operation}()`,
      )
      .execute(db);
  }

  // Changing the business zone re-buckets the day and week grains. Writers wait (SHARE
  // lock on payments) so no change slips between the rebuild and the new zone.
  await sql
    .raw(
      `CREATE FUNCTION analytics_set_time_zone(zone text) RETURNS boolean LANGUAGE plpgsql SET work_mem = '256MB' AS $$
  BEGIN
    PERFORM now() AT TIME ZONE zone; -- refuses a zone PostgreSQL does not know
    LOCK TABLE payments IN SHARE MODE;
    IF (SELECT time_zone FROM analytics_settings) = zone THEN
      RETURN false;
    END IF;
    UPDATE analytics_settings SET time_zone = zone;
    DELETE FROM payment_status_rollup WHERE grain <> 'h';
    DELETE FROM payment_failure_code_rollup WHERE grain <> 'h';
    DELETE FROM payment_duration_rollup WHERE grain <> 'h';
    DELETE FROM payment_funnel_rollup WHERE grain <> 'h';
    ${rollupStatements(everyPayment, ['d', 'w']).join(';\n    ')};
    RETURN true;
  END $$`,
    )
    .execute(db);

  // Payments that exist before this migration (a demo database) are counted once.
  await sql`SET LOCAL work_mem = '256MB'`.execute(db);
  for (const statement of rollupStatements(everyPayment, ['h', 'd', 'w'])) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const operation of Object.keys(triggers)) {
    await sql.raw(`DROP TRIGGER payments_analytics_${operation} ON payments`).execute(db);
    await sql.raw(`DROP FUNCTION analytics_rollups_on_${operation}()`).execute(db);
  }
  await sql`DROP FUNCTION analytics_set_time_zone(text)`.execute(db);
  for (const table of Object.keys(tables).reverse()) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
  // The first migration's own up recreates its shapes (and its settings row, in its default zone).
  await sql`DROP TABLE analytics_settings`.execute(db);
  await sql`DROP FUNCTION analytics_duration_bucket(numeric)`.execute(db);
  await firstRollups.up(db);
}
