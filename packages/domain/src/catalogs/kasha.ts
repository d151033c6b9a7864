import type { FailureCategory } from '../failure.ts';
import type { UnifiedStatus } from '../status.ts';
import { lookupCode, normalizeCode } from './lookup.ts';

// Kasha: cards and local payment methods, pay-ins and payouts, API v2.

export type KashaErrorInfo = {
  /** The transaction status Kasha reports alongside this code. */
  readonly status: 'DECLINED' | 'ERROR';
  /** Kasha's own short name for the code, to quote when talking to Kasha. */
  readonly reason: string;
  readonly description: string;
  readonly category: FailureCategory;
};

const declined = (reason: string, description: string, category: FailureCategory): KashaErrorInfo => ({
  status: 'DECLINED',
  reason,
  description,
  category,
});

export const KASHA_ERROR_CODES = {
  // Data checks
  '1000': declined(
    'Validation error',
    'The request failed a general data check; Kasha gave no more detail.',
    'invalid_details',
  ),
  '1001': declined('Missing phone number', 'The customer’s phone number was not sent.', 'invalid_details'),
  '1002': declined(
    'Invalid document id',
    'The payment provider did not accept the customer’s ID document number.',
    'invalid_details',
  ),
  '1003': declined(
    'Invalid document type',
    'The payment provider does not accept this kind of ID document.',
    'invalid_details',
  ),
  '1004': declined('Invalid phone number', 'The customer’s phone number is wrong.', 'invalid_details'),
  '1005': declined(
    'Invalid bank account format',
    'The bank account number is not in a valid format.',
    'invalid_details',
  ),
  '1006': declined('Invalid zip code', 'The postcode is missing or in the wrong format.', 'invalid_details'),
  '1007': declined('Low amount received', 'The amount is below the minimum allowed.', 'limit_exceeded'),
  '1008': declined('Payment amount is too high', 'The amount is above the maximum allowed.', 'limit_exceeded'),
  '1009': declined('Invalid amount', 'The amount is not valid, often because of its format.', 'invalid_details'),

  // Not a failure: the outcome is unknown until a status lookup or Kasha support settles it.
  '1100': {
    status: 'ERROR',
    reason: 'Contact support to confirm payment',
    description:
      'We do not know whether this payment went through. Do not retry it: look the status up or confirm with Kasha support first.',
    category: 'uncertain',
  },

  // Card and processor declines
  '3000': declined(
    'Insufficient card funds',
    'The card does not have enough money for this payment.',
    'insufficient_funds',
  ),
  '3001': declined(
    'Do not honour',
    'The card issuer said no without a reason. The customer should call their bank or use another card.',
    'issuer_declined',
  ),
  '3002': declined('Untrusted transaction', 'Declined by fraud and risk checks.', 'blocked_risk'),
  '3003': declined(
    'Abandoned 3DS',
    'The customer left the card security check (3-D Secure) without finishing it.',
    'payer_abandoned',
  ),
  '3004': declined(
    'Invalid CVV2/CVC2',
    'The security code on the back of the card was wrong.',
    'authentication_failed',
  ),
  '3005': declined('Invalid cardholder name', 'The name on the card was not accepted.', 'invalid_details'),
  '3006': declined('Exceeded amount limit', 'The amount is over the card’s spending limit.', 'limit_exceeded'),
  '3007': declined('Card expired', 'The card has expired.', 'card_invalid'),
  '3008': declined(
    'Transaction already in progress',
    'Another attempt for this payment is still running.',
    'duplicate',
  ),
  '3009': declined('Invalid card number', 'The card number is not valid.', 'card_invalid'),
  '3010': declined(
    'Customer has failed 3DS',
    'The customer did not pass the card security check (3-D Secure). Kasha’s table also describes it as abandoned.',
    'authentication_failed',
  ),
  '3011': declined('No card record', 'The card issuer has no record of this card number.', 'card_invalid'),
  '3012': declined(
    'Pickup card',
    'The issuer asked for the card to be kept, usually because it was reported lost or stolen.',
    'card_invalid',
  ),
  '3013': declined(
    'Charge count limit reached for this card',
    'The card has reached its limit on the number of payments.',
    'limit_exceeded',
  ),
  '3014': declined(
    'Exceeded amount limit',
    'The amount is over the allowed limit (same wording as 3006, separate code).',
    'limit_exceeded',
  ),
  '3015': declined(
    'Transaction not permitted to cardholder',
    'This card is not allowed to make this kind of payment.',
    'unsupported',
  ),
  '3016': declined('Visa decline', 'The Visa network declined the payment.', 'issuer_declined'),
  '3017': declined('Duplicate transaction', 'This repeats a payment that was already made.', 'duplicate'),
  '3018': declined(
    'Payment was not received',
    'The customer never completed the payment (for example an unpaid voucher or transfer).',
    'payer_abandoned',
  ),
  '3019': declined(
    'Recalculation',
    'Declined with the reason “recalculation”, which Kasha does not explain; ask Kasha support what happened.',
    'unknown',
  ),
  '3020': declined(
    'Transaction amount less than allowed',
    'The amount is below the minimum allowed.',
    'limit_exceeded',
  ),
  '3021': declined('Country is blocked', 'Payments from this country are blocked.', 'blocked_risk'),
  '3022': declined('Transaction blocked', 'The payment was blocked; no specific reason was given.', 'blocked_risk'),
  '3023': declined('Declined by card Issuer', 'The card issuer declined the payment.', 'issuer_declined'),
  '3024': declined('Card type declined', 'This type of card is not accepted.', 'unsupported'),
  '3025': declined(
    'Transaction not allowed in country',
    'Only a card issued in the payment’s country can be used here.',
    'unsupported',
  ),
  '3026': declined('Mastercard Decline', 'The Mastercard network declined the payment.', 'issuer_declined'),

  // Gateway and routing
  '994': declined('Unidentified subject', 'The card is on a block list.', 'blocked_risk'),
  '995': declined(
    'No payment options were found',
    'No payment method was available for this country, currency and amount.',
    'unsupported',
  ),
  '996': declined('Currency conversion error', 'Kasha could not convert the currency.', 'unsupported'),
  '997': declined('No route was found', 'Kasha found no payment provider that could take this payment.', 'unsupported'),
  '998': declined(
    'Adapter timeout',
    'Kasha timed out talking to the underlying payment provider.',
    'provider_technical',
  ),
  '999': declined(
    'Miscellaneous error',
    'A general error without a specific code; the message sent with it may say more.',
    'unknown',
  ),
} as const satisfies Record<string, KashaErrorInfo>;

