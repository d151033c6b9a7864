import { sql, type Kysely } from 'kysely';
import { drainBeforeRebuild, grainBucket, keptDimensions, rollupStatements } from './2026-11-21T1400-analytics-pending-deltas.ts';

// Frozen: once committed, a migration is never edited. Add a new one instead.
//
// A new grouping set of payment_status_rollup, 163: provider, direction and bank with the
// statuses summed (bit 128: status and failure category stored as ''). Ranking banks by
// payments started, which a conversion chart split by bank does before it reads the top
// eight by day, summed every status row of set 35: about 6,900 rows for 90 days at 1M
// payments, most of that call's time. Set 163 holds the same counts in about a fifth of
// the rows, and a status change nets to zero in it, so ingestion rarely writes it.
//
// Only the status rollup statement changes; the other three are 2026-11-21T1400's, imported.
// Writers and appliers wait for this migration (analytics_pending locked first, so no
// applier is half-way through a batch with the old function), and the new set is filled
// from set 35, which counts every payment whose deltas were applied; deltas still queued
// are applied later by the new function, into both sets.

/** analytics_apply_pending() and analytics_set_time_zone() around the given rollup statements. */
function functionSources(statements: (changed: string, grains: readonly string[]) => string[]): string[] {
  const takeBatch = (lock: string) => `WITH taken AS (
        DELETE FROM analytics_pending
         WHERE id = ANY (ARRAY(SELECT id FROM analytics_pending ORDER BY id LIMIT max_rows ${lock}))
        RETURNING analytics_pending AS delta
      )
      SELECT array_agg(delta) INTO pending FROM taken`;
  return [
    `CREATE OR REPLACE FUNCTION analytics_apply_pending(max_rows integer, wait boolean) RETURNS integer LANGUAGE plpgsql SET work_mem = '64MB' AS $$
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
    ${statements('SELECT * FROM unnest(pending)', ['h', 'd', 'w']).join(';\n    ')};
    RETURN cardinality(pending);
  END $$`,
    `CREATE OR REPLACE FUNCTION analytics_set_time_zone(zone text) RETURNS boolean LANGUAGE plpgsql SET work_mem = '256MB' AS $$
  BEGIN
    PERFORM now() AT TIME ZONE zone; -- refuses a zone PostgreSQL does not know
    LOCK TABLE payments IN SHARE MODE;
    IF (SELECT time_zone FROM analytics_settings) = zone THEN
      RETURN false;
    END IF;${drainBeforeRebuild}
    UPDATE analytics_settings SET time_zone = zone;
    DELETE FROM payment_status_rollup WHERE grain <> 'h';
    DELETE FROM payment_failure_code_rollup WHERE grain <> 'h';
    DELETE FROM payment_duration_rollup WHERE grain <> 'h';
    DELETE FROM payment_funnel_rollup WHERE grain <> 'h';
    ${statements('SELECT p.*, 1 AS sign FROM payments p', ['d', 'w']).join(';\n    ')};
    RETURN true;
  END $$`,
  ];
}

/** 1400's statements with set 163 added to the status rollup. */
function withAllStatusesSet(changed: string, grains: readonly string[]): string[] {
  const [, ...unchanged] = rollupStatements(changed, grains);
  const status = `INSERT INTO payment_status_rollup AS r
    SELECT g.grain, s.dims_set, ${grainBucket}, ${keptDimensions},
           CASE WHEN s.dims_set & 128 <> 0 THEN '' ELSE status END,
           CASE WHEN s.dims_set & 64 <> 0 THEN coalesce(failure_category, '') ELSE '' END,
           sum(sign), sum(sign * amount_minor)
      FROM (${changed}) AS changed
     CROSS JOIN (SELECT time_zone AS tz FROM analytics_settings) AS z
     CROSS JOIN (VALUES ${grains.map((grain) => `('${grain}')`).join(', ')}) AS g(grain)
     CROSS JOIN (VALUES (3), (7), (19), (11), (35), (67), (127), (163)) AS s(dims_set)
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
    HAVING sum(sign) <> 0 OR sum(sign * amount_minor) <> 0
     ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
    ON CONFLICT (grain, dims_set, bucket, provider, direction, method, country, currency, bank_id, status, failure_category)
    DO UPDATE SET payments = r.payments + excluded.payments, amount_minor = r.amount_minor + excluded.amount_minor`;
  return [status, ...unchanged];
}

async function holdAppliersAndWriters(db: Kysely<unknown>): Promise<void> {
  // EXCLUSIVE conflicts with the ROW EXCLUSIVE that queueing (INSERT) and applying (DELETE)
  // take, so both wait for the commit, and an applier that already took a batch finishes first.
  await sql`LOCK TABLE analytics_pending IN EXCLUSIVE MODE`.execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await holdAppliersAndWriters(db);
  await sql`
    INSERT INTO payment_status_rollup
    SELECT grain, 163, bucket, provider, direction, '', '', '', bank_id, '', '', sum(payments), sum(amount_minor)
      FROM payment_status_rollup
     WHERE dims_set = 35
     GROUP BY grain, bucket, provider, direction, bank_id
    HAVING sum(payments) <> 0 OR sum(amount_minor) <> 0`.execute(db);
  for (const source of functionSources(withAllStatusesSet)) await sql.raw(source).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await holdAppliersAndWriters(db);
  for (const source of functionSources(rollupStatements)) await sql.raw(source).execute(db);
  await sql`DELETE FROM payment_status_rollup WHERE dims_set = 163`.execute(db);
}
