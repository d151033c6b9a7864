import { describe, expect, it } from 'vitest';
import { financeLimits } from './finance-limits.ts';
import { assessRefund, type RefundCandidate } from './refund-eligibility.ts';

const kashaPayin = (overrides: Partial<RefundCandidate> = {}): RefundCandidate => ({
  provider: 'kasha',
  direction: 'payin',
  status: 'COMPLETED',
  amountMinor: 5_000,
  currency: 'EUR',
  ...overrides,
});

describe('whether a payment can be refunded by reference', () => {
  it('is yes for a completed Kasha pay-in within the support limit', () => {
    expect(assessRefund(kashaPayin(), undefined, 'support')).toMatchObject({ canRefund: true, code: 'REFUNDABLE' });
  });

  it('explains what to do instead for Kashimi and Klavi, which have no refund call', () => {
    const kashimi = assessRefund(kashaPayin({ provider: 'kashimi' }), undefined, 'support');
    expect(kashimi).toMatchObject({ canRefund: false, code: 'NO_REFUND_API' });
    expect(kashimi.advice).toMatch(/SEPA credit transfer/);
    expect(assessRefund(kashaPayin({ provider: 'klavi' }), undefined, 'finance').advice).toMatch(/Pix/);
  });

  it('is no when a refund exists already, whatever its state', () => {
    expect(assessRefund(kashaPayin(), { state: 'unknown' }, 'finance')).toMatchObject({ canRefund: false, code: 'REFUND_EXISTS' });
    expect(assessRefund(kashaPayin({ status: 'REFUNDED' }), undefined, 'finance')).toMatchObject({ code: 'ALREADY_REFUNDED' });
  });

  it('is no for payouts, open or failed payments and unknown references', () => {
    expect(assessRefund(kashaPayin({ direction: 'payout' }), undefined, 'finance').code).toBe('NOT_A_PAYIN');
    expect(assessRefund(kashaPayin({ status: 'PENDING' }), undefined, 'finance').code).toBe('NOT_COMPLETED');
    expect(assessRefund(undefined, undefined, 'finance').code).toBe('NOT_FOUND');
  });

  it('sends refunds above the support limit to finance, and lets finance do them', () => {
    const limits = financeLimits({ supportRefund: { EUR: '100' } });
    expect(assessRefund(kashaPayin({ amountMinor: 10_000 }), undefined, 'support', limits).canRefund).toBe(true);
    const above = assessRefund(kashaPayin({ amountMinor: 10_001 }), undefined, 'support', limits);
    expect(above).toMatchObject({ canRefund: false, code: 'ABOVE_LIMIT' });
    expect(above.message).toContain('€100.00');
    expect(assessRefund(kashaPayin({ amountMinor: 10_001 }), undefined, 'finance', limits).canRefund).toBe(true);
  });
});
