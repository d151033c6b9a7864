import { createDatabase, migrateToLatest, type PaydeskDatabase } from '@paydesk/db';
import pg from 'pg';
import { benchDatabaseUrl, benchEnv } from './bench-database.ts';
import { openScaleDatabase } from './scale-database.ts';

// Columns the analytics queue copies from payments (migration 2026-11-21T1400).
const PAYMENT_COLUMNS = `id, provider, direction, method, provider_payment_id, provider_reference, merchant_reference, payment_reference,
  amount_minor, currency, country, bank_id, bank_name, customer_name, customer_name_search, customer_email, customer_phone,
  customer_document, card_bin, card_last4, merchant_user_id, status, provider_status, detailed_status, phase, failure_category,
  failure_codes, status_at, created_at, updated_at, completed_at, next_check_at, last_checked_at, check_attempts,
  manual_resolution, metadata, status_event_key`.split(/,\s*/);

// How a copy differs from its original: its own identity and references, its times a little earlier.
const COPY_TRANSFORMS: Record<string, (copy: number, shift: string) => string> = {
  id: () => 'gen_random_uuid()',
  provider_payment_id: (copy) => `provider_payment_id || '~${copy}'`,
  provider_reference: (copy) => `provider_reference || '~${copy}'`,
  merchant_reference: (copy) => `merchant_reference || '~${copy}'`,
  payment_reference: (copy) => `payment_reference || '~${copy}'`,
  status_at: (_copy, shift) => `status_at - ${shift}`,
  created_at: (_copy, shift) => `created_at - ${shift}`,
  updated_at: (_copy, shift) => `updated_at - ${shift}`,
  completed_at: (_copy, shift) => `completed_at - ${shift}`,
  // The copies are history for the charts; the status poller has no business with them.
  next_check_at: () => 'NULL',
};

const COUNTED_COLUMNS = `created_at, completed_at, provider, direction, method, country, currency, bank_id,
  status, failure_category, failure_codes, amount_minor, phase, provider_status`;

/**
 * A manager-analytics set of `times` × the 1M scale set, for the "still fast at 10M" case:
 * a copy of the 1M database in which every payment gets `times - 1` siblings with new ids
 * and references and times shifted by a few minutes, so the providers, banks, methods,
 * statuses and their proportions are those of the generated set, ten times as dense. The
 * analytics read only the rollups (rebuilt here from every payment), and the naive queries
 * beside them read the payments table, so the copies carry no timeline events and the
 * support-search indexes are dropped: they would cost an hour to build and no analytics
 * query touches them. Kept between runs like the 1M set.
 */
export async function openReplicatedScaleDatabase(options: { times: number; log: (line: string) => void }): Promise<{ database: PaydeskDatabase; url: string }> {
  const payments = options.times * 1_000_000;
  const name = `paydesk_bench_${payments}`;
  const admin = new pg.Client({ connectionString: benchEnv.BENCH_DATABASE_URL });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  await admin.end();
  if (!exists) await buildReplica(name, options);
  const { url } = await benchDatabaseUrl(name, { fresh: false });
  const database = await createDatabase({ url, poolSize: 8 });
  await migrateToLatest(database.db);
  return { database, url };
}

async function buildReplica(name: string, options: { times: number; log: (line: string) => void }): Promise<void> {
  const source = await openScaleDatabase({ payments: 1_000_000, reload: false });
  await source.database.destroy();
  const building = `${name}_building`;
  const admin = new pg.Client({ connectionString: benchEnv.BENCH_DATABASE_URL });
  await admin.connect();
  try {
    options.log(`Copying the 1M set into ${building}…`);
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(building)} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(building)} TEMPLATE ${pg.escapeIdentifier('paydesk_bench_1000000')}`);
  } finally {
    await admin.end();
  }
  const { url } = await benchDatabaseUrl(building, { fresh: false });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const step = async (what: string, statement: string) => {
    const started = performance.now();
    await client.query(statement);
    options.log(`  ${what}: ${((performance.now() - started) / 1000).toFixed(0)} s`);
  };
  try {
    await client.query(`SET work_mem = '1GB'; SET maintenance_work_mem = '2GB'; SET synchronous_commit = off`);
    // Only the primary key and the provider-id constraint stay on payments.
    const { rows: indexes } = await client.query<{ name: string }>(`
      SELECT indexrelid::regclass::text AS name FROM pg_index
       WHERE indrelid = 'payments'::regclass AND NOT indisprimary AND NOT indisunique`);
    await step(`dropping ${indexes.length} search indexes`, indexes.map((index) => `DROP INDEX ${index.name};`).join('\n'));
    // The rollups are rebuilt in one pass below instead of queued row by row.
    await step('pausing the payments triggers', 'ALTER TABLE payments DISABLE TRIGGER USER');
    for (let copy = 1; copy < options.times; copy++) {
      // Shifted back, never forward: no payment lands in the future.
      const shift = `interval '${copy * 97} seconds'`;
      const copied = PAYMENT_COLUMNS.map((column) => COPY_TRANSFORMS[column]?.(copy, shift) ?? column);
      await step(
        `copy ${copy} of ${options.times - 1}`,
        `INSERT INTO payments (${PAYMENT_COLUMNS.join(', ')}) SELECT ${copied.join(', ')} FROM payments WHERE provider_payment_id NOT LIKE '%~%'`,
      );
    }
    await step('resuming the payments triggers', 'ALTER TABLE payments ENABLE TRIGGER USER');
    await step(
      'rollups emptied, every payment queued once',
      `TRUNCATE payment_status_rollup, payment_failure_code_rollup, payment_duration_rollup, payment_funnel_rollup, analytics_pending;
       INSERT INTO analytics_pending (sign, ${COUNTED_COLUMNS}) SELECT 1, ${COUNTED_COLUMNS} FROM payments`,
    );
    // Bench database only: the applier's own 64 MB would spill these big batches to disk.
    await client.query(`ALTER FUNCTION analytics_apply_pending(integer, boolean) SET work_mem = '1GB'`);
    for (let batch = 1; ; batch++) {
      const started = performance.now();
      const { rows } = await client.query<{ applied: number }>('SELECT analytics_apply_pending(1000000, false) AS applied');
      options.log(`  rollups: batch ${batch}, ${rows[0]!.applied} deltas in ${((performance.now() - started) / 1000).toFixed(0)} s`);
      if (rows[0]!.applied < 1_000_000) break;
    }
    await client.query(`ALTER FUNCTION analytics_apply_pending(integer, boolean) RESET work_mem`);
    await step('vacuum analyze', 'VACUUM ANALYZE');
  } finally {
    await client.end();
  }
  const rename = new pg.Client({ connectionString: benchEnv.BENCH_DATABASE_URL });
  await rename.connect();
  await rename.query(`ALTER DATABASE ${pg.escapeIdentifier(building)} RENAME TO ${pg.escapeIdentifier(name)}`);
  await rename.end();
}
