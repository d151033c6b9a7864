import { sql, type Kysely } from 'kysely';

// The event that decided a payment's current status, to break ties between events that
// carry the same provider time (the newest key wins, so every replica decides alike).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE payments ADD COLUMN status_event_key text NOT NULL DEFAULT ''`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE payments DROP COLUMN status_event_key`.execute(db);
}
