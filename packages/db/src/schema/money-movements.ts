import type { Generated } from 'kysely';
import type { Json, MinorUnits, Timestamp } from './common.ts';

export interface PayoutDecisionsTable {
  payment_id: string;
  /** awaiting_approval | approving | declining | processing | completed | failed | declined */
  state: string;
  required_approvals: number;
  decided_action: string | null;
  decline_reason: string | null;
  decided_at: Timestamp | null;
  /** The final approver, or whoever declined (null for decisions older than this column). */
  decided_by: string | null;
  provider_answer: Json | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PayoutApprovalsTable {
  payment_id: string;
  user_id: string;
  created_at: Generated<Date>;
}

export interface RefundsTable {
  id: Generated<string>;
  payment_id: string;
  merchant_reference: string;
  amount_minor: MinorUnits;
  currency: string;
  /** requested | submitted | succeeded | failed | unknown */
  state: string;
  reason: string;
  requested_by: string;
  requested_role: string;
  provider_answer: Json | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
