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

/** Where a status rollup read looks: its grouping set, window, filters and split values; null when it can match nothing. */
function statusRollupConditions(read: StatusRollupRead, needsStatus: boolean): RawBuilder<unknown>[] | null {
  const keep: Dimension[] = [];
  if (read.split) keep.push(read.split);
  if (read.by.includes('currency')) keep.push('currency');
  const reasons = read.by.includes('failure_category') ? REASONS_BIT : 0;
  const dimsSet = chooseDimsSet(neededDimensions(read.filters, keep), needsStatus ? STATUS_DIMS_SETS : STATUS_FREE_DIMS_SETS, reasons);
  const conditions = windowConditions(read.window, read.filters, dimsSet);
  if (read.isFailedOnly) conditions.push(sql`status = 'FAILED'`);
  if (read.split && read.splitValues) {
    if (read.splitValues.length === 0) return null;
    conditions.push(sql`${sql.ref(SPLIT_COLUMNS[read.split])} IN (${sql.join(read.splitValues)})`);
  }
  return conditions;
}

/**
 * What a read groups by: the period, the time bucket, the split value and the columns
 * asked for. Only what varies: constants in a GROUP BY are hashed on every row.
 */
function groupingKeys(read: StatusRollupRead, columns: readonly StatusRollupColumn[]): Array<{ name: string; value: RawBuilder<unknown> }> {
  const keys: Array<{ name: string; value: RawBuilder<unknown> }> = [{ name: 'is_current', value: isCurrentExpression(read.window) }];
  if (read.bucket !== 'none') keys.push({ name: 'bucket_start', value: bucketExpression(read.bucket, read.timeZone, read.window) });
  if (read.split) keys.push({ name: 'split', value: sql.ref(SPLIT_COLUMNS[read.split]) });
  for (const name of columns) keys.push({ name, value: sql.ref(name) });
  return keys;
}

const selectKeys = (keys: ReturnType<typeof groupingKeys>) => sql.join(keys.map((key) => sql`${key.value} AS ${sql.ref(key.name)}`));
const groupByKeys = (keys: ReturnType<typeof groupingKeys>) => sql.join(keys.map((_, i) => sql.raw(String(i + 1))));
/** A bucket's start as epoch milliseconds, worked out once per group (outside the grouping), not once per row read. */
const bucketMs = (read: StatusRollupRead) => (read.bucket === 'none' ? sql`NULL::float8` : sql`date_part('epoch', bucket_start) * 1000`);

/**
 * Payments by creation bucket and current state, from payment_status_rollup: index range
 * scans over the window's segments in the smallest grouping set that holds the filters,
 * the split and the columns asked for; never a scan of payments.
 */
export async function readStatusRollup(db: AnalyticsDb, read: StatusRollupRead): Promise<StatusRollupRow[]> {
  const needsStatus = read.by.includes('status') || read.by.includes('failure_category') || read.isFailedOnly === true;
  const conditions = statusRollupConditions(read, needsStatus);
  if (!conditions) return [];
  const keys = groupingKeys(read, read.by);
  const outer = (name: string) => (keys.some((key) => key.name === name) ? sql.ref(`grouped.${name}`) : sql`''`);
  // Amounts add up only within a currency; other reads leave them out (and sum less).
  const hasAmount = read.by.includes('currency');
  const result = await sql<StatusRollupRow>`
    SELECT is_current,
           ${bucketMs(read)} AS bucket_ms,
           ${outer('split')} AS split,
           ${outer('status')} AS status,
           ${outer('currency')} AS currency,
           ${outer('provider')} AS provider,
           ${outer('failure_category')} AS failure_category,
           payments,
           ${hasAmount ? sql`amount_minor` : sql`0`} AS amount_minor
      FROM (SELECT ${selectKeys(keys)},
                   ${SUM_OF_PAYMENTS} AS payments${hasAmount ? sql`, sum(amount_minor)::bigint AS amount_minor` : sql``}
              FROM payment_status_rollup
             WHERE ${sql.join(conditions, sql` AND `)}
             GROUP BY ${groupByKeys(keys)}
            HAVING ${SUM_OF_PAYMENTS} <> 0${hasAmount ? sql` OR sum(amount_minor) <> 0` : sql``}) AS grouped`.execute(db);
  return result.rows;
}

/** Payments started, completed and failed in one bucket for one split value. */
export interface OutcomeRollupRow {
  is_current: boolean;
  /** Start of the time bucket in epoch milliseconds; null when the read sums the whole window. */
  bucket_ms: number | null;
  /** Value of the split dimension ('' when none was asked for or the payment has none). */
  split: string;
  started: number;
  completed: number;
  failed: number;
}

/**
 * Started, completed and failed payments per bucket and split value, from
 * payment_status_rollup: the statuses are folded into three counts in the database, so a
 * series comes back as one row per bucket and value rather than one per status (a quarter
 * of the rows to send and parse). Which statuses count as completed or failed is the
 * domain's (outcomeOfStatus); every payment counts as started.
 */
export async function readOutcomeRollup(
  db: AnalyticsDb,
  read: Omit<StatusRollupRead, 'by'> & { completedStatuses: readonly string[]; failedStatuses: readonly string[] },
): Promise<OutcomeRollupRow[]> {
  const statusRead = { ...read, by: ['status'] as const };
  const conditions = statusRollupConditions(statusRead, true);
  if (!conditions) return [];
  const keys = groupingKeys(statusRead, []);
  const countOf = (statuses: readonly string[]) =>
    statuses.length === 0 ? sql`0` : sql`coalesce(sum(payments::integer) FILTER (WHERE status IN (${sql.join(statuses)})), 0)`;
  const result = await sql<OutcomeRollupRow>`
    SELECT is_current, ${bucketMs(statusRead)} AS bucket_ms, ${read.split ? sql`split` : sql`''`} AS split, started, completed, failed
      FROM (SELECT ${selectKeys(keys)},
                   ${SUM_OF_PAYMENTS} AS started,
                   ${countOf(read.completedStatuses)} AS completed,
                   ${countOf(read.failedStatuses)} AS failed
              FROM payment_status_rollup
             WHERE ${sql.join(conditions, sql` AND `)}
             GROUP BY ${groupByKeys(keys)}
            HAVING ${SUM_OF_PAYMENTS} <> 0) AS grouped`.execute(db);
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
