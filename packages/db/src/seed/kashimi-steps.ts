import type { KashimiBank } from './banks.ts';
import type { Random, Weighted } from './random.ts';

// Kashimi payments walk up to seven phases; which steps appear depends on the bank and
// on whether Kashimi hosts the bank choice. A failure can only happen at a step where
// Kashimi's documents say it belongs: consent refusals in phase 6, credential errors in
// phase 3, "amount exceeds" at execution, expiry where the payer is keeping us waiting.

export type Wait = 'processing' | 'payer' | 'bankChoice' | 'execution';

export interface FailureOption {
  readonly hazard: number;
  /** Detailed status of the failure; absent means the step's own (the payer never came back). */
  readonly detailed?: string;
  readonly reasons: Weighted<string>;
  /** How long after the step the failure is reported. */
  readonly after: 'processing' | 'expiry';
  /** Raised during a bank incident. */
  readonly technical?: boolean;
}

export interface Step {
  readonly detailed: string;
  readonly wait: Wait;
  readonly failures: readonly FailureOption[];
  /** The payer may simply walk away here and Kashimi never reports anything again. */
  readonly canStall?: boolean;
}

const expiry = (hazard: number): FailureOption => ({ hazard, reasons: [['PAYMENT_EXPIRED', 1]], after: 'expiry' });
const bankDown = (hazard: number, detailed: string): FailureOption => ({
  hazard,
  detailed,
  reasons: [
    ['PROVIDER_TECHNICAL_ERROR', 5],
    ['PROVIDER_SYSTEM_MAINTENANCE', 2],
  ],
  after: 'processing',
  technical: true,
});

/** Phase 1, only when Kashimi hosts the bank choice. */
export function phaseOneSteps(): Step[] {
  return [
    { detailed: 'PROVIDER_SELECTION_REDIRECT_PENDING', wait: 'bankChoice', failures: [expiry(0.06)], canStall: true },
    {
      detailed: 'PROVIDER_SELECTION_CALLBACK_PROCESSING_PENDING',
      wait: 'processing',
      failures: [{ hazard: 0.001, reasons: [['INTERNAL_TECHNICAL_ERROR', 1]], after: 'processing' }],
    },
  ];
}

/** Phase 2: extra details some banks ask for; reported as a check by chatty banks. */
export function followUpSteps(random: Random, bank: KashimiBank, hosted: boolean): Step[] {
  const steps: Step[] = [];
  const needsData = random.chance(bank.flow.followUpData);
  // Own bank selection starts in phase 2 (or 3): the check is the first thing reported.
  if (bank.flow.reportsChecks || (needsData && !hosted)) {
    steps.push({ detailed: 'FOLLOWUP_DATA_COLLECTION_REQUIRED_CHECK_PENDING', wait: 'processing', failures: [] });
  }
  if (needsData) {
    steps.push(
      {
        detailed: 'FOLLOWUP_DATA_COLLECTION_REDIRECT_PENDING',
        wait: 'payer',
        failures: [expiry(0.03)],
        canStall: true,
      },
      {
        detailed: 'FOLLOWUP_DATA_COLLECTION_CALLBACK_PROCESSING_PENDING',
        wait: 'processing',
        failures: [
          {
            hazard: 0.03,
            detailed: 'FOLLOWUP_DATA_COLLECTION_CALLBACK_PROCESSING_FAILED',
            reasons: [
              ['SENDER_ACCOUNT_INVALID', 6],
              ['PROVIDER_TECHNICAL_ERROR', 2],
              ['UNKNOWN_ERROR', 1],
            ],
            after: 'processing',
          },
        ],
      },
    );
  }
  return steps;
}

/** Phase 3: the payer logs in at the bank. */
export function senderAuthorizationSteps(bank: KashimiBank): Step[] {
  if (!bank.flow.senderAuthorization) return [];
  const steps: Step[] = [];
  if (bank.flow.reportsChecks) {
    steps.push({ detailed: 'SENDER_AUTHORIZATION_REQUIRED_CHECK_PENDING', wait: 'processing', failures: [] });
  }
  steps.push(
    {
      detailed: 'SENDER_AUTHORIZATION_REDIRECT_PENDING',
      wait: 'payer',
      failures: [
        {
          hazard: 0.004,
          detailed: 'SENDER_AUTHORIZATION_REDIRECT_FAILED',
          reasons: [
            ['PROVIDER_TECHNICAL_ERROR', 5],
            ['PROVIDER_SYSTEM_MAINTENANCE', 3],
            ['MTLS_CERTIFICATE_INVALID', 0.2],
          ],
          after: 'processing',
          technical: true,
        },
        expiry(0.035),
      ],
      canStall: true,
    },
    {
      detailed: 'SENDER_AUTHORIZATION_CALLBACK_PROCESSING_PENDING',
      wait: 'processing',
      failures: [
        {
          hazard: 0.05,
          detailed: 'SENDER_AUTHORIZATION_CALLBACK_PROCESSING_FAILED',
          reasons: [
            ['SENDER_CREDENTIALS_INVALID', 5],
            ['SENDER_AUTHORIZATION_NOT_GRANTED', 3],
            ['PAYMENT_ABORTED_BY_SENDER', 3],
            ['SENDER_BLOCKED', 0.4],
            ['PROVIDER_TECHNICAL_ERROR', 1],
          ],
          after: 'processing',
        },
      ],
    },
  );
  return steps;
}

