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
 * Which rows of the rollups to read. `grain` 'hour' reads UTC-hour rows (any range of
 * whole UTC hours); 'day' reads rows of whole days in the analytics time zone, which must
 * then be the zone the caller buckets by (see readAnalyticsTimeZone).
 */
export interface RollupWindow {
  grain: 'hour' | 'day';
  from: Date;
  to: Date;
  /** When set, [previousFrom, from) is read too, and its rows come back as period 'previous'. */
  previousFrom?: Date | undefined;
}

/** How rows are grouped in time; 'none' sums the whole window (per period). */
export type SeriesBucket = 'none' | 'hour' | 'day' | 'week';

/** A dimension a series can be split by, and the rollup column holding it. */
export const SPLIT_COLUMNS = {
  provider: 'provider',
  bank: 'bank_id',
  method: 'method',
  country: 'country',
} as const;
export type SplitDimension = keyof typeof SPLIT_COLUMNS;

export type Period = 'current' | 'previous';

const FILTER_COLUMNS: Record<keyof AnalyticsFilters, string> = {
  provider: 'provider',
  direction: 'direction',
  method: 'method',
  country: 'country',
  currency: 'currency',
  bank: 'bank_id',
};

/** The WHERE conditions for a window and filters; `grainColumn` for the tables that hold both grains. */
export function windowConditions(window: RollupWindow, filters: AnalyticsFilters, hasGrainColumn: boolean): RawBuilder<unknown>[] {
  const conditions: RawBuilder<unknown>[] = [];
  if (hasGrainColumn) conditions.push(sql`grain = ${window.grain === 'hour' ? 'h' : 'd'}`);
  conditions.push(sql`bucket >= ${window.previousFrom ?? window.from}`, sql`bucket < ${window.to}`);
  for (const [key, column] of Object.entries(FILTER_COLUMNS) as Array<[keyof AnalyticsFilters, string]>) {
    const value = filters[key];
    if (value !== undefined) conditions.push(sql`${sql.ref(column)} = ${value}`);
  }
  return conditions;
}

export function periodExpression(window: RollupWindow): RawBuilder<Period> {
  return window.previousFrom ? sql<Period>`CASE WHEN bucket >= ${window.from} THEN 'current' ELSE 'previous' END` : sql<Period>`'current'`;
}

/**
 * The start of the time bucket a row falls in. Day and week starts are computed in the
 * zone; on the day grain a row's bucket already is the start of its day.
 */
export function bucketExpression(window: RollupWindow, bucket: SeriesBucket, timeZone: string): RawBuilder<Date | null> {
  switch (bucket) {
    case 'none':
      return sql<null>`NULL::timestamptz`;
    case 'hour':
      return sql<Date>`bucket`;
    case 'day':
      return window.grain === 'day' ? sql<Date>`bucket` : sql<Date>`date_trunc('day', bucket, ${timeZone})`;
    case 'week':
      return sql<Date>`date_trunc('week', bucket, ${timeZone})`;
  }
}

/** The zone the daily grain is bucketed in. */
export async function readAnalyticsTimeZone(db: AnalyticsDb): Promise<string> {
  const row = await db.selectFrom('analytics_settings').select('time_zone').executeTakeFirstOrThrow();
  return row.time_zone;
}

/**
 * Re-buckets the daily grain in another zone (writers wait meanwhile); returns false when
 * it already was that zone. Call it at start-up with the configured business zone.
 */
export async function setAnalyticsTimeZone(db: AnalyticsDb, timeZone: string): Promise<boolean> {
  const result = await sql<{ changed: boolean }>`SELECT analytics_set_time_zone(${timeZone}) AS changed`.execute(db);
  return result.rows[0]?.changed ?? false;
}
