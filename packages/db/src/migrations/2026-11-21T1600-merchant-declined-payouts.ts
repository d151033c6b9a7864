import { sql, type Kysely } from 'kysely';

// Frozen: once committed, a migration is never edited. Add a new one instead.
//
// Kasha reports a payout our finance staff declined as DECLINED, like one its processor
// refused, and without a code; until now such payouts were stored as failures of category
// 'unknown', which the managers' failure charts showed as "Unknown reason". Ingestion now
// reads our decision row and stores them as 'merchant_declined' (@paydesk/domain
// failure.ts). This reclassifies the rows written before, by the same rule: a Kasha payout
// reported DECLINED whose decision is our decline (declining or declined), and only where
// no code named a cause, i.e. where the category was 'unknown'. The unified status stays
// FAILED. The UPDATE of payments queues its deltas in analytics_pending through the
// existing triggers, so the rollups follow without anything else done here.
//
// `down` turns every 'merchant_declined' back into 'unknown': what the code before this
// change wrote for the same payouts, including any ingested after `up`.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    UPDATE payments AS p
       SET failure_category = 'merchant_declined'
      FROM payout_decisions AS d
     WHERE d.payment_id = p.id
       AND d.decided_action = 'DECLINE'
       AND d.state IN ('declining', 'declined')
       AND p.provider = 'kasha'
       AND p.direction = 'payout'
       AND p.status = 'FAILED'
       AND upper(p.provider_status) = 'DECLINED'
       AND p.failure_category = 'unknown'`.execute(db);
  // The timeline's DECLINED events of the same payouts, so the timeline and the payment agree.
  await sql`
    UPDATE payment_events AS e
       SET failure_category = 'merchant_declined'
      FROM payout_decisions AS d, payments AS p
     WHERE d.payment_id = e.payment_id
       AND p.id = e.payment_id
       AND d.decided_action = 'DECLINE'
       AND d.state IN ('declining', 'declined')
       AND p.provider = 'kasha'
       AND p.direction = 'payout'
       AND e.status = 'FAILED'
       AND upper(e.provider_status) = 'DECLINED'
       AND e.failure_category = 'unknown'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`UPDATE payments SET failure_category = 'unknown' WHERE failure_category = 'merchant_declined'`.execute(db);
  await sql`UPDATE payment_events SET failure_category = 'unknown' WHERE failure_category = 'merchant_declined'`.execute(
    db,
  );
}
