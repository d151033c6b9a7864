import { createDatabase, migrateToLatest, type PaydeskDatabase } from '@paydesk/db';
import { loadScaleData } from '@paydesk/db/seed';
import { sql } from 'kysely';
import { benchDatabaseUrl } from './bench-database.ts';

/**
 * The 1M-payment scale set on the bench server, loaded once and kept between runs (it takes
 * minutes to load); `--reload` builds it again.
 */
export async function openScaleDatabase(options: { payments: number; reload: boolean }): Promise<{ database: PaydeskDatabase; url: string }> {
  const { url } = await benchDatabaseUrl(`paydesk_bench_${options.payments}`, { fresh: options.reload });
  const database = await createDatabase({ url, poolSize: 8 });
  await migrateToLatest(database.db);
  const present = await database.db.selectFrom('payments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(present.n) < options.payments) {
    if (Number(present.n) > 0) throw new Error(`The bench database holds ${present.n} payments, fewer than ${options.payments}: run with --reload.`);
    console.log(`Loading ${options.payments.toLocaleString('en-GB')} payments into the bench database (once; kept for later runs)…`);
    let lastReport = 0;
    await loadScaleData(database.db, {
      seed: 20261121,
      count: options.payments,
      now: new Date(),
      days: 180,
      connections: 2,
      relaxedDurability: true,
      onProgress: (progress) => {
        if (Date.now() - lastReport < 10_000) return;
        lastReport = Date.now();
        const rate = progress.payments / (progress.elapsedMs / 1000);
        const eta = (options.payments - progress.payments) / rate;
        console.log(`  ${progress.payments.toLocaleString('en-GB')} payments, ${progress.events.toLocaleString('en-GB')} events, ${Math.round(rate)}/s, ~${Math.round(eta)} s left`);
      },
      // The inserts only queued their analytics deltas; applying them all takes minutes more.
      onRollupProgress: (progress) => {
        if (progress.applied > 0 && Date.now() - lastReport < 10_000) return;
        lastReport = Date.now();
        console.log(`  analytics rollups: ${progress.applied.toLocaleString('en-GB')} of ${progress.total.toLocaleString('en-GB')} queued deltas applied, ${Math.round(progress.elapsedMs / 1000)} s`);
      },
    });
    // Visibility maps and statistics as a long-running database would have them.
    await sql`VACUUM ANALYZE`.execute(database.db);
  }
  return { database, url };
}
