import type { FailureCategory } from '../failure.ts';
import type { UnifiedStatus } from '../status.ts';
import { lookupCode } from './lookup.ts';

// Kashimi: open banking payment initiation. Descriptions are written for a support
// agent; "payer" is the person paying from their bank account.

export type KashimiPhaseNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export type KashimiPhase = {
  readonly phase: KashimiPhaseNumber;
  /** Kashimi's own name for the phase, to use when talking to Kashimi. */
  readonly name: string;
  /** Plain label for our screens ("bank" rather than Kashimi's "provider"). */
  readonly label: string;
  readonly summary: string;
};

export const KASHIMI_PHASES: readonly KashimiPhase[] = [
  {
    phase: 1,
    name: 'Provider selection',
    label: 'Bank selection',
    summary: 'The payer picks their bank on Kashimi’s own page (only when Kashimi hosts the bank choice).',
  },
  {
    phase: 2,
    name: 'Follow-up data collection',
    label: 'Extra details',
    summary: 'Some banks need more from the payer first, such as a customer number.',
  },
  {
    phase: 3,
    name: 'Sender authorization',
    label: 'Bank login',
    summary: 'The payer logs in at their bank so Kashimi may act for them.',
  },
  {
    phase: 4,
    name: 'Sender account',
    label: 'Paying account',
    summary: 'Kashimi finds out which account the payer pays from; may need access consent and an account choice.',
  },
  {
    phase: 5,
    name: 'Payment registration',
    label: 'Payment registration',
    summary: 'Kashimi registers the payment with the payer’s bank.',
  },
  {
    phase: 6,
    name: 'Payment consent',
    label: 'Payment approval',
    summary: 'The payer approves the payment at their bank, sometimes after choosing how to confirm.',
  },
  {
    phase: 7,
    name: 'Payment execution',
    label: 'Payment execution',
    summary: 'The bank carries out the approved payment and moves the money.',
  },
];

/** The phase entry for a phase number, or undefined for anything else. */
export function kashimiPhase(phase: number | null | undefined): KashimiPhase | undefined {
  return KASHIMI_PHASES.find((p) => p.phase === phase);
}

export type KashimiTopStatus = 'PENDING' | 'COMPLETED' | 'FAILED' | 'UNKNOWN';

export type KashimiTopStatusInfo = {
  readonly unified: UnifiedStatus;
  readonly final: boolean;
  readonly meaning: string;
};

export const KASHIMI_TOP_STATUSES = {
  PENDING: {
    unified: 'PENDING',
    final: false,
    meaning: 'In progress: a step is waiting on the payer, Kashimi or the bank.',
  },
  COMPLETED: { unified: 'COMPLETED', final: true, meaning: 'The bank accepted the payment and carried it out.' },
  FAILED: {
    unified: 'FAILED',
    final: true,
    meaning: 'A step could not be finished, so the payment stops here; the failure reasons say why.',
  },
  UNKNOWN: {
    unified: 'UNKNOWN',
    final: false,
    meaning:
      'Kashimi could not read the bank’s answer. Not final and not a failure: keep checking, and ask Kashimi if it stays like this.',
  },
} as const satisfies Record<KashimiTopStatus, KashimiTopStatusInfo>;

export type KashimiDetailedStatusInfo = {
  readonly phase: KashimiPhaseNumber;
  readonly status: 'PENDING' | 'FAILED' | 'COMPLETED';
  readonly description: string;
  /** False for codes seen in Kashimi's examples but missing from its status table. */
  readonly documented: boolean;
  /** Category to use when a FAILED status arrives without failure reasons; null otherwise. */
  readonly fallbackCategory: FailureCategory | null;
};

const pending = (phase: KashimiPhaseNumber, description: string): KashimiDetailedStatusInfo => ({
  phase,
  status: 'PENDING',
  description,
  documented: true,
  fallbackCategory: null,
});

// Only failures whose step makes the cause clear get a specific category. A failed
// callback can be the payer backing out or a fault, so it stays 'unknown'.
const failed = (
  phase: KashimiPhaseNumber,
  description: string,
  fallbackCategory: FailureCategory,
): KashimiDetailedStatusInfo => ({ phase, status: 'FAILED', description, documented: true, fallbackCategory });