/** Phase 4: account-information consent, the account list, the choice of account. */
export function senderAccountSteps(random: Random, bank: KashimiBank): Step[] {
  const selects = random.chance(bank.flow.accountSelection);
  if (!bank.flow.accountConsent && !selects) return [];
  const steps: Step[] = [];
  if (bank.flow.reportsChecks)
    steps.push({ detailed: 'SENDER_ACCOUNT_REQUIRED_CHECK_PENDING', wait: 'processing', failures: [] });
  if (bank.flow.accountConsent) {
    if (bank.flow.reportsChecks) {
      steps.push({
        detailed: 'SENDER_ACCOUNT_INFORMATION_CONSENT_REQUIRED_CHECK_PENDING',
        wait: 'processing',
        failures: [],
      });
    }
    steps.push(
      {
        detailed: 'SENDER_ACCOUNT_INFORMATION_CONSENT_REDIRECT_PENDING',
        wait: 'payer',
        failures: [bankDown(0.003, 'SENDER_ACCOUNT_INFORMATION_CONSENT_REDIRECT_FAILED'), expiry(0.025)],
        canStall: true,
      },
      {
        detailed: 'SENDER_ACCOUNT_INFORMATION_CONSENT_CALLBACK_PROCESSING_PENDING',
        wait: 'processing',
        failures: [
          {
            hazard: 0.04,
            detailed: 'SENDER_ACCOUNT_INFORMATION_CONSENT_CALLBACK_PROCESSING_FAILED',
            reasons: [
              ['ACCOUNT_INFORMATION_CONSENT_NOT_GRANTED', 6],
              ['PAYMENT_ABORTED_BY_SENDER', 2],
              ['PROVIDER_TECHNICAL_ERROR', 1],
            ],
            after: 'processing',
          },
        ],
      },
    );
    // Kashimi's own example shows this status, absent from its table; a few banks send it.
    if (random.chance(0.03)) steps.push({ detailed: 'AIS_PSU_CONSENT_RECEIVED', wait: 'processing', failures: [] });
    steps.push({
      detailed: 'SENDER_ACCOUNT_LIST_RETRIEVAL_PENDING',
      wait: 'processing',
      failures: [
        {
          hazard: 0.006,
          detailed: 'SENDER_ACCOUNT_LIST_RETRIEVAL_FAILED',
          reasons: [
            ['PROVIDER_TECHNICAL_ERROR', 4],
            ['SENDER_RIGHTS_MISSING', 2],
            ['SENDER_ACCOUNT_INVALID', 1],
          ],
          after: 'processing',
          technical: true,
        },
      ],
    });
  }
  if (selects) {
    if (bank.flow.reportsChecks) {
      steps.push({
        detailed: 'SENDER_ACCOUNT_SELECTION_REQUIRED_CHECK_PENDING',
        wait: 'processing',
        failures: [
          {
            hazard: 0.001,
            detailed: 'SENDER_ACCOUNT_SELECTION_REQUIRED_CHECK_FAILED',
            reasons: [['INTERNAL_TECHNICAL_ERROR', 1]],
            after: 'processing',
          },
        ],
      });
    }
    steps.push(
      {
        detailed: 'SENDER_ACCOUNT_SELECTION_REDIRECT_PENDING',
        wait: 'payer',
        failures: [
          {
            hazard: 0.002,
            detailed: 'SENDER_ACCOUNT_SELECTION_REDIRECT_FAILED',
            reasons: [['INTERNAL_TECHNICAL_ERROR', 1]],
            after: 'processing',
          },
          expiry(0.015),
        ],
        canStall: true,
      },
      {
        detailed: 'SENDER_ACCOUNT_SELECTION_CALLBACK_PROCESSING_PENDING',
        wait: 'processing',
        failures: [
          {
            hazard: 0.01,
            detailed: 'SENDER_ACCOUNT_SELECTION_CALLBACK_PROCESSING_FAILED',
            reasons: [
              ['SENDER_ACCOUNT_BLOCKED', 3],
              ['SENDER_ACCOUNT_INVALID', 2],
              ['PAYMENT_ABORTED_BY_SENDER', 2],
            ],
            after: 'processing',
          },
        ],
      },
    );
  }
  return steps;
}