export type KashaErrorCode = keyof typeof KASHA_ERROR_CODES;

// Kasha codes are numbers that may arrive as 1100, "1100" or "01100".
function normalizeKashaCode(raw: string | number | null | undefined): string | null {
  const code = normalizeCode(raw);
  return code === null ? null : code.replace(/^0+(?=\d)/, '');
}

/** The catalog entry for a Kasha error code (number or string), or undefined. */
export function kashaErrorCode(code: string | number | null | undefined): KashaErrorInfo | undefined {
  return lookupCode(KASHA_ERROR_CODES, normalizeKashaCode(code))?.entry;
}

/** Kasha's code in our canonical string form ("01100" → "1100"), or null when none was sent. */
export function canonicalKashaCode(code: string | number | null | undefined): string | null {
  return normalizeKashaCode(code);
}

export type KashaTransactionStatus =
  'PENDING' | 'PROCESSING' | 'COMPLETED' | 'DECLINED' | 'ERROR' | 'REFUNDED' | 'CANCELLED' | 'EXPIRED';

export type KashaStatusInfo = {
  readonly meaning: string;
  /** Unified status when no error code changes the picture (see normalizeKashaStatus). */
  readonly unified: UnifiedStatus;
  /** Short label for timelines. */
  readonly step: string;
  /** False for statuses a gateway plausibly returns but Kasha's documents never show. */
  readonly documented: boolean;
  /** Category when the status is a failure and no error code says more; null otherwise. */
  readonly fallbackCategory: FailureCategory | null;
};

