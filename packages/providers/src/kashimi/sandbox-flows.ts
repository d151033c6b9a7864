import type { Random } from '../sandbox/random.ts';

// How payments move through Kashimi's seven phases in the sandbox: which banks need which
// phases, how long each step takes, and where each failure reason belongs.

export interface BankTraits {
  /** Phase 2: the bank wants extra details (a customer number) first. */
  followup: boolean;
  /** Phase 3: the payer logs in at the bank before anything else. */
  senderAuthorization: boolean;
  /** Phase 4: Kashimi must learn the paying account. */
  senderAccount: boolean;
  /** Phase 4: …and needs account-information consent for it. */
  accountInformationConsent: boolean;
  /** Phase 4: …and the payer picks one of several accounts. */
  accountSelection: boolean;
  /** Phase 5: the payment is registered before consent. */
  registration: boolean;
  /** Phase 6: the payer chooses an authentication method first. */
  authMethodSelection: boolean;
}

export interface SandboxBank {
  id: string;
  name: string;
  countryCode: string;
  bic: string;
  paymentSchemes: string[];
  traits: BankTraits;
  /** How often payers pick it in hosted selection and the traffic driver. */
  popularity: number;
  /** Largest single payment the bank accepts (EUR), beyond which registration fails. */
  limit: number;
}

const SCT = 'SEPA_CREDIT_TRANSFER';
const SCT_INST = 'SEPA_INSTANT_CREDIT_TRANSFER';

const simple: BankTraits = {
  followup: false,
  senderAuthorization: false,
  senderAccount: false,
  accountInformationConsent: false,
  accountSelection: false,
  registration: false,
  authMethodSelection: false,
};

const bank = (
  id: string,
  name: string,
  countryCode: string,
  bic: string,
  traits: Partial<BankTraits>,
  popularity: number,
  instant = true,
): SandboxBank => ({
  id,
  name,
  countryCode,
  bic,
  paymentSchemes: instant ? [SCT, SCT_INST] : [SCT],
  traits: { ...simple, ...traits },
  popularity,
  limit: 15_000,
});

const withAccountConsent: Partial<BankTraits> = {
  senderAccount: true,
  accountInformationConsent: true,
  accountSelection: true,
};

export const SANDBOX_BANKS: readonly SandboxBank[] = [
  bank(
    'de-deutsche-bank',
    'Deutsche Bank',
    'DE',
    'DEUTDEFF',
    { senderAuthorization: true, ...withAccountConsent, registration: true },
    8,
  ),
  bank(
    'de-sparkasse-berlin',
    'Berliner Sparkasse',
    'DE',
    'BELADEBE',
    { followup: true, senderAuthorization: true, ...withAccountConsent },
    9,
  ),
  bank('de-commerzbank', 'Commerzbank', 'DE', 'COBADEFF', { ...withAccountConsent, registration: true }, 6),
  bank('de-n26', 'N26', 'DE', 'NTSBDEB1', {}, 7),
  bank('nl-ing', 'ING Nederland', 'NL', 'INGBNL2A', {}, 9),
  bank('nl-abn-amro', 'ABN AMRO', 'NL', 'ABNANL2A', { registration: true, authMethodSelection: true }, 6),
  bank('nl-rabobank', 'Rabobank', 'NL', 'RABONL2U', { senderAccount: true, accountSelection: true }, 7),
  bank('fr-bnp-paribas', 'BNP Paribas', 'FR', 'BNPAFRPP', { ...withAccountConsent }, 7, false),
  bank(
    'fr-societe-generale',
    'Société Générale',
    'FR',
    'SOGEFRPP',
    { senderAuthorization: true, registration: true },
    5,
    false,
  ),
  bank('es-bbva', 'BBVA', 'ES', 'BBVAESMM', { senderAuthorization: true, registration: true }, 7),
  bank('es-santander', 'Banco Santander', 'ES', 'BSCHESMM', { authMethodSelection: true }, 7),
  bank('es-caixabank', 'CaixaBank', 'ES', 'CAIXESBB', { ...withAccountConsent, authMethodSelection: true }, 6),
  bank('it-intesa-sanpaolo', 'Intesa Sanpaolo', 'IT', 'BCITITMM', { followup: true, registration: true }, 5, false),
  bank('it-unicredit', 'UniCredit', 'IT', 'UNCRITMM', { senderAuthorization: true }, 4),
  bank('at-erste-bank', 'Erste Bank', 'AT', 'GIBAATWW', { senderAccount: true, accountSelection: true }, 3),
  bank('be-kbc', 'KBC', 'BE', 'KREDBEBB', { authMethodSelection: true }, 3),
  bank('fi-nordea', 'Nordea', 'FI', 'NDEAFIHH', { senderAuthorization: true, authMethodSelection: true }, 3),
  bank('ie-aib', 'AIB', 'IE', 'AIBKIE2D', {}, 2),
  bank('pt-millennium-bcp', 'Millennium bcp', 'PT', 'BCOMPTPL', { registration: true }, 2, false),
];

