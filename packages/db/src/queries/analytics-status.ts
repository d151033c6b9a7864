import { sql, type RawBuilder } from 'kysely';
import {
  bucketExpression,
  chooseDimsSet,
  REASONS_BIT,
  STATUS_DIMS_SETS,
  STATUS_FREE_DIMS_SETS,
  SUM_OF_PAYMENTS,
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
  /** Summed within a currency: 0 unless the read keeps the currency apart. */
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
  // Only what varies is grouped: constants in a GROUP BY are hashed on every row, and the
  // epoch of a bucket is worked out once per group (outside), not once per row read.
  const keys: Array<{ name: string; value: RawBuilder<unknown> }> = [{ name: 'is_current', value: isCurrentExpression(read.window) }];
  if (read.bucket !== 'none') keys.push({ name: 'bucket_start', value: bucketExpression(read.bucket, read.timeZone, read.window) });
  if (read.split) keys.push({ name: 'split', value: sql.ref(SPLIT_COLUMNS[read.split]) });
  for (const name of read.by) keys.push({ name, value: sql.ref(name) });
  const hasKey = (name: string) => keys.some((key) => key.name === name);
  const outer = (name: string) => (hasKey(name) ? sql.ref(`grouped.${name}`) : sql`''`);
  // Amounts add up only within a currency; other reads leave them out (and sum less).
  const hasAmount = read.by.includes('currency');
  const result = await sql<StatusRollupRow>`
    SELECT is_current,
           ${read.bucket === 'none' ? sql`NULL::float8` : sql`date_part('epoch', bucket_start) * 1000`} AS bucket_ms,
           ${outer('split')} AS split,
           ${outer('status')} AS status,
           ${outer('currency')} AS currency,
           ${outer('provider')} AS provider,
           ${outer('failure_category')} AS failure_category,
           payments,
           ${hasAmount ? sql`amount_minor` : sql`0`} AS amount_minor
      FROM (SELECT ${sql.join(keys.map((key) => sql`${key.value} AS ${sql.ref(key.name)}`))},
                   ${SUM_OF_PAYMENTS} AS payments${hasAmount ? sql`, sum(amount_minor)::bigint AS amount_minor` : sql``}
              FROM payment_status_rollup
             WHERE ${sql.join(conditions, sql` AND `)}
             GROUP BY ${sql.join(keys.map((_, i) => sql.raw(String(i + 1))))}
            HAVING ${SUM_OF_PAYMENTS} <> 0${hasAmount ? sql` OR sum(amount_minor) <> 0` : sql``}) AS grouped`.execute(db);
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
    SELECT provider, status, ${SUM_OF_PAYMENTS} AS payments
      FROM payment_status_rollup
     WHERE grain = 'w' AND dims_set = ${dimsSet}
     GROUP BY provider, status
    HAVING ${SUM_OF_PAYMENTS} <> 0
     ORDER BY provider, status`.execute(db);
  return result.rows;
}
