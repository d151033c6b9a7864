import { sql, type Kysely } from 'kysely';

// Frozen: once committed, a migration is never edited. Add a new one instead.
//
// Payments by bank, newest first. The analytics rollups keep only a bank's id ("de-ing",
// an ISPB code), which means nothing to a manager; its name is on the payments. With this
// index the latest name of each bank on screen is one short index probe (bankNamesOf), and a
// search by bank id (`bank:de-ing`) reads its payments in time order instead of filtering.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX payments_bank_created_idx ON payments (bank_id, created_at DESC) WHERE bank_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX payments_bank_created_idx`.execute(db);
}
