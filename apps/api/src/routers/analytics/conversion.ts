import { OTHER_SPLIT, readOutcomeRollup, readStatusRollup, type OutcomeRollupRow } from '@paydesk/db';
import { outcomeOfStatus, PROVIDERS, UNIFIED_STATUSES } from '@paydesk/domain';
import type { z } from 'zod';
import { procedureWith } from '../../trpc.ts';
import { bankNames } from './bank-names.ts';
import { applyPendingChanges, bucketIndex, rangeFor, ratio, type AnalyticsServices } from './context.ts';
import { analyticsInputSchema, filtersOf, splitSchema, type AnalyticsInput } from './input.ts';
import { splitLabel } from './labels.ts';
import { describeRange } from './range.ts';

export const conversionInputSchema = analyticsInputSchema.extend({ split: splitSchema.default('provider') });
export type ConversionInput = z.infer<typeof conversionInputSchema>;

/** More lines than this are unreadable; the rest are summed into "Other". */
export const MAX_SERIES = 8;
export const OTHER_SERIES = OTHER_SPLIT;

export interface ConversionSeries {
  /** The split value ('' for payments without one, OTHER_SERIES for the rest). */
  key: string;
  label: string;
  started: number[];
  completed: number[];
  failed: number[];
  /** Completed ÷ started per bucket; null where nothing started. */
  rate: Array<number | null>;
  totalStarted: number;
  totalCompleted: number;
}

function newSeries(key: string, label: string, length: number): ConversionSeries {
  return {
    key,
    label,
    started: Array<number>(length).fill(0),
    completed: Array<number>(length).fill(0),
    failed: Array<number>(length).fill(0),
    rate: [],
    totalStarted: 0,
    totalCompleted: 0,
  };
}

function addRow(series: ConversionSeries, position: number, row: OutcomeRollupRow) {
  series.started[position]! += row.started;
  series.completed[position]! += row.completed;
  series.failed[position]! += row.failed;
}

// The database folds statuses into these counts (readOutcomeRollup); the domain says which is which.
const OUTCOME_STATUSES = {
  completedStatuses: UNIFIED_STATUSES.filter((status) => outcomeOfStatus(status) === 'completed'),
  failedStatuses: UNIFIED_STATUSES.filter((status) => outcomeOfStatus(status) === 'failed'),
};

/**
 * Conversion per time bucket, one series per value of the split dimension: the
 * MAX_SERIES values with the most payments in the range, then "Other" for the rest.
 * Banks are many, so their series are read for the top banks only and "Other" is the
 * whole minus them; a 90-day daily chart then sums thousands of rollup rows, not tens of thousands.
 */
export async function loadConversion(services: AnalyticsServices, input: ConversionInput) {
  await applyPendingChanges(services);
  const range = await rangeFor(services, input as AnalyticsInput);
  const filters = filtersOf(input);
  const base = { filters, timeZone: range.timeZone, split: input.split };
  // The whole, for "Other", is read beside the ranking rather than after it: a read left
  // unused costs less than a round trip waited for. Providers are too few to need it.
  const mayHaveOther = input.split !== 'provider' || PROVIDERS.length > MAX_SERIES;
  const [totals, wholeRows] = await Promise.all([
    readStatusRollup(services.db, { ...base, window: range.currentWindow, bucket: 'none', by: [] }),
    mayHaveOther ? readOutcomeRollup(services.db, { ...base, ...OUTCOME_STATUSES, split: undefined, window: range.seriesWindow, bucket: range.bucket }) : Promise.resolve([]),
  ]);
  const ranked = totals.sort((a, b) => b.payments - a.payments || a.split.localeCompare(b.split)).map((row) => row.split);
  const top = ranked.slice(0, MAX_SERIES);
  const hasOther = ranked.length > MAX_SERIES;
  const [rows, names] = await Promise.all([
    readOutcomeRollup(services.db, { ...base, ...OUTCOME_STATUSES, window: range.seriesWindow, bucket: range.bucket, splitValues: hasOther ? top : undefined }),
    input.split === 'bank' ? bankNames(services, top) : undefined,
  ]);

  const index = bucketIndex(range);
  const length = range.buckets.length;
  const bySplit = new Map(top.map((key) => [key, newSeries(key, splitLabel(input.split, key, names), length)]));
  for (const row of rows) {
    const position = row.bucket_ms === null ? undefined : index.get(row.bucket_ms);
    const series = bySplit.get(row.split);
    if (position !== undefined && series) addRow(series, position, row);
  }
  const shown = [...bySplit.values()];
  if (hasOther) {
    const other = newSeries(OTHER_SERIES, `Other (${ranked.length - MAX_SERIES})`, length);
    for (const row of wholeRows) {
      const position = row.bucket_ms === null ? undefined : index.get(row.bucket_ms);
      if (position !== undefined) addRow(other, position, row);
    }
    for (const series of shown) {
      for (let i = 0; i < length; i++) {
        other.started[i]! -= series.started[i]!;
        other.completed[i]! -= series.completed[i]!;
        other.failed[i]! -= series.failed[i]!;
      }
    }
    shown.push(other);
  }
  for (const series of shown) {
    series.totalStarted = series.started.reduce((a, b) => a + b, 0);
    series.totalCompleted = series.completed.reduce((a, b) => a + b, 0);
    series.rate = series.started.map((started, i) => ratio(series.completed[i]!, started));
  }
  return { range: describeRange(range), split: input.split, buckets: range.buckets, series: shown };
}

export const conversionProcedure = procedureWith('analytics.read')
  .input(conversionInputSchema)
  .query(({ ctx, input }) => loadConversion({ db: ctx.db, now: ctx.clock.now(), timeZone: ctx.config.businessTimeZone }, input));
