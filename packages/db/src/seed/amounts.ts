import {
  currencyExponent,
  DEFAULT_FINANCE_LIMITS,
  DEFAULT_SECOND_APPROVAL_THRESHOLDS,
  requiredApprovalsFor,
} from '@paydesk/domain';
import type { Random } from './random.ts';

// Rough value of one unit of each currency in euros. Only used to shape amounts so a
// typical Chilean card payment and a typical German one are worth about the same; no
// stored amount is ever converted.
const EUR_PER_UNIT: Readonly<Record<string, number>> = {
  EUR: 1,
  GBP: 1.17,
  PLN: 0.23,
  SEK: 0.088,
  BRL: 0.16,
  MXN: 0.048,
  COP: 0.00022,
  CLP: 0.00095,
  PEN: 0.25,
  ARS: 0.00075,
  JPY: 0.0058,
  KWD: 2.95,
  INR: 0.0102,
};

// The dual-control thresholds belong to the domain (the API enforces them); the seed uses
// the same defaults so demo payouts carry the approvals the live rules would ask for.
export const SECOND_APPROVAL_THRESHOLDS: Readonly<Record<string, string>> = DEFAULT_SECOND_APPROVAL_THRESHOLDS;

/** Approvals a payout needs under the default limits: two at or above the threshold, one below it. */
export function requiredApprovals(amountMinor: number, currency: string): 1 | 2 {
  return requiredApprovalsFor(amountMinor, currency, DEFAULT_FINANCE_LIMITS);
}

export interface AmountProfile {
  /** Typical amount, in euros. */
  readonly medianEur: number;
  /** Spread of the amount's logarithm. */
  readonly sigma: number;
  readonly minEur: number;
  readonly maxEur: number;
  /** Share of round amounts (top-ups of 20, 50, 100) rather than basket totals. */
  readonly roundShare: number;
}

/**
 * A log-normal amount in the currency's integer minor units. The float exists only
 * while drawing; what leaves this function is an integer on the currency's grid.
 */
export function drawAmountMinor(random: Random, currency: string, profile: AmountProfile): number {
  const rate = EUR_PER_UNIT[currency];
  if (rate === undefined) throw new Error(`no amount scale for ${currency}`);
  const exponent = currencyExponent(currency);
  const eur = Math.min(profile.maxEur, Math.max(profile.minEur, random.logNormal(profile.medianEur, profile.sigma)));
  const major = eur / rate;
  const magnitude = Math.floor(Math.log10(major));
  if (random.chance(profile.roundShare)) {
    // Nearest of 1, 2, 2.5, 5 × 10^k, the amounts people pick when they choose one.
    let best = 10 ** magnitude;
    for (const factor of [1, 2, 2.5, 5, 10]) {
      const candidate = factor * 10 ** magnitude;
      if (Math.abs(Math.log(candidate / major)) < Math.abs(Math.log(best / major))) best = candidate;
    }
    return Math.max(1, Math.round(best * 10 ** exponent));
  }
  // Prices carry about four significant digits (12,990 CLP; 45.37 EUR), never more
  // precision than the currency's minor unit.
  const stepMinor = 10 ** Math.max(0, magnitude - 3 + exponent);
  return Math.max(stepMinor, Math.round((major * 10 ** exponent) / stepMinor) * stepMinor);
}

/** An amount's rough worth in euros, to make limits bite more on big payments. Never stored. */
export function approximateEur(amountMinor: number, currency: string): number {
  return (amountMinor / 10 ** currencyExponent(currency)) * (EUR_PER_UNIT[currency] ?? 1);
}
