import { klaviStatus, type KlaviStage } from './catalogs/klavi.ts';
import { FAILURE_CATEGORY_LABELS } from './failure.ts';
import type { UnifiedStatus } from './status.ts';

// What the managers' analytics count, in one place: the API classifies rollup rows with
// these functions and the UI shows the same definitions next to each figure.

/** How a payment's current status counts in conversion figures. */
export type AnalyticsOutcome = 'completed' | 'failed' | 'open';

/**
 * COMPLETED and REFUNDED count as completed (a refund proves the payment went through);
 * FAILED as failed; PENDING and UNKNOWN are still open (UNKNOWN is not a failure).
 */
export function outcomeOfStatus(status: UnifiedStatus | string): AnalyticsOutcome {
  if (status === 'COMPLETED' || status === 'REFUNDED') return 'completed';
  if (status === 'FAILED') return 'failed';
  return 'open';
}

export type AnalyticsMetric =
  | 'started'
  | 'completed'
  | 'failed'
  | 'pending'
  | 'volume'
  | 'conversion'
  | 'success'
  | 'medianTimeToComplete'
  | 'failureCategories'
  | 'failureCodes'
  | 'kashimiFunnel'
  | 'klaviFunnel';

// Named the way the failure charts name it, so the definitions and the charts agree.
const DECLINED_BY_US = `payouts our finance staff declined ("${FAILURE_CATEGORY_LABELS.merchant_declined}" in the failure charts)`;

const COHORT =
  'Payments are counted in the period they were created in, by the status they have now: a payment created on Monday that completes on Tuesday counts as a Monday completion.';

export const ANALYTICS_METRIC_DEFINITIONS: Readonly<Record<AnalyticsMetric, { label: string; definition: string }>> = {
  started: { label: 'Payments started', definition: `Every payment created in the period, whatever its status. ${COHORT}` },
  completed: {
    label: 'Completed',
    definition: `Payments created in the period whose status is now Completed, or Refunded (a refund means the payment went through first). ${COHORT}`,
  },
  failed: {
    label: 'Failed',
    definition: `Payments created in the period whose status is now Failed, ${DECLINED_BY_US} included. ${COHORT}`,
  },
  pending: {
    label: 'Still pending',
    definition: `Payments created in the period that have no outcome yet: Pending, or Unknown (the provider could not confirm; not a failure). ${COHORT}`,
  },
  volume: {
    label: 'Volume completed',
    definition: `The sum of the amounts of completed payments (as counted above), per currency: currencies are never added together or converted. ${COHORT}`,
  },
  conversion: {
    label: 'Conversion rate',
    definition: `Completed ÷ started. Pending payments count in the denominator, so a recent period rises as its payments finish. ${COHORT}`,
  },
  success: {
    label: 'Success rate',
    definition: `Completed ÷ (completed + failed): payments still pending or unknown are left out. The ${DECLINED_BY_US} count as failed, so they lower it too. ${COHORT}`,
  },
  medianTimeToComplete: {
    label: 'Median time to complete',
    definition:
      'Half of the completed payments took longer than this from creation to completion. Read from a histogram whose buckets grow by a factor of 2^(1/4), so the figure is within ±9% of the exact median. Payments created in the period, completed by now.',
  },
  failureCategories: {
    label: 'Failures by category',
    definition: `Failed payments by the one failure category their provider's codes map to, the same categories for every provider. Payouts our finance staff declined have a category of their own, "${FAILURE_CATEGORY_LABELS.merchant_declined}": our decision, not a failure of the provider, the bank or the customer. Shares are of all failed payments. Unknown-status payments are not failures and are left out. ${COHORT}`,
  },
  failureCodes: {
    label: 'Failure codes',
    definition: `Failed payments per raw provider code. A payment that failed with several codes counts once under each, so counts can add up to more than the failed payments; each share is of failed payments. "(no code)" is a failure with no code given. ${COHORT}`,
  },
  kashimiFunnel: {
    label: 'Kashimi phases',
    definition:
      'Kashimi payments created in the period by the furthest of the seven phases they reached (phases only move forward, so it is the phase they are in now). "Reached" counts payments that got to the phase or beyond; "stopped" are payments that failed in it; "still there" are pending or unknown in it. Payments with no phase reported yet are counted as started only.',
  },
  klaviFunnel: {
    label: 'Klavi stages',
    definition:
      'Klavi payments created in the period by the stage of their current status: customer approval (consent), bank processing (payment), Pix settlement. "Reached" counts payments at the stage or beyond. Cancelled, error and expired payments report no stage: expired ones waited for approval and are counted at consent; cancelled and error ones are shown apart as "ended without a stage".',
  },
};

// Time to complete is kept in log-spaced buckets: bucket 0 is under one second, bucket
// k ≥ 1 holds [2^((k-1)/4), 2^(k/4)) seconds (the database function
// analytics_duration_bucket computes the same).
export const DURATION_BUCKETS_PER_DOUBLING = 4;