export const KASHIMI_DETAILED_STATUSES = {
  // Phase 1: bank selection
  PROVIDER_SELECTION_REDIRECT_PENDING: pending(1, 'The payer is being sent to Kashimi’s page to pick their bank.'),
  PROVIDER_SELECTION_CALLBACK_PROCESSING_PENDING: pending(
    1,
    'The payer picked a bank; Kashimi is setting up the next step.',
  ),

  // Phase 2: extra details
  FOLLOWUP_DATA_COLLECTION_REQUIRED_CHECK_PENDING: pending(
    2,
    'Kashimi is checking whether the bank needs extra details from the payer.',
  ),
  FOLLOWUP_DATA_COLLECTION_REDIRECT_PENDING: pending(
    2,
    'The payer is being sent to a page to enter the extra details their bank needs.',
  ),
  FOLLOWUP_DATA_COLLECTION_CALLBACK_PROCESSING_PENDING: pending(
    2,
    'The payer sent the extra details; Kashimi is handling them.',
  ),
  FOLLOWUP_DATA_COLLECTION_CALLBACK_PROCESSING_FAILED: failed(
    2,
    'Kashimi could not use the extra details the payer sent.',
    'unknown',
  ),

  // Phase 3: bank login
  SENDER_AUTHORIZATION_REQUIRED_CHECK_PENDING: pending(
    3,
    'Kashimi is checking whether the payer must log in at their bank first.',
  ),
  SENDER_AUTHORIZATION_REDIRECT_PENDING: pending(3, 'The payer is being sent to their bank to log in and give access.'),
  SENDER_AUTHORIZATION_REDIRECT_FAILED: failed(
    3,
    'Kashimi could not send the payer to their bank to log in.',
    'provider_technical',
  ),
  SENDER_AUTHORIZATION_CALLBACK_PROCESSING_PENDING: pending(
    3,
    'The payer is back from the bank login; Kashimi is checking the result.',
  ),
  SENDER_AUTHORIZATION_CALLBACK_PROCESSING_FAILED: failed(
    3,
    'Kashimi could not use the result of the payer’s bank login.',
    'unknown',
  ),

  // Phase 4: paying account
  SENDER_ACCOUNT_REQUIRED_CHECK_PENDING: pending(
    4,
    'Kashimi is checking whether it must find out which account the payer pays from.',
  ),
  SENDER_ACCOUNT_INFORMATION_CONSENT_REQUIRED_CHECK_PENDING: pending(
    4,
    'Kashimi is checking whether the bank wants the payer’s permission to share account details.',
  ),
  SENDER_ACCOUNT_INFORMATION_CONSENT_REDIRECT_PENDING: pending(
    4,
    'The payer is being sent to their bank to allow account details to be shared.',
  ),
  SENDER_ACCOUNT_INFORMATION_CONSENT_REDIRECT_FAILED: failed(
    4,
    'Kashimi could not send the payer to their bank to allow account sharing.',
    'provider_technical',
  ),
  SENDER_ACCOUNT_INFORMATION_CONSENT_CALLBACK_PROCESSING_PENDING: pending(
    4,
    'The payer is back from the bank; Kashimi is checking the account-sharing permission.',
  ),
  SENDER_ACCOUNT_INFORMATION_CONSENT_CALLBACK_PROCESSING_FAILED: failed(
    4,
    'Kashimi could not use the account-sharing permission that came back from the bank.',
    'unknown',
  ),
  SENDER_ACCOUNT_LIST_RETRIEVAL_PENDING: pending(4, 'Kashimi is fetching the payer’s list of accounts from the bank.'),
  SENDER_ACCOUNT_LIST_RETRIEVAL_FAILED: failed(
    4,
    'Kashimi could not fetch the payer’s accounts from the bank.',
    'provider_technical',
  ),
  SENDER_ACCOUNT_SELECTION_REQUIRED_CHECK_PENDING: pending(
    4,
    'Kashimi is checking whether the payer must choose which account to pay from.',
  ),
  SENDER_ACCOUNT_SELECTION_REQUIRED_CHECK_FAILED: failed(
    4,
    'Kashimi could not tell whether the payer needs to choose an account.',
    'provider_technical',
  ),
  SENDER_ACCOUNT_SELECTION_REDIRECT_PENDING: pending(
    4,
    'The payer is being sent to a page to choose the account to pay from.',
  ),
  SENDER_ACCOUNT_SELECTION_REDIRECT_FAILED: failed(
    4,
    'Kashimi could not send the payer to choose an account.',
    'provider_technical',
  ),
  SENDER_ACCOUNT_SELECTION_CALLBACK_PROCESSING_PENDING: pending(
    4,
    'The payer chose an account; Kashimi is handling the choice.',
  ),
  SENDER_ACCOUNT_SELECTION_CALLBACK_PROCESSING_FAILED: failed(
    4,
    'Kashimi could not use the account the payer chose.',
    'unknown',
  ),
  // Seen in Kashimi's status example, absent from its table; kept so it is not shown as unknown.
  AIS_PSU_CONSENT_RECEIVED: {
    phase: 4,
    status: 'PENDING',
    description:
      'Not in Kashimi’s status list (only seen in an example). It appears to mean the payer allowed their account details to be shared; treat it as in progress.',
    documented: false,
    fallbackCategory: null,
  },

  // Phase 5: payment registration
  PAYMENT_REGISTRATION_PENDING: pending(5, 'Kashimi is registering the payment with the payer’s bank.'),
  PAYMENT_REGISTRATION_FAILED: failed(5, 'Kashimi could not register the payment with the payer’s bank.', 'unknown'),

  // Phase 6: payment approval
  PAYMENT_CONSENT_REQUIRED_CHECK_PENDING: pending(
    6,
    'Kashimi is checking what the bank needs for the payer to approve the payment.',
  ),
  PAYMENT_CONSENT_AUTHENTICATION_METHOD_SELECTION_REQUIRED_CHECK_PENDING: pending(
    6,
    'Kashimi is checking whether the payer must pick how to confirm (bank app, SMS code, token).',
  ),
  PAYMENT_CONSENT_AUTHENTICATION_METHOD_SELECTION_REQUIRED_CHECK_FAILED: failed(
    6,
    'Kashimi could not tell whether the payer must pick how to confirm.',
    'provider_technical',
  ),
  PAYMENT_CONSENT_AUTHENTICATION_METHOD_SELECTION_REDIRECT_PENDING: pending(
    6,
    'The payer is being sent to pick how to confirm the payment.',
  ),
  PAYMENT_CONSENT_AUTHENTICATION_METHOD_SELECTION_CALLBACK_PROCESSING_PENDING: pending(
    6,
    'The payer picked how to confirm; Kashimi is handling the choice.',
  ),
  PAYMENT_CONSENT_AUTHENTICATION_METHOD_SELECTION_CALLBACK_PROCESSING_FAILED: failed(
    6,
    'Kashimi could not use the payer’s choice of how to confirm.',
    'unknown',
  ),
  PAYMENT_CONSENT_REDIRECT_PENDING: pending(6, 'The payer is being sent to their bank to approve the payment.'),
  PAYMENT_CONSENT_REDIRECT_FAILED: failed(
    6,
    'Kashimi could not send the payer to their bank to approve the payment.',
    'provider_technical',
  ),
  PAYMENT_CONSENT_CALLBACK_PROCESSING_PENDING: pending(
    6,
    'The payer is back from the bank; Kashimi is checking whether they approved.',
  ),
  PAYMENT_CONSENT_CALLBACK_PROCESSING_FAILED: failed(
    6,
    'Kashimi could not use the approval result that came back from the bank.',
    'unknown',
  ),

  // Phase 7: payment execution
  PAYMENT_EXECUTION_PENDING: pending(7, 'The payment is approved and with the bank to be carried out.'),
  PAYMENT_EXECUTION_FAILED: failed(7, 'The bank did not carry out the payment.', 'issuer_declined'),
  PAYMENT_EXECUTION_COMPLETED: {
    phase: 7,
    status: 'COMPLETED',
    description: 'The bank carried out the payment; the money has moved.',
    documented: true,
    fallbackCategory: null,
  },
} as const satisfies Record<string, KashimiDetailedStatusInfo>;

