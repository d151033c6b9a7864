import { sql } from 'kysely';
import type { AnalyticsDb } from './analytics-common.ts';

/**
 * Folds up to `maxRows` queued analytics deltas (analytics_pending, oldest first) into the
 * rollups in one transaction; returns how many it applied. A delta is applied by exactly
 * one caller, whoever deletes it. With `wait` false, deltas another applier holds are
 * skipped (workers take disjoint batches); with `wait` true the call waits for that applier
 * to commit, so afterwards every delta committed before the call has been applied by
 * someone. Call it outside a transaction: a transaction that applied one batch and then
 * waits for another could deadlock with an applier waiting for its rollup rows.
 */
export async function applyPendingAnalytics(
  db: AnalyticsDb,
  options: { maxRows: number; wait: boolean },
): Promise<number> {
  const result = await sql<{ applied: number }>`
    SELECT analytics_apply_pending(${options.maxRows}::integer, ${options.wait}::boolean) AS applied`.execute(db);
  return result.rows[0]?.applied ?? 0;
}

/**
 * Applies batches until one comes back short, i.e. the queue held nothing more that was
 * committed when that batch started; returns the total applied. `onBatch` hears the
 * running total after each batch.
 */
export async function drainPendingAnalytics(
  db: AnalyticsDb,
  options: { batchSize: number; wait: boolean; onBatch?: (appliedSoFar: number) => void },
): Promise<number> {
  let total = 0;
  for (;;) {
    const applied = await applyPendingAnalytics(db, { maxRows: options.batchSize, wait: options.wait });
    total += applied;
    options.onBatch?.(total);
    if (applied < options.batchSize) return total;
  }
}

/** How many deltas wait in the queue now: the work a full drain has ahead of it. */
export async function countPendingAnalytics(db: AnalyticsDb): Promise<number> {
  const result = await sql<{ pending: number }>`SELECT count(*)::integer AS pending FROM analytics_pending`.execute(db);
  return result.rows[0]?.pending ?? 0;
}
