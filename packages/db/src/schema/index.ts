import type {
  AnalyticsPendingTable,
  AnalyticsSettingsTable,
  PaymentDurationRollupTable,
  PaymentFailureCodeRollupTable,
  PaymentFunnelRollupTable,
  PaymentStatusRollupTable,
} from './analytics.ts';
import type { AuditLogTable } from './audit.ts';
import type { OutboxTable, WebhookInboxTable } from './ingestion.ts';
import type { PayoutApprovalsTable, PayoutDecisionsTable, RefundsTable } from './money-movements.ts';
import type { PaymentEventsTable, PaymentsTable } from './payments.ts';
import type { SavedViewsTable, StaffSessionsTable, StaffUsersTable } from './staff.ts';

export interface Database {
  payments: PaymentsTable;
  payment_events: PaymentEventsTable;
  staff_users: StaffUsersTable;
  staff_sessions: StaffSessionsTable;
  saved_views: SavedViewsTable;
  audit_log: AuditLogTable;
  webhook_inbox: WebhookInboxTable;
  outbox: OutboxTable;
  payout_decisions: PayoutDecisionsTable;
  payout_approvals: PayoutApprovalsTable;
  refunds: RefundsTable;
  payment_status_rollup: PaymentStatusRollupTable;
  analytics_settings: AnalyticsSettingsTable;
  payment_failure_code_rollup: PaymentFailureCodeRollupTable;
  payment_duration_rollup: PaymentDurationRollupTable;
  payment_funnel_rollup: PaymentFunnelRollupTable;
  analytics_pending: AnalyticsPendingTable;
}

export type * from './payments.ts';
export type * from './staff.ts';
export type * from './audit.ts';
export type * from './ingestion.ts';
export type * from './money-movements.ts';
export type * from './analytics.ts';
export type * from './common.ts';
