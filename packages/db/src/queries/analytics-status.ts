import { sql } from 'kysely';
import {
  bucketExpression,
  chooseDimsSet,
  REASONS_BIT,
  STATUS_DIMS_SETS,
  STATUS_FREE_DIMS_SETS,
  neededDimensions,
  isCurrentExpression,
  SPLIT_COLUMNS,
  windowConditions,
  type AnalyticsDb,
  type AnalyticsFilters,
  type Dimension,
  type RollupWindow,
  type SeriesBucket,
  type SplitDimension,
} from './analytics-common.ts';

/** Columns of the status rollup a read may group by. */
export type StatusRollupColumn = 'status' | 'currency' | 'provider' | 'failure_category';

export interface StatusRollupRow {
  /** Whether the row's bucket is in the current period, not the one before (periodOf). */
  is_current: boolean;
  /**
   * Start of the time bucket in epoch milliseconds; null when the read sums the whole
   * window. A number, not a Date: parsing thousands of timestamps cost more than the read.
   */
  bucket_ms: number | null;
  /** Value of the split dimension ('' when none was asked for or the payment has none). */
  split: string;
  status: string;
  currency: string;
  provider: string;
  failure_category: string;
  payments: number;
  amount_minor: number;
}

export interface StatusRollupRead {
  window: RollupWindow;
  filters: AnalyticsFilters;
  timeZone: string;
  bucket: SeriesBucket;
  split?: SplitDimension | undefined;
  /** The columns to keep apart; the others are summed over and come back as ''. */
  by: readonly StatusRollupColumn[];
  /** Only payments whose current status is FAILED. */
  isFailedOnly?: boolean;
  /** Only these values of the split dimension (a bank split reads its top banks through the bank index). */
  splitValues?: readonly string[] | undefined;
}

/** The split value of a series that sums the values not shown on their own. */
export const OTHER_SPLIT = '__other__';

/**
 * Payments by creation bucket and current state, from payment_status_rollup: index range
 * scans over the window's segments in the smallest grouping set that holds the filters,
 * the split and the columns asked for; never a scan of payments.
 */
export async function readStatusRollup(db: AnalyticsDb, read: StatusRollupRead): Promise<StatusRollupRow[]> {
  const keep: Dimension[] = [];
  if (read.split) keep.push(read.split);
  if (read.by.includes('currency')) keep.push('currency');
  const reasons = read.by.includes('failure_category') ? REASONS_BIT : 0;
  const needsStatus = read.by.includes('status') || read.by.includes('failure_category') || read.isFailedOnly === true;
  const dimsSet = chooseDimsSet(neededDimensions(read.filters, keep), needsStatus ? STATUS_DIMS_SETS : STATUS_FREE_DIMS_SETS, reasons);
  const conditions = windowConditions(read.window, read.filters, dimsSet);
  if (read.isFailedOnly) conditions.push(sql`status = 'FAILED'`);
  if (read.split && read.splitValues) {
    if (read.splitValues.length === 0) return [];
    conditions.push(sql`${sql.ref(SPLIT_COLUMNS[read.split])} IN (${sql.join(read.splitValues)})`);
  }
  const column = (name: StatusRollupColumn) => (read.by.includes(name) ? sql.ref(name) : sql`''`);
  const split = read.split ? sql.ref(SPLIT_COLUMNS[read.split]) : sql`''`;
  const result = await sql<StatusRollupRow>`
    SELECT ${isCurrentExpression(read.window)} AS is_current,
           date_part('epoch', ${bucketExpression(read.bucket, read.timeZone, read.window)}) * 1000 AS bucket_ms,
           ${split} AS split,
           ${column('status')} AS status,
           ${column('currency')} AS currency,
           ${column('provider')} AS provider,
           ${column('failure_category')} AS failure_category,
           sum(payments)::bigint AS payments,
           sum(amount_minor)::bigint AS amount_minor
      FROM payment_status_rollup
     WHERE ${sql.join(conditions, sql` AND `)}
     GROUP BY 1, 2, 3, 4, 5, 6, 7
    HAVING sum(payments) <> 0 OR sum(amount_minor) <> 0`.execute(db);
  return result.rows;
}

/** All-time payments of one provider in one current status. */
export interface StatusTotalRow {
  provider: string;
  status: string;
  payments: number;
}

/**
 * Every payment ever counted, per provider and current status, from payment_status_rollup.
 * Any one grain holds each payment exactly once, whatever the time zone of its days and
 * weeks, so an all-time total sums a single grain: the weeks, the fewest rows, in the
 * smallest grouping set that keeps the provider. Apply the pending deltas first for a
 * figure that includes every committed change.
 */
export async function readStatusTotals(db: AnalyticsDb): Promise<StatusTotalRow[]> {
  const dimsSet = chooseDimsSet(['provider'], STATUS_DIMS_SETS);
  const result = await sql<StatusTotalRow>`
    SELECT provider, status, sum(payments)::bigint AS payments
      FROM payment_status_rollup
     WHERE grain = 'w' AND dims_set = ${dimsSet}
     GROUP BY provider, status
    HAVING sum(payments) <> 0
     ORDER BY provider, status`.execute(db);
  return result.rows;
}
