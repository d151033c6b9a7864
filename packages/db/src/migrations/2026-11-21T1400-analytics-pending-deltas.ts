import { sql, type Kysely } from 'kysely';

// Frozen: once committed, a migration is never edited. Add a new one instead.
//
// The rollups of 2026-11-21T1300-analytics-grouping-sets stay as they are; what changes is
// when they are written (docs/decisions/004-analytics-rollups.md, "Pending deltas"). Until
// now each payments statement ran four grouped upserts over three grains and several
// grouping sets inside the writer's transaction: about a millisecond per status change,
// paid by webhook ingestion, and paid in full even by UPDATEs that change no counted column
// (the status poller's leases). Now a statement only appends its signed rows to
// analytics_pending, and analytics_apply_pending() folds them into the rollups in batches:
// a worker drains the queue continuously and every analytics read drains it first, so
// answers still include every change committed before they were asked.
//
// The rollup statements below are a copy of the 1300 migration's generator: a migration
// must not change when another file does, so it carries its own SQL. 2026-11-21T1700 reuses
// them (hence the exports): what they generate must never change.

export const keptDimensions = `provider,
           CASE WHEN s.dims_set & 2 <> 0 THEN direction ELSE '' END,
           CASE WHEN s.dims_set & 4 <> 0 THEN method ELSE '' END,
           CASE WHEN s.dims_set & 8 <> 0 THEN coalesce(country, '') ELSE '' END,
           CASE WHEN s.dims_set & 16 <> 0 THEN currency ELSE '' END,
           CASE WHEN s.dims_set & 32 <> 0 THEN coalesce(bank_id, '') ELSE '' END`;

export const grainBucket = `CASE g.grain WHEN 'h' THEN date_trunc('hour', created_at, 'UTC')
                        WHEN 'd' THEN date_trunc('day', created_at, z.tz)
                        ELSE date_trunc('week', created_at, z.tz) END`;

/**
 * The statements that apply signed rows (`changed`: at least the payments columns listed in
 * `countedColumns` and a sign of +1/-1) to the rollups of the given grains. Identical to the
 * 1300 migration's, so `down` restores its functions word for word.
 */
