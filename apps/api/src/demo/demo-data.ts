import { findStaffUserByEmail, type Database } from '@paydesk/db';
import { DEMO_DEFAULTS, loadDemoData } from '@paydesk/db/seed';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';

/**
 * First start in demo mode: months of realistic payments so every screen has something to
 * show. Skipped when the database already holds payments.
 */
export async function loadDemoDataIfEmpty(db: Kysely<Database>, options: { log: Logger; now: Date; count?: number }): Promise<void> {
  const finance = await findStaffUserByEmail(db, 'finance@paydesk.test');
  const finance2 = await findStaffUserByEmail(db, 'finance2@paydesk.test');
  const count = options.count ?? DEMO_DEFAULTS.count;
  let lastReport = 0;
  const started = Date.now();
  const result = await loadDemoData(db, {
    now: options.now,
    count,
    ...(finance ? { refundRequestedBy: finance.id, refundRequestedRole: 'finance' } : {}),
    ...(finance && finance2 ? { payoutApproverIds: [finance.id, finance2.id] } : {}),
    onProgress: (progress) => {
      if (Date.now() - lastReport < 2000) return;
      lastReport = Date.now();
      const share = Math.round((100 * progress.payments) / count);
      console.log(`  Loading demo payments: ${progress.payments.toLocaleString('en-GB')} of ${count.toLocaleString('en-GB')} (${share} %)`);
    },
    // Then the analytics rollups are brought up to date in one go (a few seconds).
    onRollupProgress: (progress) => {
      if (progress.applied === 0) console.log('  Counting demo payments for the analytics…');
    },
  });
  if (!result.skipped) {
    options.log.info({ ...result, seconds: Math.round((Date.now() - started) / 100) / 10 }, 'demo payments loaded');
  }
}