/** Fields our sandbox banks require at initiation, in Kashimi's `requiredPaymentFields` form. */
export const REQUIRED_PAYMENT_FIELDS = ['recipient.name', 'recipient.account.iban', 'remittanceInformation'];

/** The steps a payment takes when nothing goes wrong, in order. */
export function happyWalk(traits: BankTraits, hosted: boolean): string[] {
  const steps: string[] = [];
  if (hosted) steps.push('PROVIDER_SELECTION_REDIRECT_PENDING', 'PROVIDER_SELECTION_CALLBACK_PROCESSING_PENDING');
  if (traits.followup) {
    steps.push(
      'FOLLOWUP_DATA_COLLECTION_REQUIRED_CHECK_PENDING',
      'FOLLOWUP_DATA_COLLECTION_REDIRECT_PENDING',
      'FOLLOWUP_DATA_COLLECTION_CALLBACK_PROCESSING_PENDING',
    );
  }
  if (traits.senderAuthorization) {
    steps.push(
      'SENDER_AUTHORIZATION_REQUIRED_CHECK_PENDING',
      'SENDER_AUTHORIZATION_REDIRECT_PENDING',
      'SENDER_AUTHORIZATION_CALLBACK_PROCESSING_PENDING',
    );
  }
  if (traits.senderAccount) {
    steps.push('SENDER_ACCOUNT_REQUIRED_CHECK_PENDING');
    if (traits.accountInformationConsent) {
      steps.push(
        'SENDER_ACCOUNT_INFORMATION_CONSENT_REQUIRED_CHECK_PENDING',
        'SENDER_ACCOUNT_INFORMATION_CONSENT_REDIRECT_PENDING',
        'SENDER_ACCOUNT_INFORMATION_CONSENT_CALLBACK_PROCESSING_PENDING',
        'SENDER_ACCOUNT_LIST_RETRIEVAL_PENDING',
      );
    }
    steps.push('SENDER_ACCOUNT_SELECTION_REQUIRED_CHECK_PENDING');
    if (traits.accountSelection) {
      steps.push('SENDER_ACCOUNT_SELECTION_REDIRECT_PENDING', 'SENDER_ACCOUNT_SELECTION_CALLBACK_PROCESSING_PENDING');
    }
  }
  if (traits.registration) steps.push('PAYMENT_REGISTRATION_PENDING');
  if (traits.authMethodSelection) {
    steps.push(
      'PAYMENT_CONSENT_REQUIRED_CHECK_PENDING',
      'PAYMENT_CONSENT_AUTHENTICATION_METHOD_SELECTION_REQUIRED_CHECK_PENDING',
      'PAYMENT_CONSENT_AUTHENTICATION_METHOD_SELECTION_REDIRECT_PENDING',
      'PAYMENT_CONSENT_AUTHENTICATION_METHOD_SELECTION_CALLBACK_PROCESSING_PENDING',
    );
  }
  steps.push(
    'PAYMENT_CONSENT_REDIRECT_PENDING',
    'PAYMENT_CONSENT_CALLBACK_PROCESSING_PENDING',
    'PAYMENT_EXECUTION_PENDING',
  );
  return steps;
}

export interface FailurePoint {
  /** The FAILED detailed status that follows the pending step. */
  failed: string;
  /** How likely a failing payment fails here rather than elsewhere. */
  weight: number;
  reasons: readonly (readonly [string, number])[];
}

/**
 * Where failures happen: while a payment waits in the pending step (the key), it fails
 * into `failed` with one of `reasons`. Payers leaving at the bank are the common case;
 * certificate problems are rare.
 */
