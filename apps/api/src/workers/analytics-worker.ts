import { applyPendingAnalytics, type Database } from '@paydesk/db';
import type { Kysely } from 'kysely';

export interface AnalyticsWorkerOptions {
  db: Kysely<Database>;
  /** Deltas per round (one transaction). */
  batchSize?: number;
}

export const ANALYTICS_BATCH_SIZE = 5000;

/**
 * One round: folds up to a batch of queued analytics deltas into the rollups, skipping any
 * another instance is applying right now; returns how many it applied.
 */
export async function applyAnalyticsRound(options: AnalyticsWorkerOptions): Promise<number> {
  return applyPendingAnalytics(options.db, { maxRows: options.batchSize ?? ANALYTICS_BATCH_SIZE, wait: false });
}

/**
 * The round the worker loop runs. The loop goes again at once when a round reports work, so
 * this reports only full rounds: a backlog drains without pause, while a trickle of changes
 * is left to gather for the loop's idle pause and then costs one grouped upsert per rollup
 * for all of them, instead of one per change.
 */
export function analyticsWorkerRound(options: AnalyticsWorkerOptions): () => Promise<number> {
  const batchSize = options.batchSize ?? ANALYTICS_BATCH_SIZE;
  return async () => {
    const applied = await applyAnalyticsRound({ ...options, batchSize });
    return applied >= batchSize ? applied : 0;
  };
}
