import type { MinorUnits } from './common.ts';

/**
 * Payments counted by the UTC hour they were created in and their current state.
 * A status change moves a count from one row to another, so sums over any range of
 * whole hours are exact. Missing dimensions are stored as '' (they are in the key).
 */
export interface PaymentRollupHourlyTable {
  bucket: Date;
  provider: string;
  direction: string;
  method: string;
  country: string;
  currency: string;
  bank_id: string;
  status: string;
  failure_category: string;
  failure_code: string;
  payments: number;
  amount_minor: MinorUnits;
}

/** The status rollup's daily grain: the same columns, `bucket` = start of the day in the analytics zone. */
export type PaymentRollupDailyTable = PaymentRollupHourlyTable;

/** One row, the zone the daily grain is bucketed in; change it with analytics_set_time_zone(). */
export interface AnalyticsSettingsTable {
  id: boolean;
  time_zone: string;
}

/** 'h': the UTC hour; 'd': the day in the analytics time zone. */
export type RollupGrain = 'h' | 'd';

/** FAILED payments, one count per distinct raw code (code '' when none was given). */
export interface PaymentFailureCodeRollupTable {
  grain: RollupGrain;
  bucket: Date;
  provider: string;
  direction: string;
  method: string;
  country: string;
  currency: string;
  bank_id: string;
  failure_category: string;
  failure_code: string;
  payments: number;
}

/** Completed (or later refunded) payments by log-spaced time to complete. */
export interface PaymentDurationRollupTable {
  grain: RollupGrain;
  bucket: Date;
  provider: string;
  direction: string;
  method: string;
  country: string;
  currency: string;
  bank_id: string;
  duration_bucket: number;
  payments: number;
}

/** Kashimi payments by current phase, Klavi payments by raw status, with outcome and first code. */
export interface PaymentFunnelRollupTable {
  grain: RollupGrain;
  bucket: Date;
  provider: string;
  direction: string;
  method: string;
  country: string;
  currency: string;
  bank_id: string;
  phase: number;
  provider_status: string;
  status: string;
  failure_category: string;
  failure_code: string;
  payments: number;
}
