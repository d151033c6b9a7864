import { describe, expect, it } from 'vitest';
import {
  ANALYTICS_METRIC_DEFINITIONS,
  buildPaymentSearchQuery,
  durationBucketBounds,
  durationBucketOf,
  klaviFunnelStep,
  medianFromHistogram,
  outcomeOfStatus,
  paymentSearchHref,
} from './analytics.ts';
import { FAILURE_CATEGORY_LABELS } from './failure.ts';
import { parseSearchQuery } from './search-query.ts';

describe('the payment search query behind a chart figure', () => {
  it('names every field in the search grammar, in a stable order', () => {
    expect(
      buildPaymentSearchQuery({
        direction: 'payin',
        created: { from: '2026-11-01', to: '2026-11-07' },
        reason: 'insufficient_funds',
        status: ['FAILED'],
        provider: 'kasha',
        method: 'card',
        country: 'BR',
        currency: 'BRL',
        bank: 'itau',
        phase: 6,
      }),
    ).toBe(
      'provider:kasha status:failed phase:6 reason:insufficient_funds method:card country:BR currency:BRL bank:itau direction:payin created:2026-11-01..2026-11-07',
    );
  });

  it('writes a single day once and several statuses with commas', () => {
    expect(buildPaymentSearchQuery({ status: ['PENDING', 'UNKNOWN'], created: { from: '2026-11-03', to: '2026-11-03' } })).toBe(
      'status:pending,unknown created:2026-11-03',
    );
  });

  it('leaves out fields that are not set and quotes values with spaces', () => {
    expect(buildPaymentSearchQuery({ provider: undefined, bank: 'Banco do Brasil', reason: '' })).toBe('bank:"Banco do Brasil"');
  });

  it('is accepted by the payment search parser, field by field', () => {
    const query = buildPaymentSearchQuery({
      provider: 'kashimi',
      status: ['FAILED'],
      phase: 6,
      reason: 'PAYMENT_CONSENT_NOT_GRANTED',
      method: 'open_banking',
      country: 'DE',
      currency: 'EUR',
      bank: 'de-sparkasse',
      direction: 'payin',
      created: { from: '2026-11-01', to: '2026-11-07' },
    });
    const parsed = parseSearchQuery(query);
    expect(parsed.ok ? parsed.query.filters.map((f) => f.field) : parsed.errors).toEqual([
      'provider', 'status', 'phase', 'reason', 'method', 'country', 'currency', 'bank', 'direction', 'created',
    ]);
  });

  it('encodes the query into the payments page address', () => {
    expect(paymentSearchHref({ provider: 'kasha', reason: '3000' })).toBe('/payments?q=provider%3Akasha%20reason%3A3000');
  });
});

describe('outcomes of a status', () => {
  it('count refunded payments as completed and unknown ones as still open', () => {
    expect(['COMPLETED', 'REFUNDED', 'FAILED', 'PENDING', 'UNKNOWN'].map(outcomeOfStatus)).toEqual([
      'completed',
      'completed',
      'failed',
      'open',
      'open',
    ]);
  });
});

describe('payouts declined by us, in the definitions', () => {
  it('say they are failures of their own category and that the success rate counts them as failed', () => {
    const label = FAILURE_CATEGORY_LABELS.merchant_declined;
    expect(ANALYTICS_METRIC_DEFINITIONS.failureCategories.definition).toContain(`"${label}"`);
    expect(ANALYTICS_METRIC_DEFINITIONS.failed.definition).toContain(`"${label}" in the failure charts) included`);
    expect(ANALYTICS_METRIC_DEFINITIONS.success.definition).toMatch(new RegExp(`"${label}" in the failure charts\\) count as failed`));
    // Their status is FAILED, and a FAILED payment is a failure whatever its category.
    expect(outcomeOfStatus('FAILED')).toBe('failed');
  });
});

describe('time-to-complete buckets', () => {
  it('put exact powers of two at the start of a bucket', () => {
    expect(durationBucketOf(0.2)).toBe(0);
    expect(durationBucketOf(1)).toBe(1);
    expect(durationBucketOf(2)).toBe(5);
    expect(durationBucketOf(1.99)).toBe(4);
    expect(durationBucketBounds(5)).toEqual({ lowerSeconds: 2, upperSeconds: 2 ** 1.25 });
  });

  it('keep every duration inside the bounds of its bucket', () => {
    for (const seconds of [0, 0.5, 1, 1.5, 3, 59, 60, 61, 3600, 86_400 * 3]) {
      const { lowerSeconds, upperSeconds } = durationBucketBounds(durationBucketOf(seconds));
      expect(seconds).toBeGreaterThanOrEqual(lowerSeconds);
      expect(seconds).toBeLessThan(upperSeconds);
    }
  });

  it('give a median within 9% of the exact one', () => {
    const durations = [3, 40, 41, 42, 600, 700, 9000];
    const counts = new Map<number, number>();
    for (const d of durations) counts.set(durationBucketOf(d), (counts.get(durationBucketOf(d)) ?? 0) + 1);
    const median = medianFromHistogram([...counts].map(([bucket, payments]) => ({ bucket, payments })));
    expect(median).not.toBeNull();
    expect(Math.abs(median!.seconds - 42) / 42).toBeLessThan(0.091);
    expect(median!.lowerSeconds).toBeLessThanOrEqual(42);
  });

  it('have no median without completed payments', () => {
    expect(medianFromHistogram([])).toBeNull();
  });
});

describe('Klavi funnel steps', () => {
  it('follow the stage of the status, with expired counted at consent and cancelled apart', () => {
    expect(['started', 'CONSENT_REJECTED', 'PAYMENT_PENDING', 'PAYMENT_COMPLETED', 'EXPIRED', 'CANCELED', 'ERROR', 'CONSENT_AUTHORIED'].map(klaviFunnelStep)).toEqual([
      'start',
      'consent',
      'payment',
      'settlement',
      'consent',
      'ended',
      'ended',
      'unknown',
    ]);
  });
});
