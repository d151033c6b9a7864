import type { AppRouter } from '@paydesk/api/router';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;

export type PayoutQueueResult = Outputs['payouts']['queue'];
export type PayoutQueueRow = PayoutQueueResult['rows'][number];
export type PayoutHistoryRow = Outputs['payouts']['history']['rows'][number];
export type PayoutDecisionResult = Outputs['payouts']['decide'];
export type PayoutQueueFilter = Omit<Inputs['payouts']['summary'], never>;
export type PayoutSort = NonNullable<Inputs['payouts']['queue']['sort']>;
export type PayoutAction = Inputs['payouts']['decide']['action'];

export const PAYOUT_SORTS = ['oldest', 'newest', 'amount_desc', 'amount_asc'] as const satisfies readonly PayoutSort[];

export const PAYOUT_SORT_LABELS: Record<PayoutSort, string> = {
  oldest: 'Oldest first',
  newest: 'Newest first',
  amount_desc: 'Largest amount first',
  amount_asc: 'Smallest amount first',
};
