import type { Generated } from 'kysely';
import type { Json, MinorUnits, Timestamp } from './common.ts';

/**
 * One row per payment or payout, whichever provider it went through.
 *
 * Reference columns, by provider:
 * | column                | Kashimi        | Klavi            | Kasha          |
 * |-----------------------|----------------|------------------|----------------|
 * | provider_payment_id   | paymentId      | id               | transactionId  |
 * | provider_reference    | endToEndId     | clientRequestId  | sessionId      |
 * | merchant_reference    | our order ref  | our order ref    | merchantReference |
 * | payment_reference     | remittance info| —                | paymentReference |
 */
export interface PaymentsTable {
  id: Generated<string>;
  provider: string;
  direction: string;
  method: string;
  provider_payment_id: string;
  provider_reference: string | null;
  merchant_reference: string | null;
  payment_reference: string | null;
  amount_minor: MinorUnits;
  currency: string;
  country: string | null;
  bank_id: string | null;
  bank_name: string | null;
  customer_name: string | null;
  /** customer_name lower-cased with accents stripped, for contains search. */
  customer_name_search: string | null;
  /** Stored lower-cased: email addresses are matched case-insensitively. */
  customer_email: string | null;
  /** Digits only, with a leading + kept when given. */
  customer_phone: string | null;
  customer_document: string | null;
  card_bin: string | null;
  card_last4: string | null;
  merchant_user_id: string | null;
  status: string;
  provider_status: string;
  detailed_status: string | null;
  phase: number | null;
  failure_category: string | null;
  failure_codes: Generated<string[]>;
  /** Event time of the event that decided the current status. */
  status_at: Timestamp;
  /** Key of that event ('' before any); breaks ties between events of the same time. */
  status_event_key: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
  completed_at: Timestamp | null;
  next_check_at: Timestamp | null;
  last_checked_at: Timestamp | null;
  check_attempts: Generated<number>;
  manual_resolution: Json | null;
  metadata: Json<Record<string, unknown>> | null;
}

/** The timeline: every status a payment went through, each provider event at most once. */
export interface PaymentEventsTable {
  id: Generated<number>;
  payment_id: string;
  /** Unique per payment: the provider's event id, or a digest of the status when it has none. */
  event_key: string;
  source: string;
  status: string;
  provider_status: string;
  detailed_status: string | null;
  phase: number | null;
  failure_category: string | null;
  failure_codes: Generated<string[]>;
  occurred_at: Timestamp;
  recorded_at: Generated<Date>;
  payload: Json | null;
}