/** The bounds of a duration bucket in seconds, lower included, upper excluded. */
export function durationBucketBounds(bucket: number): { lowerSeconds: number; upperSeconds: number } {
  if (bucket <= 0) return { lowerSeconds: 0, upperSeconds: 1 };
  return {
    lowerSeconds: 2 ** ((bucket - 1) / DURATION_BUCKETS_PER_DOUBLING),
    upperSeconds: 2 ** (bucket / DURATION_BUCKETS_PER_DOUBLING),
  };
}

/** The bucket a duration falls in (for tests and for explaining a figure). */
export function durationBucketOf(seconds: number): number {
  if (seconds < 1) return 0;
  return Math.min(1 + Math.floor(Math.log2(seconds) * DURATION_BUCKETS_PER_DOUBLING), 200);
}

export interface MedianEstimate {
  /** Geometric middle of the bucket holding the median: within ±9% of the exact value. */
  seconds: number;
  lowerSeconds: number;
  upperSeconds: number;
}

/**
 * The median of a duration histogram: the bucket holding the lower median (the
 * ⌈n/2⌉-th smallest duration), reported as the geometric middle of its bounds.
 */
export function medianFromHistogram(counts: ReadonlyArray<{ bucket: number; payments: number }>): MedianEstimate | null {
  const total = counts.reduce((sum, c) => sum + c.payments, 0);
  if (total <= 0) return null;
  const rank = Math.ceil(total / 2);
  let seen = 0;
  for (const entry of [...counts].sort((a, b) => a.bucket - b.bucket)) {
    seen += entry.payments;
    if (seen >= rank) {
      const { lowerSeconds, upperSeconds } = durationBucketBounds(entry.bucket);
      // Bucket 0 has no geometric middle; half a second is the honest middle of [0, 1).
      const seconds = entry.bucket === 0 ? 0.5 : Math.sqrt(lowerSeconds * upperSeconds);
      return { seconds, lowerSeconds, upperSeconds };
    }
  }
  return null;
}

/** The Klavi funnel steps, in order, as shown on screen. */
export type KlaviFunnelStep = 'start' | 'consent' | 'payment' | 'settlement';
export const KLAVI_FUNNEL_STEPS = ['start', 'consent', 'payment', 'settlement'] as const satisfies readonly KlaviFunnelStep[];

/**
 * The furthest Klavi funnel step a status shows, or 'ended' for cancelled and error
 * payments (they report no stage). EXPIRED means approval was awaited: consent.
 * Unknown statuses are 'unknown'.
 */
export function klaviFunnelStep(providerStatus: string): KlaviFunnelStep | 'ended' | 'unknown' {
  const upper = providerStatus.trim().toUpperCase();
  if (upper === 'EXPIRED') return 'consent';
  const entry = klaviStatus(upper);
  if (!entry) return 'unknown';
  const stage: KlaviStage = entry.stage;
  return stage === 'end' ? 'ended' : stage;
}

// ---------------------------------------------------------------------------
// Click-through from a chart to the payments behind it.

/** The payments behind one figure, in the payment search's terms. */
export interface PaymentSearchFilter {
  provider?: string | undefined;
  /** Unified statuses, any of them. */
  status?: readonly string[] | undefined;
  phase?: number | undefined;
  detailed?: string | undefined;
  /** A failure category or a provider's raw code. */
  reason?: string | undefined;
  method?: string | undefined;
  country?: string | undefined;
  currency?: string | undefined;
  bank?: string | undefined;
  direction?: string | undefined;
  /** Creation days in the business time zone, both included (YYYY-MM-DD). */
  created?: { from: string; to: string } | undefined;
}

function searchValue(value: string): string {
  // Values with spaces or quotes must be quoted to stay one token.
  return /[\s"]/.test(value) ? `"${value.replace(/"/g, '')}"` : value;
}

/**
 * The query for the payment search page (`/payments?q=…`), e.g.
 * `provider:kasha status:failed reason:insufficient_funds created:2026-11-01..2026-11-07 direction:payin`.
 */
export function buildPaymentSearchQuery(filter: PaymentSearchFilter): string {
  const parts: string[] = [];
  const add = (field: string, value: string | undefined) => {
    if (value !== undefined && value !== '') parts.push(`${field}:${searchValue(value)}`);
  };
  add('provider', filter.provider);
  if (filter.status && filter.status.length > 0) add('status', filter.status.map((s) => s.toLowerCase()).join(','));
  add('phase', filter.phase === undefined ? undefined : String(filter.phase));
  add('detailed', filter.detailed);
  add('reason', filter.reason);
  add('method', filter.method);
  add('country', filter.country);
  add('currency', filter.currency);
  add('bank', filter.bank);
  add('direction', filter.direction);
  if (filter.created) {
    const { from, to } = filter.created;
    add('created', from === to ? from : `${from}..${to}`);
  }
  return parts.join(' ');
}

/** The payment search page's address for a filter. */
export function paymentSearchHref(filter: PaymentSearchFilter): string {
  return `/payments?q=${encodeURIComponent(buildPaymentSearchQuery(filter))}`;
}
