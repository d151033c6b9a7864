import { z } from 'zod';
import { auditRefusedDecision, decidePayout, type DecidePayoutInput } from '../../finance/decide-payout.ts';
import { procedureWith } from '../../trpc.ts';
import { financeLimitsOf } from './input.ts';
import { MAX_BULK_DECISIONS } from './preview.ts';

/**
 * Approves or declines one or many payouts. Each payout is its own transaction and gets
 * its own result and audit row, so one refusal does not hold the others back.
 */
export const decidePayouts = procedureWith('payouts.decide')
  .input(
    z
      .object({
        ids: z.array(z.string().uuid('That is not a payout id')).min(1).max(MAX_BULK_DECISIONS),
        action: z.enum(['APPROVE', 'DECLINE']),
        reason: z.string().trim().max(1000).optional(),
      })
      .refine((input) => input.action !== 'DECLINE' || (input.reason?.length ?? 0) >= 3, {
        message: 'Say why the payouts are declined',
        path: ['reason'],
      }),
  )
  .mutation(async ({ ctx, input }) => {
    const limits = financeLimitsOf(ctx);
    const results = [];
    // One at a time: a bulk decision is a queue of single decisions, each decided by its row lock.
    for (const paymentId of [...new Set(input.ids)]) {
      const decision: DecidePayoutInput = {
        paymentId,
        action: input.action,
        reason: input.reason,
        actor: { id: ctx.user.id, email: ctx.user.email, role: ctx.user.role },
        limits,
        now: ctx.clock.now(),
        ip: ctx.ip,
        requestId: ctx.requestId,
      };
      const outcome = await decidePayout(ctx.db, decision);
      if (!outcome.ok) await auditRefusedDecision(ctx.db, decision, outcome);
      results.push(
        outcome.ok
          ? { id: paymentId, ok: true as const, state: outcome.state, approvals: outcome.approvals, requiredApprovals: outcome.requiredApprovals, isSent: outcome.isSent }
          : { id: paymentId, ok: false as const, code: outcome.code, message: outcome.message },
      );
    }
    // Every payout above has its own audit row, written with its decision.
    ctx.audit.isRecorded = true;
    return {
      results,
      sent: results.filter((r) => r.ok && r.isSent).length,
      awaitingSecond: results.filter((r) => r.ok && !r.isSent).length,
      refused: results.filter((r) => !r.ok).length,
    };
  });
