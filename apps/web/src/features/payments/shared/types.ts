import type { AppRouter } from '@paydesk/api/router';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;

export type SearchResult = Outputs['payments']['search'];
export type PaymentRow = SearchResult['rows'][number];
export type PaymentDetail = Outputs['payments']['detail'];
export type TimelineEntry = PaymentDetail['timeline'][number];
export type JourneyData = PaymentDetail['journey'];
export type UncertainResult = Outputs['payments']['uncertain'];
export type UncertainRow = UncertainResult['rows'][number];
export type SavedView = Outputs['savedViews']['list'][number];

export type PaymentSort = NonNullable<Inputs['payments']['search']['sort']>;

/** The orders the list offers; the API checks the same list. */
export const PAYMENT_SORTS = ['created_desc', 'created_asc', 'amount_desc', 'amount_asc'] as const satisfies readonly PaymentSort[];
