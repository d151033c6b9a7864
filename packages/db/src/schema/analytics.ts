import type { Generated } from 'kysely';
import type { MinorUnits } from './common.ts';

/** One row, the zone the day and week grains are bucketed in; change it with analytics_set_time_zone(). */
export interface AnalyticsSettingsTable {
  id: boolean;
  time_zone: string;
}

/** 'h': the UTC hour; 'd': the day and 'w': the week (from Monday) in the analytics time zone. */
export type RollupGrain = 'h' | 'd' | 'w';

/**
 * Columns every analytics rollup starts with. `dims_set` is the bitmask of the dimensions
 * the row keeps (provider 1, direction 2, method 4, country 8, currency 16, bank 32; 64:
 * failure reasons kept in the funnel); the dimensions outside it hold ''.
 */
interface AnalyticsRollupKey {
  grain: RollupGrain;
  dims_set: number;
  bucket: Date;
  provider: string;
  direction: string;
  method: string;
  country: string;
  currency: string;
  bank_id: string;
}

/** Payments by current status and failure category. */
export interface PaymentStatusRollupTable extends AnalyticsRollupKey {
  status: string;
  failure_category: string;
  payments: number;
  amount_minor: MinorUnits;
}

/** FAILED payments, one count per distinct raw code (code '' when none was given). */
export interface PaymentFailureCodeRollupTable extends AnalyticsRollupKey {
  failure_category: string;
  failure_code: string;
  payments: number;
}

/** Completed (or later refunded) payments by log-spaced time to complete. */
export interface PaymentDurationRollupTable extends AnalyticsRollupKey {
  duration_bucket: number;
  payments: number;
}

/** Kashimi payments by current phase, Klavi payments by raw status, with outcome and first code. */
export interface PaymentFunnelRollupTable extends AnalyticsRollupKey {
  phase: number;
  provider_status: string;
  status: string;
  failure_category: string;
  failure_code: string;
  payments: number;
}

/**
 * Signed copies (+1 new, -1 old) of the counted payments columns, queued by the payments
 * triggers and folded into the rollups by analytics_apply_pending().
 */
export interface AnalyticsPendingTable {
  id: Generated<number>;
  sign: number;
  created_at: Date;
  completed_at: Date | null;
  provider: string;
  direction: string;
  method: string;
  country: string | null;
  currency: string;
  bank_id: string | null;
  status: string;
  failure_category: string | null;
  failure_codes: string[];
  amount_minor: MinorUnits;
  phase: number | null;
  provider_status: string;
}