export type KashimiDetailedStatus = keyof typeof KASHIMI_DETAILED_STATUSES;

export type KashimiFailureReasonInfo = {
  readonly meaning: string;
  readonly category: FailureCategory;
  /** False for codes seen in Kashimi's examples but missing from its reason table. */
  readonly documented: boolean;
};

const reason = (meaning: string, category: FailureCategory): KashimiFailureReasonInfo => ({
  meaning,
  category,
  documented: true,
});

export const KASHIMI_FAILURE_REASONS = {
  UNKNOWN_ERROR: reason('Something went wrong and Kashimi could not tell what.', 'unknown'),
  INTERNAL_TECHNICAL_ERROR: reason('A technical fault inside Kashimi.', 'provider_technical'),
  PAYMENT_EXPIRED: reason('The payer did not finish in time, so the payment expired.', 'payer_abandoned'),
  SENDER_CREDENTIALS_INVALID: reason(
    'The payer’s bank login details were wrong or refused by the bank.',
    'authentication_failed',
  ),
  REMITTANCE_INFORMATION_INVALID: reason('The bank refused the payment reference text.', 'invalid_details'),
  SENDER_ACCOUNT_INVALID: reason(
    'The payer’s account details are wrong or the account is not supported.',
    'invalid_details',
  ),
  RECIPIENT_ACCOUNT_INVALID: reason('The receiving account number is wrong or not supported.', 'invalid_details'),
  RECIPIENT_NAME_INVALID: reason(
    'The receiving account name is wrong or in a format the bank refuses.',
    'invalid_details',
  ),
  CURRENCY_INVALID: reason('This currency cannot be used for this payment.', 'unsupported'),
  AMOUNT_EXCEEDS_AVAILABLE_FUNDS: reason('The payer’s account did not have enough money.', 'insufficient_funds'),
  AMOUNT_EXCEEDS_DAILY_LIMIT: reason(
    'The amount is over the daily limit set by the bank or the payer.',
    'limit_exceeded',
  ),
  AMOUNT_EXCEEDS_MONTHLY_LIMIT: reason(
    'The amount is over the monthly limit set by the bank or the payer.',
    'limit_exceeded',
  ),
  AMOUNT_EXCEEDS_LIMIT: reason('The amount is over the bank’s limit for a single payment.', 'limit_exceeded'),
  PROVIDER_AGREEMENT_MISSING: reason(
    'The bank has no agreement in place to take payments for this payer or account.',
    'unsupported',
  ),
  SENDER_BLOCKED: reason('The bank has blocked the payer.', 'blocked_risk'),
  SENDER_RIGHTS_MISSING: reason('The payer is not allowed to make this payment from this account.', 'unsupported'),
  SENDER_ACCOUNT_BLOCKED: reason('The bank has blocked the account the payer tried to pay from.', 'blocked_risk'),
  PAYMENT_ABORTED_BY_SENDER: reason('The payer cancelled while approving the payment.', 'payer_abandoned'),
  PAYMENT_ABORTED_BY_PROVIDER: reason('The bank stopped or refused the payment.', 'issuer_declined'),
  SENDER_AUTHORIZATION_NOT_GRANTED: reason('The payer did not let Kashimi act for them at the bank.', 'consent_denied'),
  ACCOUNT_INFORMATION_CONSENT_NOT_GRANTED: reason(
    'The payer did not allow their account details to be shared, which this payment needs.',
    'consent_denied',
  ),
  PAYMENT_CONSENT_INCOMPLETE: reason('The payer started approving the payment but did not finish.', 'payer_abandoned'),
  PAYMENT_CONSENT_NOT_GRANTED: reason('The payer did not approve the payment.', 'consent_denied'),
  PROVIDER_SYSTEM_MAINTENANCE: reason(
    'The bank was down for planned maintenance; the payer can try again later.',
    'provider_technical',
  ),
  PROVIDER_TECHNICAL_ERROR: reason('A technical fault at the bank.', 'provider_technical'),
  MTLS_CERTIFICATE_INVALID: reason(
    'The bank refused our connection certificate. Our engineers must fix this, not the payer.',
    'configuration',
  ),
  SIGNATURE_CERTIFICATE_INVALID: reason(
    'The bank refused our signing certificate (QSealC). Our engineers must fix this, not the payer.',
    'configuration',
  ),
  // Seen in Kashimi's status example, absent from its table.
  INSUFFICIENT_FUNDS: {
    meaning: 'Not in Kashimi’s reason list (only seen in an example): the payer’s account did not have enough money.',
    category: 'insufficient_funds',
    documented: false,
  },
} as const satisfies Record<string, KashimiFailureReasonInfo>;

