import { sql, type Kysely } from 'kysely';

// Frozen: once committed, a migration is never edited. Add a new one instead.
//
// Indexes for the support workspace's list views (payment search and the uncertain
// queue). Each follows PERFORMANCE.md: equality filters first, then the sort key and the
// tie-breaker, so page 1, keyset page N and the capped count all stay on the index.

export async function up(db: Kysely<unknown>): Promise<void> {
  // "Kasha card declines today": provider and status together, newest first.
  await sql`CREATE INDEX payments_provider_status_created_idx ON payments (provider, status, created_at DESC, id DESC)`.execute(db);
  // reason:<category>
  await sql`
    CREATE INDEX payments_failure_category_created_idx ON payments (failure_category, created_at DESC, id DESC)
    WHERE failure_category IS NOT NULL`.execute(db);
  // reason:<raw provider code>: array overlap on the codes the provider sent.
  await sql`CREATE INDEX payments_failure_codes_idx ON payments USING gin (failure_codes)`.execute(db);
  // detailed:<code>: the provider's most detailed status (Kashimi detailed status, else the raw status).
  await sql`
    CREATE INDEX payments_provider_state_created_idx
    ON payments ((upper(coalesce(detailed_status, provider_status))), created_at DESC, id DESC)`.execute(db);
  // The uncertain queue reads open payments oldest step first; open ones are a small share.
  await sql`
    CREATE INDEX payments_open_status_at_idx ON payments (status_at, id)
    WHERE status IN ('PENDING', 'UNKNOWN')`.execute(db);
  // Phone numbers are typed with or without the country code: suffix match on trigrams.
  await sql`CREATE INDEX payments_phone_trgm_idx ON payments USING gin (customer_phone gin_trgm_ops)`.execute(db);
  // bank:<part of the name>
  await sql`CREATE INDEX payments_bank_name_trgm_idx ON payments USING gin (bank_name gin_trgm_ops)`.execute(db);
  // Shared saved views are listed for everyone beside their own.
  await sql`CREATE INDEX saved_views_shared_idx ON saved_views (name) WHERE is_shared`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of [
    'saved_views_shared_idx',
    'payments_bank_name_trgm_idx',
    'payments_phone_trgm_idx',
    'payments_open_status_at_idx',
    'payments_provider_state_created_idx',
    'payments_failure_codes_idx',
    'payments_failure_category_created_idx',
    'payments_provider_status_created_idx',
  ]) {
    await sql`DROP INDEX ${sql.id(index)}`.execute(db);
  }
}
