import { sql, type Kysely } from 'kysely';

// Frozen: once committed, a migration is never edited. Add a new one instead.
//
// Rollups for the managers' analytics (docs/decisions/004-analytics-rollups.md). Every
// table counts payments by the bucket they were CREATED in and their CURRENT state, so a
// status change moves one count from one row to another. Two grains:
//   'h' — the UTC hour (exact for any range of whole UTC hours, any whole-hour zone);
//   'd' — the calendar day in the analytics time zone (analytics_settings), so 90 days
//         read ~24× fewer rows and days are exact even in half-hour zones.
// The existing payment_rollup_hourly is the 'h' grain of the status rollup;
// payment_rollup_daily is its 'd' grain, with the same columns.

const dimensionColumns = `
      provider text NOT NULL,
      direction text NOT NULL,
      method text NOT NULL,
      country text NOT NULL,
      currency text NOT NULL,
      bank_id text NOT NULL`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE analytics_settings (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      time_zone text NOT NULL
    )`.execute(db);
  // The API's default business zone; analytics_set_time_zone() changes it and rebuilds.
  await sql`INSERT INTO analytics_settings (time_zone) VALUES ('Europe/Madrid')`.execute(db);

  await sql
    .raw(
      `CREATE TABLE payment_rollup_daily (
      bucket timestamptz NOT NULL,${dimensionColumns},
      status text NOT NULL,
      failure_category text NOT NULL,
      failure_code text NOT NULL,
      payments bigint NOT NULL,
      amount_minor bigint NOT NULL,
      PRIMARY KEY (bucket, provider, direction, method, country, currency, bank_id, status, failure_category, failure_code)
    )`,
    )
    .execute(db);

  // One count per distinct raw code per FAILED payment ('' when it carried none), so the
  // top-codes table sees every reason, not only the first.
  await sql
    .raw(
      `CREATE TABLE payment_failure_code_rollup (
      grain text NOT NULL CHECK (grain IN ('h', 'd')),
      bucket timestamptz NOT NULL,${dimensionColumns},
      failure_category text NOT NULL,
      failure_code text NOT NULL,
      payments bigint NOT NULL,
      PRIMARY KEY (grain, bucket, provider, direction, method, country, currency, bank_id, failure_category, failure_code)
    )`,
    )
    .execute(db);

  // Completed payments by log-spaced time to complete (analytics_duration_bucket).
  await sql
    .raw(
      `CREATE TABLE payment_duration_rollup (
      grain text NOT NULL CHECK (grain IN ('h', 'd')),
      bucket timestamptz NOT NULL,${dimensionColumns},
      duration_bucket smallint NOT NULL,
      payments bigint NOT NULL,
      PRIMARY KEY (grain, bucket, provider, direction, method, country, currency, bank_id, duration_bucket)
    )`,
    )
    .execute(db);

  // Open-banking funnel: Kashimi by the phase the payment is in (phases only move forward,
  // so it is also the furthest phase reached), Klavi by its raw status (stage in the domain).
  await sql
    .raw(
      `CREATE TABLE payment_funnel_rollup (
      grain text NOT NULL CHECK (grain IN ('h', 'd')),
      bucket timestamptz NOT NULL,${dimensionColumns},
      phase smallint NOT NULL,
      provider_status text NOT NULL,
      status text NOT NULL,
      failure_category text NOT NULL,
      failure_code text NOT NULL,
      payments bigint NOT NULL,
      PRIMARY KEY (grain, bucket, provider, direction, method, country, currency, bank_id, phase, provider_status, status, failure_category, failure_code)
    )`,
    )
    .execute(db);

  // Bucket k >= 1 holds durations in [2^((k-1)/4), 2^(k/4)) seconds; 0 holds under a second.
  // numeric log keeps exact powers of two on the right side of a boundary.
  await sql`
    CREATE FUNCTION analytics_duration_bucket(seconds numeric) RETURNS smallint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT CASE WHEN seconds < 1 THEN 0
                  ELSE least(1 + floor(log(2::numeric, seconds) * 4), 200)::smallint END
    $$`.execute(db);

  // The statements that apply a set of signed rows ("changed", with every payments column
  // and a sign of +1/-1) to the rollups of the given grains. Returned as text because the
  // trigger's transition tables are only visible to statements the trigger runs itself.
  await sql`
    CREATE FUNCTION analytics_rollup_statements(changed_rows text, time_zone text, grains text[]) RETURNS text[]
    LANGUAGE plpgsql STABLE AS $fn$
    DECLARE
      dims constant text := 'provider, direction, method, coalesce(country, ''''), currency, coalesce(bank_id, '''')';
      grain_bucket constant text := format(
        'CASE g.grain WHEN ''h'' THEN date_trunc(''hour'', created_at, ''UTC'') ELSE date_trunc(''day'', created_at, %L) END',
        time_zone);
      grain_list constant text := format('(SELECT unnest(%L::text[])) AS g(grain)', grains);
      statements text[] := '{}';
    BEGIN
      IF 'd' = ANY(grains) THEN
        statements := statements || format($q$
          INSERT INTO payment_rollup_daily AS r
          SELECT date_trunc('day', created_at, %L), %s, status,
                 coalesce(failure_category, ''), coalesce(failure_codes[1], ''),
                 sum(sign), sum(sign * amount_minor)
            FROM (%s) AS changed
           GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
          HAVING sum(sign) <> 0 OR sum(sign * amount_minor) <> 0
           ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
          ON CONFLICT (bucket, provider, direction, method, country, currency, bank_id, status, failure_category, failure_code)
          DO UPDATE SET payments = r.payments + excluded.payments, amount_minor = r.amount_minor + excluded.amount_minor
        $q$, time_zone, dims, changed_rows);
      END IF;

      statements := statements || format($q$
        INSERT INTO payment_failure_code_rollup AS r
        SELECT g.grain, %s, %s, coalesce(failure_category, ''), codes.code, sum(sign)
          FROM (%s) AS changed
         CROSS JOIN %s
         CROSS JOIN LATERAL (
               SELECT DISTINCT c FROM unnest(CASE WHEN cardinality(failure_codes) = 0 THEN ARRAY[''] ELSE failure_codes END) AS c
         ) AS codes(code)
         WHERE status = 'FAILED'
         GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
        HAVING sum(sign) <> 0
         ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
        ON CONFLICT (grain, bucket, provider, direction, method, country, currency, bank_id, failure_category, failure_code)
        DO UPDATE SET payments = r.payments + excluded.payments
      $q$, grain_bucket, dims, changed_rows, grain_list);

      statements := statements || format($q$
        INSERT INTO payment_duration_rollup AS r
        SELECT g.grain, %s, %s,
               analytics_duration_bucket(greatest(extract(epoch FROM completed_at - created_at), 0)), sum(sign)
          FROM (%s) AS changed
         CROSS JOIN %s
         WHERE status IN ('COMPLETED', 'REFUNDED') AND completed_at IS NOT NULL
         GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
        HAVING sum(sign) <> 0
         ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9
        ON CONFLICT (grain, bucket, provider, direction, method, country, currency, bank_id, duration_bucket)
        DO UPDATE SET payments = r.payments + excluded.payments
      $q$, grain_bucket, dims, changed_rows, grain_list);

      statements := statements || format($q$
        INSERT INTO payment_funnel_rollup AS r
        SELECT g.grain, %s, %s,
               CASE WHEN provider = 'kashimi' THEN coalesce(phase, 0) ELSE 0 END,
               CASE WHEN provider = 'klavi' THEN upper(provider_status) ELSE '' END,
               status, coalesce(failure_category, ''), coalesce(failure_codes[1], ''), sum(sign)
          FROM (%s) AS changed
         CROSS JOIN %s
         WHERE provider IN ('kashimi', 'klavi')
         GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13
        HAVING sum(sign) <> 0
         ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13
        ON CONFLICT (grain, bucket, provider, direction, method, country, currency, bank_id, phase, provider_status, status, failure_category, failure_code)
        DO UPDATE SET payments = r.payments + excluded.payments
      $q$, grain_bucket, dims, changed_rows, grain_list);
      RETURN statements;
    END $fn$`.execute(db);

  // Statement-level, over transition tables: a batch of N rows costs one grouped upsert per
  // rollup, and rows are applied in key order so concurrent writers lock them in one order.
  await sql`
    CREATE FUNCTION analytics_rollups_apply_delta() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      changed_rows text := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT n.*, 1 AS sign FROM new_rows n'
        WHEN 'UPDATE' THEN 'SELECT n.*, 1 AS sign FROM new_rows n UNION ALL SELECT o.*, -1 FROM old_rows o'
        ELSE 'SELECT o.*, -1 AS sign FROM old_rows o'
      END;
      zone text;
      statement text;
    BEGIN
      SELECT time_zone INTO STRICT zone FROM analytics_settings;
      FOREACH statement IN ARRAY analytics_rollup_statements(changed_rows, zone, '{h,d}') LOOP
        EXECUTE statement;
      END LOOP;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER payments_analytics_insert AFTER INSERT ON payments
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_rollups_apply_delta()`.execute(db);
  await sql`
    CREATE TRIGGER payments_analytics_update AFTER UPDATE ON payments
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_rollups_apply_delta()`.execute(db);
  await sql`
    CREATE TRIGGER payments_analytics_delete AFTER DELETE ON payments
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_rollups_apply_delta()`.execute(db);

  // Changing the business zone re-buckets the daily grain. Writers wait (SHARE lock on
  // payments) so no change slips between the rebuild and the new zone.
  await sql`
    CREATE FUNCTION analytics_set_time_zone(zone text) RETURNS boolean LANGUAGE plpgsql AS $$
    DECLARE
      statement text;
    BEGIN
      PERFORM now() AT TIME ZONE zone; -- refuses a zone PostgreSQL does not know
      LOCK TABLE payments IN SHARE MODE;
      IF (SELECT time_zone FROM analytics_settings) = zone THEN
        RETURN false;
      END IF;
      UPDATE analytics_settings SET time_zone = zone;
      DELETE FROM payment_rollup_daily;
      DELETE FROM payment_failure_code_rollup WHERE grain = 'd';
      DELETE FROM payment_duration_rollup WHERE grain = 'd';
      DELETE FROM payment_funnel_rollup WHERE grain = 'd';
      FOREACH statement IN ARRAY analytics_rollup_statements('SELECT p.*, 1 AS sign FROM payments p', zone, '{d}') LOOP
        EXECUTE statement;
      END LOOP;
      RETURN true;
    END $$`.execute(db);

  // Payments that exist before this migration (a demo database) are counted once.
  await sql`
    DO $$
    DECLARE
      statement text;
    BEGIN
      FOREACH statement IN ARRAY analytics_rollup_statements(
        'SELECT p.*, 1 AS sign FROM payments p', (SELECT time_zone FROM analytics_settings), '{h,d}') LOOP
        EXECUTE statement;
      END LOOP;
    END $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER payments_analytics_insert ON payments`.execute(db);
  await sql`DROP TRIGGER payments_analytics_update ON payments`.execute(db);
  await sql`DROP TRIGGER payments_analytics_delete ON payments`.execute(db);
  await sql`DROP FUNCTION analytics_set_time_zone(text)`.execute(db);
  await sql`DROP FUNCTION analytics_rollups_apply_delta()`.execute(db);
  await sql`DROP FUNCTION analytics_rollup_statements(text, text, text[])`.execute(db);
  await sql`DROP FUNCTION analytics_duration_bucket(numeric)`.execute(db);
  for (const table of [
    'payment_funnel_rollup',
    'payment_duration_rollup',
    'payment_failure_code_rollup',
    'payment_rollup_daily',
    'analytics_settings',
  ]) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
}