/** Phase 5: Kashimi registers the payment with the bank. */
export function registrationSteps(bank: KashimiBank, currency: string): Step[] {
  if (!bank.flow.registration) return [];
  // Some banks' PSD2 interfaces only take euro payments.
  const currencyRefusal = currency === 'EUR' ? 0.3 : 4;
  return [
    {
      detailed: 'PAYMENT_REGISTRATION_PENDING',
      wait: 'processing',
      failures: [
        {
          hazard: 0.014,
          detailed: 'PAYMENT_REGISTRATION_FAILED',
          reasons: [
            ['PROVIDER_TECHNICAL_ERROR', 4],
            ['PROVIDER_SYSTEM_MAINTENANCE', 2],
            ['REMITTANCE_INFORMATION_INVALID', 2],
            ['RECIPIENT_NAME_INVALID', 0.4],
            ['RECIPIENT_ACCOUNT_INVALID', 0.2],
            ['CURRENCY_INVALID', currencyRefusal],
            ['PROVIDER_AGREEMENT_MISSING', 0.5],
            ['SENDER_RIGHTS_MISSING', 0.5],
            ['SIGNATURE_CERTIFICATE_INVALID', 0.15],
          ],
          after: 'processing',
          technical: true,
        },
      ],
    },
  ];
}

/** Phase 6: the payer approves, sometimes after choosing how to authenticate. */
export function consentSteps(random: Random, bank: KashimiBank): Step[] {
  const steps: Step[] = [];
  if (bank.flow.reportsChecks)
    steps.push({ detailed: 'PAYMENT_CONSENT_REQUIRED_CHECK_PENDING', wait: 'processing', failures: [] });
  if (random.chance(bank.flow.authMethodSelection)) {
    if (bank.flow.reportsChecks) {
      steps.push({
        detailed: 'PAYMENT_CONSENT_AUTHENTICATION_METHOD_SELECTION_REQUIRED_CHECK_PENDING',
        wait: 'processing',
        failures: [
          {
            hazard: 0.001,
            detailed: 'PAYMENT_CONSENT_AUTHENTICATION_METHOD_SELECTION_REQUIRED_CHECK_FAILED',
            reasons: [['INTERNAL_TECHNICAL_ERROR', 1]],
            after: 'processing',
          },
        ],
      });
    }
    steps.push(
      {
        detailed: 'PAYMENT_CONSENT_AUTHENTICATION_METHOD_SELECTION_REDIRECT_PENDING',
        wait: 'payer',
        failures: [expiry(0.015)],
        canStall: true,
      },
      {
        detailed: 'PAYMENT_CONSENT_AUTHENTICATION_METHOD_SELECTION_CALLBACK_PROCESSING_PENDING',
        wait: 'processing',
        failures: [
          {
            hazard: 0.008,
            detailed: 'PAYMENT_CONSENT_AUTHENTICATION_METHOD_SELECTION_CALLBACK_PROCESSING_FAILED',
            reasons: [
              ['PAYMENT_ABORTED_BY_SENDER', 3],
              ['PROVIDER_TECHNICAL_ERROR', 1],
            ],
            after: 'processing',
          },
        ],
      },
    );
  }
  steps.push(
    {
      detailed: 'PAYMENT_CONSENT_REDIRECT_PENDING',
      wait: 'payer',
      failures: [
        {
          hazard: 0.004,
          detailed: 'PAYMENT_CONSENT_REDIRECT_FAILED',
          reasons: [
            ['PROVIDER_TECHNICAL_ERROR', 4],
            ['PROVIDER_SYSTEM_MAINTENANCE', 2],
            ['INTERNAL_TECHNICAL_ERROR', 1],
          ],
          after: 'processing',
          technical: true,
        },
        expiry(0.055),
      ],
      canStall: true,
    },
    {
      detailed: 'PAYMENT_CONSENT_CALLBACK_PROCESSING_PENDING',
      wait: 'processing',
      failures: [
        {
          hazard: 0.06,
          detailed: 'PAYMENT_CONSENT_CALLBACK_PROCESSING_FAILED',
          reasons: [
            ['PAYMENT_CONSENT_NOT_GRANTED', 5],
            ['PAYMENT_ABORTED_BY_SENDER', 4],
            ['PAYMENT_CONSENT_INCOMPLETE', 1.5],
            ['PROVIDER_TECHNICAL_ERROR', 0.6],
          ],
          after: 'processing',
        },
      ],
    },
  );
  return steps;
}

/** Phase 7: the bank executes the payment. */
export function executionStep(amountEur: number): Step {
  // Large payments run into balances and limits more often.
  const size = Math.min(4, 0.5 + amountEur / 500);
  return {
    detailed: 'PAYMENT_EXECUTION_PENDING',
    wait: 'execution',
    failures: [
      {
        hazard: 0.03 + 0.012 * size,
        detailed: 'PAYMENT_EXECUTION_FAILED',
        reasons: [
          ['AMOUNT_EXCEEDS_AVAILABLE_FUNDS', 10],
          ['AMOUNT_EXCEEDS_DAILY_LIMIT', 2 * size],
          ['AMOUNT_EXCEEDS_LIMIT', 1.2 * size],
          ['AMOUNT_EXCEEDS_MONTHLY_LIMIT', 0.6 * size],
          ['INSUFFICIENT_FUNDS', 0.3],
          ['PAYMENT_ABORTED_BY_PROVIDER', 2],
          ['SENDER_ACCOUNT_BLOCKED', 0.6],
          ['PROVIDER_TECHNICAL_ERROR', 1],
          ['UNKNOWN_ERROR', 0.5],
        ],
        after: 'processing',
      },
    ],
  };
}
