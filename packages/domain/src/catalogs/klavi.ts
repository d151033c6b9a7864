import type { FailureCategory } from '../failure.ts';
import type { UnifiedStatus } from '../status.ts';
import { lookupCode } from './lookup.ts';

// Klavi: Pix payments started through Brazil Open Finance. Klavi's public page writes
// statuses in lower case; lookups are case-insensitive and the raw value is kept.

export type KlaviStage = 'start' | 'consent' | 'payment' | 'settlement' | 'end';

export const KLAVI_STAGE_LABELS: Readonly<Record<KlaviStage, string>> = {
  start: 'Started',
  consent: 'Customer approval',
  payment: 'Bank processing',
  settlement: 'Pix settlement',
  end: 'Ended',
};

export type KlaviStatusInfo = {
  readonly stage: KlaviStage;
  readonly final: boolean;
  readonly unified: UnifiedStatus;
  readonly meaning: string;
  /** Category when the status is a failure and the reason code says nothing useful. */
  readonly fallbackCategory: FailureCategory | null;
};

// Key order is the order Klavi lists them; screens rely on it for the funnel.
export const KLAVI_STATUSES = {
  STARTED: {
    stage: 'start',
    final: false,
    unified: 'PENDING',
    meaning: 'Klavi received the payment request and is setting it up.',
    fallbackCategory: null,
  },
  CONSENT_AWAITING_AUTHORIZATION: {
    stage: 'consent',
    final: false,
    unified: 'PENDING',
    meaning: 'Waiting for the customer to approve the payment in their bank app.',
    fallbackCategory: null,
  },
  CONSENT_AUTHORIZED: {
    stage: 'consent',
    final: false,
    unified: 'PENDING',
    meaning: 'The customer approved at their bank; the payment is being sent.',
    fallbackCategory: null,
  },
  CONSENT_REJECTED: {
    stage: 'consent',
    final: true,
    unified: 'FAILED',
    meaning: 'The approval was refused or never given, so the payment will not happen.',
    fallbackCategory: 'consent_denied',
  },
  PAYMENT_PARTIALLY_ACCEPTED: {
    stage: 'payment',
    final: false,
    unified: 'PENDING',
    meaning: 'The bank needs more people to approve (e.g. a joint or business account); this can take up to 24 hours.',
    fallbackCategory: null,
  },
  PAYMENT_PENDING: {
    stage: 'payment',
    final: false,
    unified: 'PENDING',
    meaning: 'The customer’s bank received the payment and is checking it.',
    fallbackCategory: null,
  },
  PAYMENT_READY_FOR_SETTLEMENT: {
    stage: 'settlement',
    final: false,
    unified: 'PENDING',
    meaning: 'The bank accepted the payment and queued it for Pix.',
    fallbackCategory: null,
  },
  PAYMENT_SCHEDULED: {
    stage: 'payment',
    final: false,
    unified: 'PENDING',
    meaning: 'The bank accepted the payment to be made on a later date.',
    fallbackCategory: null,
  },
  PAYMENT_SETTLEMENT_PROCESSING: {
    stage: 'settlement',
    final: false,
    unified: 'PENDING',
    meaning: 'The Pix transfer is being carried out.',
    fallbackCategory: null,
  },
  PAYMENT_COMPLETED: {
    stage: 'settlement',
    final: true,
    unified: 'COMPLETED',
    meaning: 'The Pix transfer went through; the money has arrived.',
    fallbackCategory: null,
  },
  PAYMENT_REJECTED: {
    stage: 'payment',
    final: true,
    unified: 'FAILED',
    meaning: 'The customer’s bank or the Pix system refused the payment.',
    fallbackCategory: 'issuer_declined',
  },
  CANCELED: {
    stage: 'end',
    final: true,
    unified: 'FAILED',
    meaning: 'The payment was cancelled before it was made.',
    fallbackCategory: 'payer_abandoned',
  },
  ERROR: {
    stage: 'end',
    final: true,
    unified: 'FAILED',
    meaning: 'A technical fault at Klavi or the bank ended the payment.',
    fallbackCategory: 'provider_technical',
  },
  EXPIRED: {
    stage: 'end',
    final: true,
    unified: 'FAILED',
    meaning: 'The customer did not approve in time, so the payment expired.',
    fallbackCategory: 'payer_abandoned',
  },
} as const satisfies Record<string, KlaviStatusInfo>;

export type KlaviStatus = keyof typeof KLAVI_STATUSES;

/** Klavi statuses in lifecycle order. */
export const KLAVI_STATUS_ORDER = Object.keys(KLAVI_STATUSES) as readonly KlaviStatus[];

/** The catalog entry for a Klavi status (any case), or undefined. */
export function klaviStatus(status: string | null | undefined): KlaviStatusInfo | undefined {
  return lookupCode(KLAVI_STATUSES, status)?.entry;
}

export type KlaviReasonInfo = {
  readonly meaning: string;
  readonly category: FailureCategory;
};

// Open Finance Brasil rejection reasons, limited to those in our provider notes; the
// standard has more, and any other code is kept raw and shown as unknown.
export const KLAVI_REASON_CODES = {
  SALDO_INSUFICIENTE: { meaning: 'The customer’s account did not have enough money.', category: 'insufficient_funds' },
  VALOR_ACIMA_LIMITE: { meaning: 'The amount is over the customer’s or the bank’s limit.', category: 'limit_exceeded' },
  REJEITADO_USUARIO: { meaning: 'The customer refused the payment in their bank app.', category: 'consent_denied' },
  TEMPO_EXPIRADO_AUTORIZACAO: {
    meaning: 'The customer did not approve the payment in time.',
    category: 'payer_abandoned',
  },
  FALHA_INFRAESTRUTURA: {
    meaning: 'A technical fault at the bank or in the Open Finance network.',
    category: 'provider_technical',
  },
  CONTA_NAO_PERMITE_PAGAMENTO: {
    meaning: 'The customer’s account cannot make this kind of payment.',
    category: 'unsupported',
  },
  VALOR_INVALIDO: { meaning: 'The amount was not valid.', category: 'invalid_details' },
  QRCODE_INVALIDO: { meaning: 'The Pix QR code was not valid.', category: 'invalid_details' },
  NAO_INFORMADO: { meaning: 'The bank gave no reason.', category: 'unknown' },
} as const satisfies Record<string, KlaviReasonInfo>;

export type KlaviReasonCode = keyof typeof KLAVI_REASON_CODES;

/** The catalog entry for a Klavi / Open Finance reason code (any case), or undefined. */
export function klaviReasonCode(code: string | null | undefined): KlaviReasonInfo | undefined {
  return lookupCode(KLAVI_REASON_CODES, code)?.entry;
}
