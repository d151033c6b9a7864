import { drainPendingAnalytics, readAnalyticsTimeZone, type AnalyticsDb } from '@paydesk/db';
import type { AnalyticsInput } from './input.ts';
import { resolveRange, type ResolvedRange } from './range.ts';

/** What the analytics answers need from the request context; the CSV route builds the same. */
export interface AnalyticsServices {
  db: AnalyticsDb;
  now: Date;
  timeZone: string;
}

/**
 * Payments writes only queue their analytics deltas; a worker folds them into the rollups a
 * moment later (docs/decisions/004-analytics-rollups.md). Every answer calls this before it
 * reads a rollup: it applies whatever is still queued, waiting for a batch a worker is
 * applying, so a chart includes every change committed before it was asked for, not only
 * those the worker has reached. Normally the queue holds a quarter of a second's changes.
 * The overview's all-time counts read the status rollup too and call it the same way.
 */
export async function applyPendingChanges(services: Pick<AnalyticsServices, 'db'>): Promise<void> {
  await drainPendingAnalytics(services.db, { batchSize: 5000, wait: true });
}

export async function rangeFor(services: AnalyticsServices, input: AnalyticsInput): Promise<ResolvedRange> {
  return resolveRange(input, services.now, services.timeZone, await readAnalyticsTimeZone(services.db));
}

/** Change against the previous period as a fraction (0.25 = +25%); null when there was nothing before. */
export function changeRatio(current: number, previous: number): number | null {
  return previous === 0 ? null : (current - previous) / previous;
}

export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** Index of each bucket start (epoch ms) in the resolved bucket list. */
export function bucketIndex(range: ResolvedRange): Map<number, number> {
  return new Map(range.buckets.map((bucket, index) => [Date.parse(bucket.start), index]));
}
