import { sql, type Kysely } from 'kysely';

// Frozen: once committed, a migration is never edited. Add a new one instead.
//
// Finance: the payout queue with dual control and refunds by reference. The tables came
// with the initial migration; this one adds what the decisions need to be traceable and
// what makes impossible states impossible in the database itself, not only in the code.

export async function up(db: Kysely<unknown>): Promise<void> {
  // Who took the decision: the final approver, or whoever declined.
  await sql`ALTER TABLE payout_decisions ADD COLUMN decided_by uuid REFERENCES staff_users(id)`.execute(db);
  await sql`
    ALTER TABLE payout_decisions ADD CONSTRAINT payout_decisions_state_check
    CHECK (state IN ('awaiting_approval', 'approving', 'declining', 'processing', 'completed', 'failed', 'declined'))`.execute(db);
  // A decision has an action exactly when it is no longer awaiting one.
  await sql`
    ALTER TABLE payout_decisions ADD CONSTRAINT payout_decisions_action_check
    CHECK ((state = 'awaiting_approval') = (decided_action IS NULL))`.execute(db);
  await sql`
    ALTER TABLE payout_decisions ADD CONSTRAINT payout_decisions_decline_reason_check
    CHECK (decided_action IS DISTINCT FROM 'DECLINE' OR decline_reason IS NOT NULL)`.execute(db);
  // History of decided payouts, newest decision first.
  await sql`
    CREATE INDEX payout_decisions_decided_idx ON payout_decisions (decided_at DESC, payment_id DESC)
    WHERE decided_at IS NOT NULL`.execute(db);

  // The queue: Kasha payouts still PENDING at Kasha, oldest first. A small share of all
  // payments, so a partial index keeps every page and the capped count on a few pages.
  await sql`
    CREATE INDEX payments_payout_queue_idx ON payments (created_at, id)
    WHERE provider = 'kasha' AND direction = 'payout' AND status = 'PENDING' AND provider_status = 'PENDING'`.execute(db);

  // The outbox worker and the screens find a payment's commands by payment.
  await sql`CREATE INDEX outbox_payment_idx ON outbox (payment_id) WHERE payment_id IS NOT NULL`.execute(db);
  await sql`ALTER TABLE outbox ADD CONSTRAINT outbox_attempts_check CHECK (attempts >= 0)`.execute(db);

  // Refunds: the list filters by state; the currency is stored as payments store it.
  await sql`CREATE INDEX refunds_state_created_idx ON refunds (state, created_at DESC, id DESC)`.execute(db);
  await sql`ALTER TABLE refunds ADD CONSTRAINT refunds_currency_check CHECK (currency = upper(currency))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE refunds DROP CONSTRAINT refunds_currency_check`.execute(db);
  await sql`DROP INDEX refunds_state_created_idx`.execute(db);
  await sql`ALTER TABLE outbox DROP CONSTRAINT outbox_attempts_check`.execute(db);
  await sql`DROP INDEX outbox_payment_idx`.execute(db);
  await sql`DROP INDEX payments_payout_queue_idx`.execute(db);
  await sql`DROP INDEX payout_decisions_decided_idx`.execute(db);
  await sql`ALTER TABLE payout_decisions DROP CONSTRAINT payout_decisions_decline_reason_check`.execute(db);
  await sql`ALTER TABLE payout_decisions DROP CONSTRAINT payout_decisions_action_check`.execute(db);
  await sql`ALTER TABLE payout_decisions DROP CONSTRAINT payout_decisions_state_check`.execute(db);
  await sql`ALTER TABLE payout_decisions DROP COLUMN decided_by`.execute(db);
}
