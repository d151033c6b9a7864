import { createTestDatabase, makePayment, type TestDatabase } from '@paydesk/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/testing.ts';
import { analyticsWorkerRound } from '../src/workers/analytics-worker.ts';
import { startWorkerLoop } from '../src/workers/worker-loop.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.destroy());

async function analyticsCounts(): Promise<{ queued: number; counted: number }> {
  const result = await sql<{ queued: number; counted: number }>`
    SELECT (SELECT count(*) FROM analytics_pending)::int AS queued,
           (SELECT coalesce(sum(payments), 0) FROM payment_status_rollup WHERE grain = 'h' AND dims_set = 3)::int AS counted`.execute(
    database.db,
  );
  return result.rows[0]!;
}

describe('the analytics worker', () => {
  it('reports only full rounds, so the loop goes again at once for a backlog and pauses for a trickle', async () => {
    await sql`DELETE FROM payments`.execute(database.db);
    await analyticsWorkerRound({ db: database.db, batchSize: 10_000 })();
    for (let i = 0; i < 7; i++) await makePayment(database.db);
    const round = analyticsWorkerRound({ db: database.db, batchSize: 5 });
    expect(await round()).toBe(5);
    expect(await round()).toBe(0);
    expect(await analyticsCounts()).toEqual({ queued: 0, counted: 7 });
  });

  it('folds what payments writes queue into the rollups as it runs', async () => {
    await sql`DELETE FROM payments`.execute(database.db);
    const loop = startWorkerLoop('analytics', analyticsWorkerRound({ db: database.db, batchSize: 20 }), {
      idleMs: 10,
      log: silentLogger(),
    });
    try {
      for (let i = 0; i < 60; i++) await makePayment(database.db, { status: i % 3 === 0 ? 'FAILED' : 'COMPLETED' });
      await sql`UPDATE payments SET status = 'REFUNDED' WHERE status = 'COMPLETED'`.execute(database.db);
      for (let wait = 0; wait < 200 && (await analyticsCounts()).queued > 0; wait++)
        await new Promise((resolve) => setTimeout(resolve, 25));
      expect(await analyticsCounts()).toEqual({ queued: 0, counted: 60 });
      const refunded = await sql<{ n: number }>`
        SELECT sum(payments)::int AS n FROM payment_status_rollup WHERE grain = 'w' AND dims_set = 3 AND status = 'REFUNDED'`.execute(
        database.db,
      );
      expect(refunded.rows[0]!.n).toBe(40);
    } finally {
      await loop.stop();
    }
  });
});
