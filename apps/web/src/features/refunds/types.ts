import type { AppRouter } from '@paydesk/api/router';
import type { inferRouterOutputs } from '@trpc/server';

type Outputs = inferRouterOutputs<AppRouter>;

export type RefundCheck = Outputs['refunds']['check'];
export type RefundListRow = Outputs['refunds']['list']['rows'][number];
