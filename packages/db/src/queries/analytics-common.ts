import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../schema/index.ts';

export type AnalyticsDb = Kysely<Database> | Transaction<Database>;

/** Equality filters every analytics read accepts; absent means "all". */
export interface AnalyticsFilters {
  provider?: string | undefined;
  direction?: string | undefined;
  method?: string | undefined;
  country?: string | undefined;
  currency?: string | undefined;
  bank?: string | undefined;
}

/**
 * A stretch of rollup rows of one grain: 'h' UTC hours, 'd' days or 'w' weeks (from
 * Monday) in the analytics time zone. `from`/`to` are bucket starts, `to` excluded.
 */
export interface RollupSegment {
  grain: 'h' | 'd' | 'w';
  from: Date;
  to: Date;
}

/**
 * Which rows to read: segments that together cover the range exactly once (e.g. full
 * weeks plus the edge days). Rows whose bucket starts before `currentFrom` belong to the
 * previous period.
 */
export interface RollupWindow {
  segments: readonly RollupSegment[];
  currentFrom: Date;
}

/** How rows are grouped in time; 'none' sums the whole window (per period). */
export type SeriesBucket = 'none' | 'hour' | 'day' | 'week';

export type Dimension = 'provider' | 'direction' | 'method' | 'country' | 'currency' | 'bank';

/** The rollup column of each dimension and its bit in `dims_set`. */
export const DIMENSIONS: Readonly<Record<Dimension, { column: string; bit: number }>> = {
  provider: { column: 'provider', bit: 1 },
  direction: { column: 'direction', bit: 2 },
  method: { column: 'method', bit: 4 },
  country: { column: 'country', bit: 8 },
  currency: { column: 'currency', bit: 16 },
  bank: { column: 'bank_id', bit: 32 },
};

/** The dimensions a series can be split by. */
export type SplitDimension = Extract<Dimension, 'provider' | 'bank' | 'method' | 'country'>;
export const SPLIT_COLUMNS: Readonly<Record<SplitDimension, string>> = {
  provider: 'provider',
  bank: 'bank_id',
  method: 'method',
  country: 'country',
};

/** Bit of `dims_set` that keeps the failure reason columns. */
export const REASONS_BIT = 64;

/** Grouping sets of the status rollup that keep the status, cheapest first (see the migrations). */
export const STATUS_DIMS_SETS = [3, 7, 19, 11, 35, 67, 127] as const;
/**
 * Every grouping set of the status rollup, cheapest first, for reads that count payments
 * whatever their status (ranking banks): bit 128 sums the statuses (status and failure
 * category stored as ''), so 163 (provider, direction, bank) holds set 35's counts in a
 * fifth of the rows. Sets without the bank are smaller still.
 */
export const STATUS_FREE_DIMS_SETS = [3, 7, 19, 11, 163, 35, 67, 127] as const;
/** Grouping sets of the duration rollup, cheapest first. */
export const DURATION_DIMS_SETS = [3, 7, 19, 11, 63] as const;

export type Period = 'current' | 'previous';

/**
 * The payments of the rows read, as a bigint. Summed as integers: sum() of a bigint column
 * is a numeric, allocated and converted per group, about twice the cost of a hashed read
 * of thousands of rows. One rollup row counts at most a week of one key's payments, far
 * below 2^31; a row beyond that would fail the read rather than be miscounted.
 */
export const SUM_OF_PAYMENTS = sql<number>`sum(payments::integer)`;

/** The dimensions a read filters on, plus any it must keep apart. */
export function neededDimensions(filters: AnalyticsFilters, keep: readonly Dimension[] = []): Dimension[] {
  const needed = new Set<Dimension>(keep);
  for (const dimension of Object.keys(DIMENSIONS) as Dimension[]) {
    if (filters[dimension] !== undefined) needed.add(dimension);
  }
  return [...needed];
}

/**
 * The cheapest grouping set that keeps every needed dimension. `sets` are listed cheapest
 * first; a set keeps a dimension when its bit is set.
 */
