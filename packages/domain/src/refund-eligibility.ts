import { type FinanceLimits, supportRefundLimitFor, DEFAULT_FINANCE_LIMITS } from './finance-limits.ts';
import { formatMoney } from './money.ts';
import { canRequestRefund, type Role } from './permissions.ts';
import { providerName } from './providers.ts';
import { REFUND_STATE_LABELS, type RefundState } from './refund-state.ts';

// Whether a payment can be refunded by merchant reference, and by whom. Only Kasha offers a
// refund call; for the other providers the answer explains what to do instead.

export type RefundVerdictCode =
  | 'REFUNDABLE'
  | 'NOT_FOUND'
  | 'NO_REFUND_API'
  | 'NOT_A_PAYIN'
  | 'NOT_COMPLETED'
  | 'ALREADY_REFUNDED'
  | 'REFUND_EXISTS'
  | 'NOTHING_TO_REFUND'
  | 'ABOVE_LIMIT';

export interface RefundVerdict {
  code: RefundVerdictCode;
  canRefund: boolean;
  /** One sentence for the page. */
  message: string;
  /** What to do instead, when something can be done. */
  advice: string | null;
}

export interface RefundCandidate {
  provider: string;
  direction: string;
  status: string;
  amountMinor: number;
  currency: string;
}

/** What staff do when the provider has no refund call (said where a person reads it, not buried in docs). */
export const NO_REFUND_API_ADVICE: Readonly<Record<string, string>> = {
  kashimi:
    'Kashimi initiates open-banking transfers and has no refund call. Send the money back with a new SEPA credit transfer from the merchant account to the payer’s IBAN shown on the payment, quoting this merchant reference, and note it on the customer case.',
  klavi:
    'Klavi initiates Pix payments and has no refund call. Return the money with a Pix transfer (devolução) from the merchant account to the payer, quoting this reference, and note it on the customer case.',
};

/**
 * The verdict for one payment. `existingRefund` is the refund already recorded for it, if
 * any: one refund per reference, ever.
 */
export function assessRefund(
  payment: RefundCandidate | undefined,
  existingRefund: { state: RefundState } | undefined,
  role: Role,
  limits: FinanceLimits = DEFAULT_FINANCE_LIMITS,
): RefundVerdict {
  const no = (code: RefundVerdictCode, message: string, advice: string | null = null): RefundVerdict => ({ code, canRefund: false, message, advice });
  if (!payment) return no('NOT_FOUND', 'No payment has this merchant reference.', 'Check the reference with the customer; it is the order reference the merchant gave the provider.');
  if (payment.provider !== 'kasha') {
    return no('NO_REFUND_API', `${providerName(payment.provider)} payments cannot be refunded through Paydesk.`, NO_REFUND_API_ADVICE[payment.provider] ?? null);
  }
  if (payment.direction !== 'payin') return no('NOT_A_PAYIN', 'This is a payout: money we sent cannot be refunded.');
  if (existingRefund) {
    const label = REFUND_STATE_LABELS[existingRefund.state].toLowerCase();
    return no('REFUND_EXISTS', `This payment already has a refund (${label}). A payment is refunded at most once.`);
  }
  if (payment.status === 'REFUNDED') return no('ALREADY_REFUNDED', 'Kasha shows this payment as refunded already.');
  if (payment.status !== 'COMPLETED') {
    return no('NOT_COMPLETED', `Only completed payments can be refunded; this one is ${payment.status.toLowerCase()}.`);
  }
  if (payment.amountMinor <= 0) return no('NOTHING_TO_REFUND', 'This payment has no amount to refund.');
  const limit = supportRefundLimitFor(payment.currency, limits);
  if (!canRequestRefund(role, payment.amountMinor, limit)) {
    const limitText = limit > 0 ? `up to ${formatMoney(limit, payment.currency)}` : `nothing in ${payment.currency}`;
    return no('ABOVE_LIMIT', `Support may refund ${limitText} alone; this refund needs finance.`, 'Ask a finance colleague to request it from this page.');
  }
  return { code: 'REFUNDABLE', canRefund: true, message: 'This payment can be refunded.', advice: null };
}
