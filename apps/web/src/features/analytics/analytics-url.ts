import { DIRECTIONS, PAYMENT_METHODS, PROVIDERS, type PaymentSearchFilter } from '@paydesk/domain';
import { z } from 'zod';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** Everything the analytics view depends on lives in the URL: share it, reload it, go back. */
export const analyticsUrlSchema = z.object({
  range: z.enum(['24h', '7d', '30d', '90d', 'custom']).default('7d'),
  from: day.optional(),
  to: day.optional(),
  granularity: z.enum(['hour', 'day', 'week']).default('day'),
  provider: z.enum(PROVIDERS).optional(),
  method: z.enum(PAYMENT_METHODS).optional(),
  direction: z.enum(DIRECTIONS).optional(),
  country: z.string().regex(/^[A-Z]{2}$/).optional(),
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  bank: z.string().min(1).max(100).optional(),
  split: z.enum(['provider', 'bank', 'method', 'country']).default('provider'),
  compare: z.enum(['previous', 'none']).default('previous'),
});
export type AnalyticsUrlState = z.infer<typeof analyticsUrlSchema>;

export const RANGE_LABELS: Record<AnalyticsUrlState['range'], string> = {
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  custom: 'Custom',
};

/** Days in a range, or null when not known yet (custom without both ends). */
export function rangeLengthInDays(state: Pick<AnalyticsUrlState, 'range' | 'from' | 'to'>): number | null {
  switch (state.range) {
    case '24h':
      return 1;
    case '7d':
      return 7;
    case '30d':
      return 30;
    case '90d':
      return 90;
    case 'custom':
      if (!state.from || !state.to) return null;
      return Math.round((Date.parse(state.to) - Date.parse(state.from)) / 86_400_000) + 1;
  }
}

/** Hourly buckets only make sense up to a week (the API refuses more). */
export function isHourlyAllowed(state: Pick<AnalyticsUrlState, 'range' | 'from' | 'to'>): boolean {
  const days = rangeLengthInDays(state);
  return days !== null && days <= 7;
}

/** The input every analytics procedure takes, from the URL state. */
export function apiInputOf(state: AnalyticsUrlState) {
  const granularity = state.range === '24h' ? 'hour' : !isHourlyAllowed(state) && state.granularity === 'hour' ? 'day' : state.granularity;
  return {
    range: state.range,
    from: state.range === 'custom' ? state.from : undefined,
    to: state.range === 'custom' ? state.to : undefined,
    granularity,
    provider: state.provider,
    method: state.method,
    direction: state.direction,
    country: state.country,
    currency: state.currency,
    bank: state.bank,
  } as const;
}

/** The filters of the view in the payment search's terms, for click-through links. */
export function searchFilterOf(state: AnalyticsUrlState): PaymentSearchFilter {
  return {
    provider: state.provider,
    method: state.method,
    direction: state.direction,
    country: state.country,
    currency: state.currency,
    bank: state.bank,
  };
}

export function hasFilters(state: AnalyticsUrlState): boolean {
  return Boolean(state.provider || state.method || state.direction || state.country || state.currency || state.bank);
}

/** The CSV download of one chart, for the same view. */
export function exportHref(chart: string, state: AnalyticsUrlState): string {
  const params = new URLSearchParams({ chart });
  for (const [key, value] of Object.entries({ ...apiInputOf(state), split: state.split })) {
    if (value !== undefined) params.set(key, String(value));
  }
  return `/api/analytics/export.csv?${params}`;
}