export function chooseDimsSet(needed: readonly Dimension[], sets: readonly number[], extraBits = 0): number {
  const mask = needed.reduce((bits, dimension) => bits | DIMENSIONS[dimension].bit, extraBits);
  const found = sets.find((set) => (set & mask) === mask);
  if (found === undefined) throw new Error(`no grouping set keeps ${needed.join(', ')}`);
  return found;
}

/** The WHERE conditions: the grouping set, the segments, the filters. */
export function windowConditions(window: RollupWindow, filters: AnalyticsFilters, dimsSet: number): RawBuilder<unknown>[] {
  if (window.segments.length === 0) throw new Error('a rollup window needs at least one segment');
  const segments = window.segments.map((s) => sql`(grain = ${s.grain} AND bucket >= ${s.from} AND bucket < ${s.to})`);
  const conditions: RawBuilder<unknown>[] = [sql`dims_set = ${dimsSet}`, sql`(${sql.join(segments, sql` OR `)})`];
  for (const dimension of Object.keys(DIMENSIONS) as Dimension[]) {
    const value = filters[dimension];
    if (value !== undefined) conditions.push(sql`${sql.ref(DIMENSIONS[dimension].column)} = ${value}`);
  }
  return conditions;
}

/**
 * Whether a row's bucket is in the current period, selected `AS is_current`. A boolean,
 * not the period's name: the planner knows a boolean has two values, so it sizes the
 * grouping right and hashes it rather than sorting thousands of rows on text keys; and
 * rows come back as read, not copied to rename a field.
 */
export function isCurrentExpression(window: RollupWindow): RawBuilder<boolean> {
  return sql<boolean>`bucket >= ${window.currentFrom}`;
}

/** The period a row read with `is_current` belongs to. */
export function periodOf(row: { is_current: boolean }): Period {
  return row.is_current ? 'current' : 'previous';
}

// The rollup reads (analytics-status.ts, analytics-breakdowns.ts) have no ORDER BY: callers key rows by their values, and an order
// would make PostgreSQL sort the rows before grouping them (a GroupAggregate) where
// hashing them is several times cheaper for the thousands of rows a 90-day read sums.

/**
 * The start of the time bucket a row falls in. Day and week starts are computed in the
 * zone; they leave day and week rows as they are.
 */
export function bucketExpression(bucket: SeriesBucket, timeZone: string, window?: RollupWindow): RawBuilder<Date | null> {
  // Rows of the asked grain already start their bucket; converting each one is wasted work.
  const isOnlyGrain = (grain: RollupSegment['grain']) => window !== undefined && window.segments.every((s) => s.grain === grain);
  if ((bucket === 'day' && isOnlyGrain('d')) || (bucket === 'week' && isOnlyGrain('w'))) return sql<Date>`bucket`;
  switch (bucket) {
    case 'none':
      return sql<null>`NULL::timestamptz`;
    case 'hour':
      return sql<Date>`bucket`;
    case 'day':
      return sql<Date>`date_trunc('day', bucket, ${timeZone})`;
    case 'week':
      return sql<Date>`date_trunc('week', bucket, ${timeZone})`;
  }
}

/** The zone the day and week grains are bucketed in. */
export async function readAnalyticsTimeZone(db: AnalyticsDb): Promise<string> {
  const row = await db.selectFrom('analytics_settings').select('time_zone').executeTakeFirstOrThrow();
  return row.time_zone;
}

/**
 * Re-buckets the day and week grains in another zone (writers wait meanwhile); returns
 * false when it already was that zone. Call it at start-up with the configured business zone.
 */
export async function setAnalyticsTimeZone(db: AnalyticsDb, timeZone: string): Promise<boolean> {
  const result = await sql<{ changed: boolean }>`SELECT analytics_set_time_zone(${timeZone}) AS changed`.execute(db);
  return result.rows[0]?.changed ?? false;
}