export const KASHA_TRANSACTION_STATUSES = {
  PENDING: {
    meaning: 'Created and waiting: for the customer to pay, or for our approval if it is a payout.',
    unified: 'PENDING',
    step: 'Created',
    documented: true,
    fallbackCategory: null,
  },
  PROCESSING: {
    meaning: 'Sent to the payment processor; waiting for its answer.',
    unified: 'PENDING',
    step: 'With processor',
    documented: true,
    fallbackCategory: null,
  },
  COMPLETED: {
    meaning: 'Paid successfully.',
    unified: 'COMPLETED',
    step: 'Completed',
    documented: true,
    fallbackCategory: null,
  },
  DECLINED: {
    meaning: 'Refused by Kasha, the processor or the bank; the error code says why.',
    unified: 'FAILED',
    step: 'Declined',
    documented: true,
    fallbackCategory: 'unknown',
  },
  // Kasha documents ERROR only with code 1100 (outcome unknown), so an ERROR without a
  // code is treated as uncertain rather than failed: a wrong "failed" invites a retry.
  ERROR: {
    meaning:
      'Something went wrong and the outcome may not be known. With code 1100, confirm with Kasha before doing anything.',
    unified: 'UNKNOWN',
    step: 'Error',
    documented: true,
    fallbackCategory: 'uncertain',
  },
  REFUNDED: {
    meaning: 'The payment was refunded; the money went back to the customer.',
    unified: 'REFUNDED',
    step: 'Refunded',
    documented: true,
    fallbackCategory: null,
  },
  CANCELLED: {
    meaning: 'Cancelled before it finished. Not shown in Kasha’s documents.',
    unified: 'FAILED',
    step: 'Cancelled',
    documented: false,
    fallbackCategory: 'payer_abandoned',
  },
  EXPIRED: {
    meaning: 'The 30-minute payment session ran out before the customer paid. Not shown in Kasha’s documents.',
    unified: 'FAILED',
    step: 'Expired',
    documented: false,
    fallbackCategory: 'payer_abandoned',
  },
} as const satisfies Record<KashaTransactionStatus, KashaStatusInfo>;

/** The catalog entry for a Kasha transaction status (any case), or undefined. */
export function kashaTransactionStatus(status: string | null | undefined): KashaStatusInfo | undefined {
  return lookupCode(KASHA_TRANSACTION_STATUSES, status)?.entry;
}

export type KashaPayoutStatus = 'PENDING' | 'PROCESSING' | 'COMPLETED' | 'DECLINED' | 'ERROR';

export type KashaPayoutStatusInfo = {
  readonly meaning: string;
  readonly unified: UnifiedStatus;
  /** Statuses Kasha may move the payout to next; empty where Kasha's flow ends. */
  readonly next: readonly KashaPayoutStatus[];
};

export const KASHA_PAYOUT_STATUSES = {
  PENDING: {
    meaning: 'Waiting for us to approve or decline it; nothing is sent until then.',
    unified: 'PENDING',
    next: ['PROCESSING', 'DECLINED'],
  },
  PROCESSING: {
    meaning: 'Approved and handed to the payment processor, which can still refuse it.',
    unified: 'PENDING',
    next: ['COMPLETED', 'DECLINED', 'ERROR'],
  },
  COMPLETED: { meaning: 'The money was paid out.', unified: 'COMPLETED', next: [] },
  DECLINED: {
    meaning: 'Not paid: we declined it, or the processor refused it after approval.',
    unified: 'FAILED',
    next: [],
  },
  // The end of Kasha's flow, but not final for us: without a definitive code nobody
  // knows whether money left, so it is looked up, never re-sent.
  ERROR: {
    meaning: 'The processor reported an error; check the error code and look the status up before any new attempt.',
    unified: 'UNKNOWN',
    next: [],
  },
} as const satisfies Record<KashaPayoutStatus, KashaPayoutStatusInfo>;

export type KashaPayoutAction = 'APPROVE' | 'DECLINE';

/** The payout status Kasha moves to after each confirm-payout action. */
export const KASHA_PAYOUT_ACTIONS = {
  APPROVE: 'PROCESSING',
  DECLINE: 'DECLINED',
} as const satisfies Record<KashaPayoutAction, KashaPayoutStatus>;
