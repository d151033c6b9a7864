import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPendingAnalytics } from '../src/queries/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';
import { expectStatusRollupMatchesPayments, insertPayments, paymentArbitrary, pause, queued, removeEveryPayment } from './support/analytics-pending.ts';

// PostgreSQL only (vitest.config.ts runs *.postgres.test.ts when TEST_DATABASE_URL is set):
// PGlite has one connection, so a transaction held open there would stall the reader forever.

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.destroy());

describe('a reader that must be exact', () => {
  it(
    'makes a reader that must be exact wait for a batch another applier holds, and apply it if that one fails (PostgreSQL)',
    async () => {
      const db = database.db;
      await removeEveryPayment(db);
      const specs = fc.sample(paymentArbitrary, { numRuns: 15, seed: 11 });
      await insertPayments(db, specs.slice(0, 10));
      let taken!: () => void;
      const hasTaken = new Promise<void>((resolve) => (taken = resolve));
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      // An applier takes the first ten deltas, then fails before it commits.
      const holder = db.transaction().execute(async (trx) => {
        expect(await applyPendingAnalytics(trx, { maxRows: 1000, wait: false })).toBe(10);
        taken();
        await released;
        throw new Error('the applier fails');
      });
      await hasTaken;
      await insertPayments(db, specs.slice(10));
      let isReaderDone = false;
      const reader = applyPendingAnalytics(db, { maxRows: 1000, wait: true }).finally(() => (isReaderDone = true));
      await pause(300);
      expect(isReaderDone, 'the reader waits for the held batch').toBe(false);
      release();
      await expect(holder).rejects.toThrow('the applier fails');
      // Skipping the held batch would have left those ten behind for good.
      expect(await reader, 'then applies it itself, and what came after it').toBe(15);
      expect(await queued(db)).toBe(0);
      await expectStatusRollupMatchesPayments(db);
    },
  );
});
