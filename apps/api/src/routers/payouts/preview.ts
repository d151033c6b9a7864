import { listPayoutQueueIds, listPayoutsForPreview, type PayoutPreviewRow } from '@paydesk/db';
import type { PayoutAction } from '@paydesk/domain';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { procedureWith } from '../../trpc.ts';
import { financeLimitsOf, payoutQueueFilterSchema, toQueueFilter } from './input.ts';

/** The most payouts one confirmation may cover; "select all matching" stops here. */
export const MAX_BULK_DECISIONS = 500;

function problemOf(row: PayoutPreviewRow, action: PayoutAction, userId: string): string | null {
  if (!row.is_open) return 'No longer awaiting a decision.';
  if (action === 'APPROVE' && row.approver_ids.includes(userId)) return 'You approved it already; it needs another finance user.';
  return null;
}

/**
 * What a bulk decision would cover, checked now: the payouts that can take it, their count
 * and their total per currency in integer minor units, and why any others cannot.
 */
export const previewPayoutDecision = procedureWith('payouts.decide')
  .input(
    z
      .object({
        action: z.enum(['APPROVE', 'DECLINE']),
        ids: z.array(z.string().uuid()).min(1).max(MAX_BULK_DECISIONS).optional(),
        /** "Select all matching": the queue's filter instead of ids. */
        matching: payoutQueueFilterSchema.optional(),
      })
      .refine((input) => (input.ids === undefined) !== (input.matching === undefined), 'Give either ids or a filter'),
  )
  .query(async ({ ctx, input }) => {
    const limits = financeLimitsOf(ctx);
    const ids = input.ids
      ? [...new Set(input.ids)]
      : await listPayoutQueueIds(ctx.db, toQueueFilter(input.matching!, limits, ctx.clock.now()), limits.secondApprovalMinor, MAX_BULK_DECISIONS + 1);
    if (ids.length > MAX_BULK_DECISIONS) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: `One decision covers at most ${MAX_BULK_DECISIONS} payouts; narrow the filter.` });
    }
    const rows = await listPayoutsForPreview(ctx.db, ids, limits.secondApprovalMinor);
    const byId = new Map(rows.map((row) => [row.id, row]));
    const items = ids.map((id) => {
      const row = byId.get(id);
      if (!row) return { id, amountMinor: null, currency: null, merchantReference: null, problem: 'No payout has this id.', completesDecision: false };
      const approvalsAfter = row.approver_ids.length + 1;
      return {
        id,
        amountMinor: row.amount_minor,
        currency: row.currency,
        merchantReference: row.merchant_reference,
        problem: problemOf(row, input.action, ctx.user.id),
        // An approval that is the first of two is recorded, not sent.
        completesDecision: input.action === 'DECLINE' || approvalsAfter >= row.required_approvals,
      };
    });
    const ready = items.filter((item) => item.problem === null);
    const totals = new Map<string, { currency: string; count: number; amountMinor: number }>();
    for (const item of ready) {
      const entry = totals.get(item.currency!) ?? { currency: item.currency!, count: 0, amountMinor: 0 };
      entry.count += 1;
      entry.amountMinor += item.amountMinor!;
      totals.set(item.currency!, entry);
    }
    return {
      action: input.action,
      ids: ready.map((item) => item.id),
      ready: ready.map(({ id, merchantReference, amountMinor, currency, completesDecision }) => ({
        id,
        merchantReference,
        amountMinor: amountMinor!,
        currency: currency!,
        completesDecision,
      })),
      count: ready.length,
      sendsNow: ready.filter((item) => item.completesDecision).length,
      totals: [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
      skipped: items.filter((item) => item.problem !== null).map(({ id, merchantReference, problem }) => ({ id, merchantReference, problem: problem! })),
    };
  });
