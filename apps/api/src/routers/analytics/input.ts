import type { AnalyticsFilters } from '@paydesk/db';
import { DIRECTIONS, isIsoDay, PAYMENT_METHODS, PROVIDERS } from '@paydesk/domain';
import { z } from 'zod';

const optionalText = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' || value === null ? undefined : value), schema.optional());

/**
 * What every analytics question takes: the range and granularity, in the business time
 * zone, and the equality filters. The UI keeps the same fields in its URL.
 */
export const analyticsInputSchema = z.object({
  range: z.enum(['24h', '7d', '30d', '90d', 'custom']).default('7d'),
  /** Custom range: calendar days in the business time zone, both included. */
  from: optionalText(z.string().refine(isIsoDay, 'from must be a day written YYYY-MM-DD')),
  to: optionalText(z.string().refine(isIsoDay, 'to must be a day written YYYY-MM-DD')),
  granularity: z.enum(['hour', 'day', 'week']).default('day'),
  provider: optionalText(z.enum(PROVIDERS)),
  direction: optionalText(z.enum(DIRECTIONS)),
  method: optionalText(z.enum(PAYMENT_METHODS)),
  country: optionalText(z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'country is a two-letter code')),
  currency: optionalText(z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, 'currency is a three-letter code')),
  bank: optionalText(z.string().trim().min(1).max(100)),
});
export type AnalyticsInput = z.infer<typeof analyticsInputSchema>;

export const splitSchema = z.enum(['provider', 'bank', 'method', 'country']);

export function filtersOf(input: AnalyticsInput): AnalyticsFilters {
  return {
    provider: input.provider,
    direction: input.direction,
    method: input.method,
    country: input.country,
    currency: input.currency,
    bank: input.bank,
  };
}
