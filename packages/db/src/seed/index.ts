// The demo and scale data generator: deterministic payments with provider-true timelines.
export { SECOND_APPROVAL_THRESHOLDS, requiredApprovals } from './amounts.ts';
export {
  generatePayments,
  type GeneratedEventRow,
  type GeneratedPayment,
  type GeneratedPaymentRow,
  type GeneratedPayoutApprovalRow,
  type GeneratedPayoutDecisionRow,
  type GeneratedRefundRow,
  type GenerateOptions,
  type StaffOptions,
} from './generate.ts';
export {
  applyLoadedAnalytics,
  DEMO_DEFAULTS,
  isDemoDataLoaded,
  loadDemoData,
  loadGenerated,
  type DemoDataOptions,
  type LoadCounts,
  type LoadOptions,
  type LoadProgress,
  type RollupProgress,
} from './load.ts';
export { Random, hashSeed } from './random.ts';
export { loadScaleData, type ScaleLoadOptions } from './scale.ts';