export function rollupStatements(changed: string, grains: readonly string[]): string[] {
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

/**
 * Every payments column the rollup statements read, with its type in payments. The queue
 * keeps these and nothing else (no customer data, no JSON), and an UPDATE that changes none
 * of them queues nothing.
 */
const countedColumns = [
  ['created_at', 'timestamptz'],
  ['completed_at', 'timestamptz'],
  ['provider', 'text'],
  ['direction', 'text'],
  ['method', 'text'],
  ['country', 'char(2)'],
  ['currency', 'char(3)'],
  ['bank_id', 'text'],
  ['status', 'text'],
  ['failure_category', 'text'],
  ['failure_codes', 'text[]'],
  ['amount_minor', 'bigint'],
  ['phase', 'smallint'],
  ['provider_status', 'text'],
] as const;

const columnList = countedColumns.map(([name]) => name).join(', ');
const columnsOf = (alias: string) => countedColumns.map(([name]) => `${alias}.${name}`).join(', ');

// What each trigger queues. An UPDATE pairs old and new versions by id and queues -1/+1 only
// where a counted column differs; a version without a partner (an id that changed) is queued
// alone, which is still exact since every version is counted once with its sign.
const queueingBodies = {
  insert: `INSERT INTO analytics_pending (sign, ${columnList})
    SELECT 1, ${columnsOf('n')} FROM new_rows n`,
  update: `INSERT INTO analytics_pending (sign, ${columnList})
    SELECT -1, ${columnsOf('o')} FROM old_rows o LEFT JOIN new_rows n ON n.id = o.id
     WHERE (${columnsOf('o')}) IS DISTINCT FROM (${columnsOf('n')})
    UNION ALL
    SELECT 1, ${columnsOf('n')} FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id
     WHERE (${columnsOf('n')}) IS DISTINCT FROM (${columnsOf('o')})`,
  delete: `INSERT INTO analytics_pending (sign, ${columnList})
    SELECT -1, ${columnsOf('o')} FROM old_rows o`,
} as const;

// The 1300 migration's trigger sources, for `down`.
const directChanges = {
  insert: 'SELECT n.*, 1 AS sign FROM new_rows n',
  update: 'SELECT n.*, 1 AS sign FROM new_rows n UNION ALL SELECT o.*, -1 FROM old_rows o',
  delete: 'SELECT o.*, -1 AS sign FROM old_rows o',
} as const;

const everyPayment = 'SELECT p.*, 1 AS sign FROM payments p';

// The 1300 migration's analytics_set_time_zone, for `down` and as the tail of the new one.
function setTimeZoneFunction(drainFirst: string): string {
  return `CREATE OR REPLACE FUNCTION analytics_set_time_zone(zone text) RETURNS boolean LANGUAGE plpgsql SET work_mem = '256MB' AS $$
  BEGIN
    PERFORM now() AT TIME ZONE zone; -- refuses a zone PostgreSQL does not know
    LOCK TABLE payments IN SHARE MODE;
    IF (SELECT time_zone FROM analytics_settings) = zone THEN
      RETURN false;
    END IF;${drainFirst}
    UPDATE analytics_settings SET time_zone = zone;
    DELETE FROM payment_status_rollup WHERE grain <> 'h';
    DELETE FROM payment_failure_code_rollup WHERE grain <> 'h';
    DELETE FROM payment_duration_rollup WHERE grain <> 'h';
    DELETE FROM payment_funnel_rollup WHERE grain <> 'h';
    ${rollupStatements(everyPayment, ['d', 'w']).join(';\n    ')};
    RETURN true;
  END $$`;
}

// Writers are held off by the SHARE lock, so the queue only holds committed deltas. They are
// all locked first, before any rollup row: an applier that took some earlier finishes (this
// waits for it) and none can take more, so this never holds rollup rows while waiting for
// queue rows that someone holding rollup rows would need. Then they are applied in the old
// zone, in batches that bound the memory: the hour grain needs them, and the day and week
// grains rebuilt next already count every payment as it is.
export const drainBeforeRebuild = `
    PERFORM 1 FROM analytics_pending FOR UPDATE;
    LOOP
      EXIT WHEN analytics_apply_pending(50000, true) < 50000;
    END LOOP;`;

export async function up(db: Kysely<unknown>): Promise<void> {
  // Logged, not UNLOGGED: a crash must not lose deltas whose payments changes committed.
  await sql
    .raw(
      `CREATE TABLE analytics_pending (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      sign smallint NOT NULL CHECK (sign IN (-1, 1)),
      ${countedColumns.map(([name, type]) => `${name} ${type}`).join(',\n      ')}
    )`,
    )
    .execute(db);

  // Takes up to max_rows deltas (NULL: all) in id order, deletes them and applies them; only
  // the transaction that deleted a row applies it, so concurrent appliers never apply one
  // twice. SKIP LOCKED lets workers take disjoint batches; `wait` makes a reader that must be
  // exact wait for a batch another applier holds instead of skipping it. The rows go through
  // a local array so the four upserts stay separate statements in one fixed order, each in
  // key order: concurrent appliers lock rollup rows in the same order and cannot deadlock.
  // The statements are static, so PL/pgSQL plans them once per session.
  const pendingRows = 'SELECT * FROM unnest(pending)';
  const takeBatch = (lock: string) => `WITH taken AS (
        DELETE FROM analytics_pending
         WHERE id = ANY (ARRAY(SELECT id FROM analytics_pending ORDER BY id LIMIT max_rows ${lock}))
        RETURNING analytics_pending AS delta
      )
      SELECT array_agg(delta) INTO pending FROM taken`;
  await sql
    .raw(
      `CREATE FUNCTION analytics_apply_pending(max_rows integer, wait boolean) RETURNS integer LANGUAGE plpgsql SET work_mem = '64MB' AS $$
  DECLARE
    pending analytics_pending[];
  BEGIN
    IF wait THEN
      ${takeBatch('FOR UPDATE')};
    ELSE
      ${takeBatch('FOR UPDATE SKIP LOCKED')};
    END IF;
    IF pending IS NULL THEN
      RETURN 0;
    END IF;
    ${rollupStatements(pendingRows, ['h', 'd', 'w']).join(';\n    ')};
    RETURN cardinality(pending);
  END $$`,
    )
    .execute(db);

  // Same functions, same triggers (their transition tables are what the queue copies from);
  // only the bodies change. No work_mem setting any more: the bodies copy rows and sort
  // nothing, and a function's SET clause is paid on every call.
  for (const [operation, body] of Object.entries(queueingBodies)) {
    await sql
      .raw(
        `CREATE OR REPLACE FUNCTION analytics_rollups_on_${operation}() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    ${body};
    RETURN NULL;
  END $$`,
      )
      .execute(db);
  }

  await sql.raw(setTimeZoneFunction(drainBeforeRebuild)).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Writers wait until the migration commits, so no delta is queued after the drain and
  // none is written twice (once queued, once by the restored triggers).
  await sql`LOCK TABLE payments IN SHARE MODE`.execute(db);
  await sql.raw(`DO $$ BEGIN${drainBeforeRebuild}\n  END $$`).execute(db);

  for (const [operation, changed] of Object.entries(directChanges)) {
    await sql
      .raw(
        `CREATE OR REPLACE FUNCTION analytics_rollups_on_${operation}() RETURNS trigger LANGUAGE plpgsql SET work_mem = '64MB' AS $$
  BEGIN
    ${rollupStatements(changed, ['h', 'd', 'w']).join(';\n    ')};
    RETURN NULL;
  END $$`,
      )
      .execute(db);
  }
  await sql.raw(setTimeZoneFunction('')).execute(db);
  await sql`DROP FUNCTION analytics_apply_pending(integer, boolean)`.execute(db);
  await sql`DROP TABLE analytics_pending`.execute(db);
}
