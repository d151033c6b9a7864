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