export type KashimiFailureReason = keyof typeof KASHIMI_FAILURE_REASONS;

/** The catalog entry for a Kashimi failure reason (any case), or undefined. */
export function kashimiFailureReason(code: string | null | undefined): KashimiFailureReasonInfo | undefined {
  return lookupCode(KASHIMI_FAILURE_REASONS, code)?.entry;
}

/** The catalog entry for a Kashimi top-level status (any case), or undefined. */
export function kashimiTopStatus(status: string | null | undefined): KashimiTopStatusInfo | undefined {
  return lookupCode(KASHIMI_TOP_STATUSES, status)?.entry;
}

export type KashimiDetailedStatusDescription =
  | ({ known: true; code: KashimiDetailedStatus; phaseLabel: string } & KashimiDetailedStatusInfo)
  | { known: false; code: string | null; phase: null; description: string };

/** Explains a detailed status for screens; codes outside the catalog come back as known: false. */
export function describeKashimiDetailedStatus(code: string | null | undefined): KashimiDetailedStatusDescription {
  const found = lookupCode(KASHIMI_DETAILED_STATUSES, code);
  if (found) {
    const entry: KashimiDetailedStatusInfo = found.entry;
    return { known: true, code: found.code, phaseLabel: kashimiPhase(entry.phase)?.label ?? '', ...entry };
  }
  const raw = typeof code === 'string' && code.trim().length > 0 ? code : null;
  return {
    known: false,
    code: raw,
    phase: null,
    description:
      raw === null
        ? 'No detailed status was given.'
        : 'Kashimi sent a detailed status we do not know yet; it is kept as received.',
  };
}
