import { sql, type Kysely } from 'kysely';

// Frozen: once committed, a migration is never edited. Add a new one instead.
//
// Retires payment_rollup_hourly, the first rollup (2026-11-21T0740-initial), and its three
// statement-level triggers. Its only reader, the overview's counts per provider and status,
// now reads payment_status_rollup, which the analytics_pending queue keeps exact
// (docs/decisions/004-analytics-rollups.md). Until now every payments write statement still
// ran its trigger function, whose EXECUTE plans the upsert afresh at every statement: about
// 0.3 ms on each status change and on each poller lease, for figures kept twice.
//
// `down` restores the table, the function and the triggers as the initial migration wrote
// them (a migration must not depend on another file, so the SQL is carried here) and refills
// the table from payments, so the rollup is exact again from the moment it is back.

export async function up(db: Kysely<unknown>): Promise<void> {
  // Triggers first: a payments write must never find a trigger whose table is gone.
  await sql`DROP TRIGGER payments_rollup_insert ON payments`.execute(db);
  await sql`DROP TRIGGER payments_rollup_update ON payments`.execute(db);
  await sql`DROP TRIGGER payments_rollup_delete ON payments`.execute(db);
  await sql`DROP FUNCTION payment_rollup_apply_delta()`.execute(db);
  await sql`DROP TABLE payment_rollup_hourly`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Writers wait until the migration commits, so nothing is written between the refill and
  // the triggers taking over. SHARE ROW EXCLUSIVE is what CREATE TRIGGER takes anyway:
  // taking it now avoids upgrading a weaker lock later, which could deadlock.
  await sql`LOCK TABLE payments IN SHARE ROW EXCLUSIVE MODE`.execute(db);

  await sql`
    CREATE TABLE payment_rollup_hourly (
      bucket timestamptz NOT NULL,
      provider text NOT NULL,
      direction text NOT NULL,
      method text NOT NULL,
      country text NOT NULL,
      currency text NOT NULL,
      bank_id text NOT NULL,
      status text NOT NULL,
      failure_category text NOT NULL,
      failure_code text NOT NULL,
      payments bigint NOT NULL,
      amount_minor bigint NOT NULL,
      PRIMARY KEY (bucket, provider, direction, method, country, currency, bank_id, status, failure_category, failure_code)
    )`.execute(db);

  // One grouped pass with the trigger's own key: what the triggers would hold had they never
  // been dropped (less the rows they left at zero, which no reader could tell from absent).
  await sql`
    INSERT INTO payment_rollup_hourly
    SELECT date_trunc('hour', created_at, 'UTC'), provider, direction, method,
           coalesce(country, ''), currency, coalesce(bank_id, ''), status,
           coalesce(failure_category, ''), coalesce(failure_codes[1], ''),
           count(*), sum(amount_minor)
      FROM payments
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10`.execute(db);

  // The initial migration's function and triggers, word for word (same names, so they fire
  // in the same order among the payments triggers as before).
  await sql`
    CREATE FUNCTION payment_rollup_apply_delta() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      changed_rows text := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT n.*, 1 AS sign FROM new_rows n'
        WHEN 'UPDATE' THEN 'SELECT n.*, 1 AS sign FROM new_rows n UNION ALL SELECT o.*, -1 FROM old_rows o'
        ELSE 'SELECT o.*, -1 AS sign FROM old_rows o'
      END;
    BEGIN
      EXECUTE format($q$
        INSERT INTO payment_rollup_hourly AS r
        SELECT date_trunc('hour', created_at, 'UTC'), provider, direction, method,
               coalesce(country, ''), currency, coalesce(bank_id, ''), status,
               coalesce(failure_category, ''), coalesce(failure_codes[1], ''),
               sum(sign), sum(sign * amount_minor)
          FROM (%s) AS changed
         GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
        HAVING sum(sign) <> 0 OR sum(sign * amount_minor) <> 0
         ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
        ON CONFLICT (bucket, provider, direction, method, country, currency, bank_id, status, failure_category, failure_code)
        DO UPDATE SET payments = r.payments + excluded.payments,
                      amount_minor = r.amount_minor + excluded.amount_minor
      $q$, changed_rows);
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER payments_rollup_insert AFTER INSERT ON payments
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION payment_rollup_apply_delta()`.execute(db);
  await sql`
    CREATE TRIGGER payments_rollup_update AFTER UPDATE ON payments
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION payment_rollup_apply_delta()`.execute(db);
  await sql`
    CREATE TRIGGER payments_rollup_delete AFTER DELETE ON payments
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION payment_rollup_apply_delta()`.execute(db);
}
