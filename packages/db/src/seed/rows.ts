import type { Direction, PaymentMethod, Provider, UnifiedStatus } from '@paydesk/domain';

// The rows one generated payment turns into, typed column by column (load.ts checks at
// compile time that each is a valid insert for its table).

/** A payments row with every column the generator decides. */
export interface GeneratedPaymentRow {
  id: string;
  provider: Provider;
  direction: Direction;
  method: PaymentMethod;
  provider_payment_id: string;
  provider_reference: string | null;
  merchant_reference: string;
  payment_reference: string | null;
  amount_minor: number;
  currency: string;
  country: string;
  bank_id: string | null;
  bank_name: string | null;
  customer_name: string;
  customer_name_search: string;
  customer_email: string;
  customer_phone: string | null;
  customer_document: string | null;
  card_bin: string | null;
  card_last4: string | null;
  merchant_user_id: string;
  status: UnifiedStatus;
  provider_status: string;
  detailed_status: string | null;
  phase: number | null;
  failure_category: string | null;
  failure_codes: string[];
  status_at: Date;
  status_event_key: string;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
  next_check_at: Date | null;
  last_checked_at: Date | null;
  check_attempts: number;
  metadata: Record<string, unknown> | null;
}

export interface GeneratedEventRow {
  payment_id: string;
  event_key: string;
  source: string;
  status: UnifiedStatus;
  provider_status: string;
  detailed_status: string | null;
  phase: number | null;
  failure_category: string | null;
  failure_codes: string[];
  occurred_at: Date;
  recorded_at: Date;
  payload: Record<string, unknown> | null;
}

export interface GeneratedPayoutDecisionRow {
  payment_id: string;
  state: string;
  required_approvals: 1 | 2;
  decided_action: 'APPROVE' | 'DECLINE' | null;
  decline_reason: string | null;
  decided_at: Date | null;
  decided_by: string | null;
  provider_answer: Record<string, unknown> | null;
  created_at: Date;
  updated_at: Date;
}

export interface GeneratedPayoutApprovalRow {
  payment_id: string;
  user_id: string;
  created_at: Date;
}

export interface GeneratedRefundRow {
  id: string;
  payment_id: string;
  merchant_reference: string;
  amount_minor: number;
  currency: string;
  state: 'succeeded';
  reason: string;
  requested_by: string;
  requested_role: string;
  provider_answer: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

/** One payment with everything that belongs to it, ready to insert. */
export interface GeneratedPayment {
  payment: GeneratedPaymentRow;
  /** Oldest first. */
  events: GeneratedEventRow[];
  payoutDecision: GeneratedPayoutDecisionRow | null;
  payoutApprovals: GeneratedPayoutApprovalRow[];
  refund: GeneratedRefundRow | null;
}
