import { describe, expect, it } from 'vitest';
import { DEFAULT_FINANCE_LIMITS, financeLimits, parseCurrencyAmounts, requiredApprovalsFor, supportRefundLimitFor } from './finance-limits.ts';

describe('finance limits', () => {
  it('need two approvals at or above the currency threshold and one below it', () => {
    expect(requiredApprovalsFor(99_999, 'EUR')).toBe(1);
    expect(requiredApprovalsFor(100_000, 'EUR')).toBe(2);
    expect(requiredApprovalsFor(169_999, 'JPY')).toBe(1);
    expect(requiredApprovalsFor(340_000, 'KWD')).toBe(2);
  });

  it('need two approvals in a currency nobody set a threshold for', () => {
    expect(requiredApprovalsFor(1, 'CHF')).toBe(2);
  });

  it('let support refund up to and including its limit, and nothing in a currency without one', () => {
    expect(supportRefundLimitFor('EUR')).toBe(25_000);
    expect(supportRefundLimitFor('chf')).toBe(0);
  });

  it('take overrides over the defaults, in minor units of each currency', () => {
    const limits = financeLimits({ secondApproval: parseCurrencyAmounts('EUR=500, chf:750.50'), payoutSlaHours: 2 });
    expect(limits.secondApprovalMinor['EUR']).toBe(50_000);
    expect(limits.secondApprovalMinor['CHF']).toBe(75_050);
    expect(limits.secondApprovalMinor['GBP']).toBe(DEFAULT_FINANCE_LIMITS.secondApprovalMinor['GBP']);
    expect(limits.payoutSlaMs).toBe(7_200_000);
  });

  it('refuse an override that is not CURRENCY=AMOUNT or has too many decimals', () => {
    expect(() => parseCurrencyAmounts('EUR 1000')).toThrow(/CURRENCY=AMOUNT/);
    expect(() => parseCurrencyAmounts('JPY=10.5')).toThrow(/decimals/);
    expect(() => financeLimits({ payoutSlaHours: 0 })).toThrow(/positive/);
  });
});
