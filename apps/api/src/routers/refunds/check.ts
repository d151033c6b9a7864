import { supportRefundLimitFor } from '@paydesk/domain';
import { z } from 'zod';
import { checkRefund } from '../../finance/request-refund.ts';
import { procedureWith } from '../../trpc.ts';
import { financeLimitsOf } from '../payouts/input.ts';
import { presentRefund, presentSubject } from './present.ts';

export const referenceSchema = z.string().trim().min(1, 'Enter the merchant reference').max(255);

/** What a merchant reference refers to, any refund it already has, and whether this user may refund it. */
export const checkRefundByReference = procedureWith('refunds.request')
  .input(z.object({ reference: referenceSchema }))
  .query(async ({ ctx, input }) => {
    const limits = financeLimitsOf(ctx);
    const check = await checkRefund(ctx.db, { merchantReference: input.reference, role: ctx.user.role, limits });
    return {
      payment: check.payment ? presentSubject(check.payment, ctx.user.role) : null,
      others: check.others.map((payment) => presentSubject(payment, ctx.user.role)),
      refund: check.refund ? presentRefund(check.refund) : null,
      verdict: check.verdict,
      supportLimitMinor: check.payment ? supportRefundLimitFor(check.payment.currency, limits) : null,
    };
  });
