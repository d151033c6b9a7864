import { MoneyError, normalizeCurrencyCode, toMinorUnits } from './money.ts';

// The limits that decide who may move how much money. Defaults live here so the seed, the
// API and the tests agree; the API lets an operator override them (apps/api/src/env.ts).

/**
 * Payouts at or above these amounts (major units) need a second approver. Round numbers
 * near 1,000 EUR in each currency, because finance staff think in local round figures.
 */
export const DEFAULT_SECOND_APPROVAL_THRESHOLDS: Readonly<Record<string, string>> = {
  EUR: '1000',
  GBP: '850',
  PLN: '4500',
  SEK: '11000',
  BRL: '6000',
  MXN: '20000',
  COP: '4500000',
  CLP: '1000000',
  PEN: '4000',
  ARS: '1300000',
  JPY: '170000',
  KWD: '340',
  INR: '100000',
};

/**
 * Refunds a support agent may request alone (major units, up to and including); above
 * them finance must. Near 250 EUR: a typical basket, not a wholesale order.
 */
export const DEFAULT_SUPPORT_REFUND_LIMITS: Readonly<Record<string, string>> = {
  EUR: '250',
  GBP: '200',
  PLN: '1000',
  SEK: '2800',
  BRL: '1500',
  MXN: '5000',
  COP: '1100000',
  CLP: '250000',
  PEN: '1000',
  ARS: '330000',
  JPY: '40000',
  KWD: '80',
  INR: '22000',
};

/** How long a payout may wait for its decision before it counts as overdue. */
export const DEFAULT_PAYOUT_SLA_HOURS = 4;

export interface FinanceLimits {
  /** Minor units per currency at or above which a payout needs two approvals. */
  readonly secondApprovalMinor: Readonly<Record<string, number>>;
  /** Minor units per currency up to which support may refund alone. */
  readonly supportRefundLimitMinor: Readonly<Record<string, number>>;
  readonly payoutSlaMs: number;
}

export interface FinanceLimitOverrides {
  /** Major-unit amounts by currency; merged over the defaults. */
  secondApproval?: Readonly<Record<string, string>>;
  supportRefund?: Readonly<Record<string, string>>;
  payoutSlaHours?: number;
}

function toMinorTable(table: Readonly<Record<string, string>>): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [currency, amount] of Object.entries(table)) {
    const code = normalizeCurrencyCode(currency);
    result[code] = toMinorUnits(amount, code);
  }
  return result;
}

/** The limits in force: the defaults with any overrides merged over them, in minor units. */
export function financeLimits(overrides: FinanceLimitOverrides = {}): FinanceLimits {
  const slaHours = overrides.payoutSlaHours ?? DEFAULT_PAYOUT_SLA_HOURS;
  if (!(slaHours > 0)) throw new MoneyError('INVALID_FORMAT', 'The payout SLA must be a positive number of hours');
  return {
    secondApprovalMinor: toMinorTable({ ...DEFAULT_SECOND_APPROVAL_THRESHOLDS, ...overrides.secondApproval }),
    supportRefundLimitMinor: toMinorTable({ ...DEFAULT_SUPPORT_REFUND_LIMITS, ...overrides.supportRefund }),
    payoutSlaMs: Math.round(slaHours * 3_600_000),
  };
}

export const DEFAULT_FINANCE_LIMITS: FinanceLimits = financeLimits();

/**
 * Approvals a payout needs: two at or above its currency's threshold, one below it. A
 * currency without a threshold needs two, so a forgotten currency fails safe.
 */
export function requiredApprovalsFor(amountMinor: number, currency: string, limits: FinanceLimits = DEFAULT_FINANCE_LIMITS): 1 | 2 {
  const threshold = limits.secondApprovalMinor[currency.toUpperCase()];
  if (threshold === undefined) return 2;
  return amountMinor >= threshold ? 2 : 1;
}

/** The most support may refund alone in this currency; 0 (finance only) when none is set. */
export function supportRefundLimitFor(currency: string, limits: FinanceLimits = DEFAULT_FINANCE_LIMITS): number {
  return limits.supportRefundLimitMinor[currency.toUpperCase()] ?? 0;
}

/**
 * Reads "EUR=1000,GBP=850.50" (an operator's override) into a currency → amount table,
 * checking every amount against its currency; throws a MoneyError naming the bad entry.
 */
export function parseCurrencyAmounts(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p.length > 0)) {
    const match = /^([A-Za-z]{3})\s*[=:]\s*(\S+)$/.exec(part);
    if (!match) throw new MoneyError('INVALID_FORMAT', `"${part}" is not CURRENCY=AMOUNT, e.g. EUR=1000`);
    const currency = normalizeCurrencyCode(match[1]!);
    const amount = match[2]!;
    toMinorUnits(amount, currency);
    result[currency] = amount;
  }
  return result;
}