export const FAILURE_POINTS: Readonly<Record<string, FailurePoint>> = {
  FOLLOWUP_DATA_COLLECTION_REDIRECT_PENDING: {
    failed: 'FOLLOWUP_DATA_COLLECTION_CALLBACK_PROCESSING_FAILED',
    weight: 2,
    reasons: [
      ['PAYMENT_EXPIRED', 3],
      ['PAYMENT_ABORTED_BY_SENDER', 2],
    ],
  },
  FOLLOWUP_DATA_COLLECTION_CALLBACK_PROCESSING_PENDING: {
    failed: 'FOLLOWUP_DATA_COLLECTION_CALLBACK_PROCESSING_FAILED',
    weight: 1,
    reasons: [
      ['SENDER_ACCOUNT_INVALID', 2],
      ['SENDER_CREDENTIALS_INVALID', 1],
    ],
  },
  SENDER_AUTHORIZATION_REQUIRED_CHECK_PENDING: {
    failed: 'SENDER_AUTHORIZATION_REDIRECT_FAILED',
    weight: 1,
    reasons: [
      ['PROVIDER_SYSTEM_MAINTENANCE', 2],
      ['PROVIDER_TECHNICAL_ERROR', 2],
      ['MTLS_CERTIFICATE_INVALID', 0.3],
    ],
  },
  SENDER_AUTHORIZATION_REDIRECT_PENDING: {
    failed: 'SENDER_AUTHORIZATION_CALLBACK_PROCESSING_FAILED',
    weight: 4,
    reasons: [
      ['PAYMENT_EXPIRED', 3],
      ['PAYMENT_ABORTED_BY_SENDER', 3],
      ['SENDER_AUTHORIZATION_NOT_GRANTED', 2],
    ],
  },
  SENDER_AUTHORIZATION_CALLBACK_PROCESSING_PENDING: {
    failed: 'SENDER_AUTHORIZATION_CALLBACK_PROCESSING_FAILED',
    weight: 2,
    reasons: [
      ['SENDER_CREDENTIALS_INVALID', 3],
      ['SENDER_BLOCKED', 1],
    ],
  },
  SENDER_ACCOUNT_INFORMATION_CONSENT_REQUIRED_CHECK_PENDING: {
    failed: 'SENDER_ACCOUNT_INFORMATION_CONSENT_REDIRECT_FAILED',
    weight: 0.5,
    reasons: [
      ['PROVIDER_TECHNICAL_ERROR', 2],
      ['SIGNATURE_CERTIFICATE_INVALID', 0.5],
    ],
  },
  SENDER_ACCOUNT_INFORMATION_CONSENT_REDIRECT_PENDING: {
    failed: 'SENDER_ACCOUNT_INFORMATION_CONSENT_CALLBACK_PROCESSING_FAILED',
    weight: 3,
    reasons: [
      ['ACCOUNT_INFORMATION_CONSENT_NOT_GRANTED', 3],
      ['PAYMENT_EXPIRED', 2],
    ],
  },
  SENDER_ACCOUNT_INFORMATION_CONSENT_CALLBACK_PROCESSING_PENDING: {
    failed: 'SENDER_ACCOUNT_INFORMATION_CONSENT_CALLBACK_PROCESSING_FAILED',
    weight: 1,
    reasons: [
      ['PROVIDER_TECHNICAL_ERROR', 2],
      ['UNKNOWN_ERROR', 1],
    ],
  },
  SENDER_ACCOUNT_LIST_RETRIEVAL_PENDING: {
    failed: 'SENDER_ACCOUNT_LIST_RETRIEVAL_FAILED',
    weight: 1,
    reasons: [
      ['PROVIDER_TECHNICAL_ERROR', 2],
      ['SENDER_RIGHTS_MISSING', 1],
    ],
  },
  SENDER_ACCOUNT_SELECTION_REQUIRED_CHECK_PENDING: {
    failed: 'SENDER_ACCOUNT_SELECTION_REQUIRED_CHECK_FAILED',
    weight: 0.3,
    reasons: [['INTERNAL_TECHNICAL_ERROR', 1]],
  },
  SENDER_ACCOUNT_SELECTION_REDIRECT_PENDING: {
    failed: 'SENDER_ACCOUNT_SELECTION_CALLBACK_PROCESSING_FAILED',
    weight: 1.5,
    reasons: [
      ['PAYMENT_ABORTED_BY_SENDER', 2],
      ['PAYMENT_EXPIRED', 1],
    ],
  },
  SENDER_ACCOUNT_SELECTION_CALLBACK_PROCESSING_PENDING: {
    failed: 'SENDER_ACCOUNT_SELECTION_CALLBACK_PROCESSING_FAILED',
    weight: 1,
    reasons: [
      ['SENDER_ACCOUNT_INVALID', 1],
      ['SENDER_ACCOUNT_BLOCKED', 1],
    ],
  },
  PAYMENT_REGISTRATION_PENDING: {
    failed: 'PAYMENT_REGISTRATION_FAILED',
    weight: 2,
    reasons: [
      ['RECIPIENT_ACCOUNT_INVALID', 1],
      ['RECIPIENT_NAME_INVALID', 1],
      ['REMITTANCE_INFORMATION_INVALID', 1],
      ['PROVIDER_AGREEMENT_MISSING', 0.5],
    ],
  },
  PAYMENT_CONSENT_REQUIRED_CHECK_PENDING: {
    failed: 'PAYMENT_CONSENT_REDIRECT_FAILED',
    weight: 0.5,
    reasons: [
      ['PROVIDER_SYSTEM_MAINTENANCE', 1],
      ['PROVIDER_TECHNICAL_ERROR', 1],
    ],
  },
  PAYMENT_CONSENT_AUTHENTICATION_METHOD_SELECTION_REQUIRED_CHECK_PENDING: {
    failed: 'PAYMENT_CONSENT_AUTHENTICATION_METHOD_SELECTION_REQUIRED_CHECK_FAILED',
    weight: 0.3,
    reasons: [['PROVIDER_TECHNICAL_ERROR', 1]],
  },
  PAYMENT_CONSENT_AUTHENTICATION_METHOD_SELECTION_REDIRECT_PENDING: {
    failed: 'PAYMENT_CONSENT_AUTHENTICATION_METHOD_SELECTION_CALLBACK_PROCESSING_FAILED',
    weight: 1,
    reasons: [
      ['PAYMENT_ABORTED_BY_SENDER', 2],
      ['PAYMENT_EXPIRED', 1],
    ],
  },
  PAYMENT_CONSENT_REDIRECT_PENDING: {
    failed: 'PAYMENT_CONSENT_CALLBACK_PROCESSING_FAILED',
    weight: 8,
    reasons: [
      ['PAYMENT_EXPIRED', 4],
      ['PAYMENT_CONSENT_NOT_GRANTED', 3],
      ['PAYMENT_ABORTED_BY_SENDER', 3],
      ['PAYMENT_CONSENT_INCOMPLETE', 2],
    ],
  },
  PAYMENT_CONSENT_CALLBACK_PROCESSING_PENDING: {
    failed: 'PAYMENT_CONSENT_CALLBACK_PROCESSING_FAILED',
    weight: 1.5,
    reasons: [
      ['PAYMENT_CONSENT_INCOMPLETE', 1],
      ['PROVIDER_TECHNICAL_ERROR', 1],
    ],
  },
  PAYMENT_EXECUTION_PENDING: {
    failed: 'PAYMENT_EXECUTION_FAILED',
    weight: 6,
    reasons: [
      ['AMOUNT_EXCEEDS_AVAILABLE_FUNDS', 4],
      ['AMOUNT_EXCEEDS_DAILY_LIMIT', 2],
      ['AMOUNT_EXCEEDS_MONTHLY_LIMIT', 1],
      ['PAYMENT_ABORTED_BY_PROVIDER', 1.5],
      ['PROVIDER_TECHNICAL_ERROR', 1],
      ['UNKNOWN_ERROR', 0.5],
    ],
  },
};

/** Sandbox time a payment spends in a step before the next record appears. */
export function stepDurationMs(step: string, random: Random): number {
  if (step.endsWith('_REDIRECT_PENDING')) return random.int(4_000, 40_000); // the payer is at the bank
  if (step === 'PAYMENT_EXECUTION_PENDING') return random.int(2_000, 25_000);
  if (step === 'SENDER_ACCOUNT_LIST_RETRIEVAL_PENDING') return random.int(1_000, 4_000);
  if (step.includes('_CHECK_')) return random.int(200, 1_500);
  return random.int(500, 3_000);
}

/** How long an expired step waited: the bank's session timeout, not a quick failure. */
export const EXPIRY_WAIT_MS = 300_000;
