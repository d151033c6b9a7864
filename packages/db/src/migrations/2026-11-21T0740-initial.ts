import { sql, type Kysely } from 'kysely';

// Frozen: once committed, a migration is never edited. Add a new one instead.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);

  await sql`
    CREATE TABLE staff_users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL UNIQUE CHECK (email = lower(email)),
      name text NOT NULL,
      role text NOT NULL CHECK (role IN ('support', 'finance', 'manager', 'admin')),
      password_hash text NOT NULL,
      disabled_at timestamptz,
      failed_attempts integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      preferences jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE staff_sessions (
      id text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES staff_users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz,
      ip text,
      user_agent text
    )`.execute(db);
  await sql`CREATE INDEX staff_sessions_user_idx ON staff_sessions (user_id) WHERE revoked_at IS NULL`.execute(db);

  await sql`
    CREATE TABLE saved_views (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      owner_id uuid NOT NULL REFERENCES staff_users(id),
      name text NOT NULL,
      query text NOT NULL,
      is_shared boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (owner_id, name)
    )`.execute(db);

  await sql`
    CREATE TABLE audit_log (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      occurred_at timestamptz NOT NULL DEFAULT now(),
      actor_id uuid,
      actor_email text,
      actor_role text,
      action text NOT NULL,
      target_type text,
      target_id text,
      outcome text NOT NULL,
      before jsonb,
      after jsonb,
      details jsonb,
      ip text,
      request_id text
    )`.execute(db);
  await sql`CREATE INDEX audit_log_time_idx ON audit_log (occurred_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, occurred_at DESC)`.execute(db);
  await sql`CREATE INDEX audit_log_target_idx ON audit_log (target_id, occurred_at DESC)`.execute(db);
  await sql`CREATE INDEX audit_log_action_idx ON audit_log (action, occurred_at DESC)`.execute(db);
  // The audit trail must survive a compromised or buggy application: the database itself
  // refuses to change or remove a row.
  await sql`
    CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`.execute(db);
  await sql`
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`.execute(db);

  await sql`
    CREATE TABLE payments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      provider text NOT NULL CHECK (provider IN ('kashimi', 'klavi', 'kasha')),
      direction text NOT NULL CHECK (direction IN ('payin', 'payout')),
      method text NOT NULL,
      provider_payment_id text NOT NULL,
      provider_reference text,
      merchant_reference text,
      payment_reference text,
      amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
      currency char(3) NOT NULL,
      country char(2),
      bank_id text,
      bank_name text,
      customer_name text,
      customer_name_search text,
      customer_email text CHECK (customer_email = lower(customer_email)),
      customer_phone text,
      customer_document text,
      card_bin char(6),
      card_last4 char(4),
      merchant_user_id text,
      status text NOT NULL CHECK (status IN ('PENDING', 'COMPLETED', 'FAILED', 'UNKNOWN', 'REFUNDED')),
      provider_status text NOT NULL,
      detailed_status text,
      phase smallint,
      failure_category text,
      failure_codes text[] NOT NULL DEFAULT '{}',
      status_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      completed_at timestamptz,
      next_check_at timestamptz,
      last_checked_at timestamptz,
      check_attempts integer NOT NULL DEFAULT 0,
      manual_resolution jsonb,
      metadata jsonb,
      UNIQUE (provider, provider_payment_id)
    )`.execute(db);
  // List views: keyset on (created_at, id), with the common equality filters in front.
  await sql`CREATE INDEX payments_created_idx ON payments (created_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX payments_status_created_idx ON payments (status, created_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX payments_provider_created_idx ON payments (provider, created_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX payments_direction_status_created_idx ON payments (direction, status, created_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX payments_amount_idx ON payments (amount_minor DESC, id DESC)`.execute(db);
  // Lookup by anything a customer can quote: one btree per reference.
  await sql`CREATE INDEX payments_provider_payment_id_idx ON payments (provider_payment_id)`.execute(db);
  await sql`CREATE INDEX payments_provider_reference_idx ON payments (provider_reference) WHERE provider_reference IS NOT NULL`.execute(db);
  await sql`CREATE INDEX payments_merchant_reference_idx ON payments (merchant_reference) WHERE merchant_reference IS NOT NULL`.execute(db);
  await sql`CREATE INDEX payments_payment_reference_idx ON payments (payment_reference) WHERE payment_reference IS NOT NULL`.execute(db);
  await sql`CREATE INDEX payments_email_idx ON payments (customer_email, created_at DESC) WHERE customer_email IS NOT NULL`.execute(db);
  await sql`CREATE INDEX payments_phone_idx ON payments (customer_phone, created_at DESC) WHERE customer_phone IS NOT NULL`.execute(db);
  await sql`CREATE INDEX payments_card_last4_idx ON payments (card_last4, created_at DESC, id DESC) WHERE card_last4 IS NOT NULL`.execute(db);
  // Contains search on name and email (pg_trgm, at least 3 characters).
  await sql`CREATE INDEX payments_name_trgm_idx ON payments USING gin (customer_name_search gin_trgm_ops)`.execute(db);
  await sql`CREATE INDEX payments_email_trgm_idx ON payments USING gin (customer_email gin_trgm_ops)`.execute(db);
  // Pollers pick what is due.
  await sql`CREATE INDEX payments_next_check_idx ON payments (next_check_at) WHERE next_check_at IS NOT NULL`.execute(db);

  await sql`
    CREATE TABLE payment_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      payment_id uuid NOT NULL REFERENCES payments(id),
      event_key text NOT NULL,
      source text NOT NULL,
      status text NOT NULL,
      provider_status text NOT NULL,
      detailed_status text,
      phase smallint,
      failure_category text,
      failure_codes text[] NOT NULL DEFAULT '{}',
      occurred_at timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      payload jsonb,
      UNIQUE (payment_id, event_key)
    )`.execute(db);
  await sql`CREATE INDEX payment_events_timeline_idx ON payment_events (payment_id, occurred_at, id)`.execute(db);

  await sql`
    CREATE TABLE webhook_inbox (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      provider text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      headers jsonb NOT NULL,
      body text NOT NULL,
      state text NOT NULL CHECK (state IN ('received', 'processed', 'duplicate', 'rejected', 'failed')),
      reject_reason text,
      event_key text,
      provider_payment_id text,
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz,
      locked_until timestamptz,
      processed_at timestamptz,
      last_error text
    )`.execute(db);
  await sql`CREATE INDEX webhook_inbox_due_idx ON webhook_inbox (next_attempt_at, id) WHERE state = 'received'`.execute(db);
  await sql`CREATE INDEX webhook_inbox_received_idx ON webhook_inbox (received_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX webhook_inbox_state_idx ON webhook_inbox (state, received_at DESC, id DESC)`.execute(db);

  await sql`
    CREATE TABLE outbox (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      kind text NOT NULL,
      payment_id uuid REFERENCES payments(id),
      idempotency_key text NOT NULL UNIQUE,
      payload jsonb NOT NULL,
      state text NOT NULL CHECK (state IN ('pending', 'in_flight', 'succeeded', 'failed', 'unknown')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      locked_until timestamptz,
      last_error text,
      result jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX outbox_due_idx ON outbox (next_attempt_at, id) WHERE state IN ('pending', 'in_flight', 'unknown')`.execute(db);

  await sql`
    CREATE TABLE payout_decisions (
      payment_id uuid PRIMARY KEY REFERENCES payments(id),
      state text NOT NULL,
      required_approvals smallint NOT NULL CHECK (required_approvals IN (1, 2)),
      decided_action text CHECK (decided_action IN ('APPROVE', 'DECLINE')),
      decline_reason text,
      decided_at timestamptz,
      provider_answer jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX payout_decisions_state_idx ON payout_decisions (state, created_at, payment_id)`.execute(db);
  await sql`
    CREATE TABLE payout_approvals (
      payment_id uuid NOT NULL REFERENCES payout_decisions(payment_id),
      user_id uuid NOT NULL REFERENCES staff_users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (payment_id, user_id)
    )`.execute(db);

  await sql`
    CREATE TABLE refunds (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      payment_id uuid NOT NULL UNIQUE REFERENCES payments(id),
      merchant_reference text NOT NULL UNIQUE,
      amount_minor bigint NOT NULL CHECK (amount_minor > 0),
      currency char(3) NOT NULL,
      state text NOT NULL CHECK (state IN ('requested', 'submitted', 'succeeded', 'failed', 'unknown')),
      reason text NOT NULL,
      requested_by uuid NOT NULL REFERENCES staff_users(id),
      requested_role text NOT NULL,
      provider_answer jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX refunds_created_idx ON refunds (created_at DESC, id DESC)`.execute(db);

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

  // The rollup is kept by statement-level triggers with transition tables: every write
  // path (ingestion, seeding, manual fixes) keeps it exact, and a batch of N rows costs one
  // grouped upsert instead of N hot-row updates. Rows are applied in key order so that
  // concurrent writers take row locks in the same order and cannot deadlock each other.
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

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE payment_rollup_hourly`.execute(db);
  await sql`DROP TRIGGER payments_rollup_insert ON payments`.execute(db);
  await sql`DROP TRIGGER payments_rollup_update ON payments`.execute(db);
  await sql`DROP TRIGGER payments_rollup_delete ON payments`.execute(db);
  await sql`DROP FUNCTION payment_rollup_apply_delta()`.execute(db);
  for (const table of [
    'refunds',
    'payout_approvals',
    'payout_decisions',
    'outbox',
    'webhook_inbox',
    'payment_events',
    'payments',
    'audit_log',
    'saved_views',
    'staff_sessions',
    'staff_users',
  ]) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
  await sql`DROP FUNCTION audit_log_refuse_change()`.execute(db);
}
