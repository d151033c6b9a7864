import type { Kysely } from 'kysely';
import type { Database } from '../schema/index.ts';
import { generatePayments, type GenerateOptions } from './generate.ts';
import {
  applyLoadedAnalytics,
  loadGenerated,
  type LoadCounts,
  type LoadProgress,
  type RollupProgress,
} from './load.ts';

export interface ScaleLoadOptions extends Pick<
  GenerateOptions,
  'seed' | 'count' | 'now' | 'days' | 'withPayloads' | 'referenceOffset'
> {
  /** Concurrent loaders, each on its own connection; 2 suits a 2-core machine. */
  connections?: number;
  batchSize?: number;
  relaxedDurability?: boolean;
  onProgress?: (progress: LoadProgress) => void;
  /** Told after each batch of analytics deltas applied once every payment is in. */
  onRollupProgress?: (progress: RollupProgress) => void;
}

/**
 * Loads a large data set through several connections at once, each taking one contiguous
 * stretch of time; the data is the same as one run would make. The inserts only queue
 * their analytics deltas, so the connections never wait on each other's rollup rows; the
 * queue is applied once at the end, on one connection (a second applier would queue on
 * the same rollup rows).
 */
export async function loadScaleData(db: Kysely<Database>, options: ScaleLoadOptions): Promise<LoadCounts> {
  const connections = Math.max(1, Math.min(options.connections ?? 2, options.count));
  const started = performance.now();
  const latest: LoadCounts[] = Array.from({ length: connections }, () => emptyCounts());
  const report = (): void => {
    options.onProgress?.({ ...sumCounts(latest), elapsedMs: performance.now() - started });
  };
  const parts = Array.from({ length: connections }, (_, part) => {
    const source = generatePayments({
      seed: options.seed,
      count: options.count,
      now: options.now,
      days: options.days,
      from: Math.floor((options.count * part) / connections),
      to: Math.floor((options.count * (part + 1)) / connections),
      withPayloads: options.withPayloads,
      referenceOffset: options.referenceOffset,
    });
    return loadGenerated(db, source, {
      batchSize: options.batchSize,
      relaxedDurability: options.relaxedDurability,
      onProgress: (progress) => {
        latest[part] = progress;
        report();
      },
    });
  });
  const counts = sumCounts(await Promise.all(parts));
  await applyLoadedAnalytics(db, options.onRollupProgress);
  return counts;
}

function emptyCounts(): LoadCounts {
  return { payments: 0, events: 0, payoutDecisions: 0, payoutApprovals: 0, refunds: 0 };
}

function sumCounts(all: readonly LoadCounts[]): LoadCounts {
  const total = emptyCounts();
  for (const counts of all) {
    total.payments += counts.payments;
    total.events += counts.events;
    total.payoutDecisions += counts.payoutDecisions;
    total.payoutApprovals += counts.payoutApprovals;
    total.refunds += counts.refunds;
  }
  return total;
}
