import { countUncertainPayments, listUncertainPayments } from '@paydesk/db';
import { providerSchema, stepRuleFor, uncertaintyOf, UNCERTAINTY_LABELS } from '@paydesk/domain';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../../http/cursor.ts';
import { procedureWith } from '../../trpc.ts';

const cursorSchema = z.object({ t: z.string(), i: z.string().uuid() });

// Counted on every page load and live refresh: the stuck rule is evaluated per open row,
// so the count stops at 1,000 (~5 ms on 300k payments, where 10,000 took ~50 ms).
const QUEUE_COUNT_CAP = 1_000;

/** Payments whose outcome is uncertain or that sit in a step longer than usual, longest waiting first. */
export const uncertainPayments = procedureWith('payments.read')
  .input(
    z.object({
      provider: providerSchema.optional(),
      cursor: z.string().max(500).optional(),
      limit: z.number().int().min(1).max(100).default(50),
    }),
  )
  .query(async ({ ctx, input }) => {
    const now = ctx.clock.now();
    const after = input.cursor ? decodeCursor(input.cursor, cursorSchema) : undefined;
    const filter = { provider: input.provider };
    const [rows, count] = await Promise.all([
      listUncertainPayments(ctx.db, { now, filter, after: after ? { statusAt: after.t, id: after.i } : undefined, limit: input.limit + 1 }),
      countUncertainPayments(ctx.db, { now, filter, cap: QUEUE_COUNT_CAP }),
    ]);
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    return {
      rows: page.map((row) => {
        const subject = {
          provider: row.provider,
          direction: row.direction,
          method: row.method,
          status: row.status,
          providerStatus: row.provider_status,
          phase: row.phase,
          statusAt: row.status_at,
          failureCodes: row.failure_codes,
        };
        return {
          id: row.id,
          provider: row.provider,
          direction: row.direction,
          method: row.method,
          merchantReference: row.merchant_reference,
          providerPaymentId: row.provider_payment_id,
          amountMinor: row.amount_minor,
          currency: row.currency,
          status: row.status,
          providerStatus: row.provider_status,
          detailedStatus: row.detailed_status,
          failureCodes: row.failure_codes,
          step: stepRuleFor(subject)?.label ?? row.provider_status,
          reasons: uncertaintyOf(subject, now).map((reason) => ({ reason, label: UNCERTAINTY_LABELS[reason] })),
          statusAt: row.status_at,
          ageMs: now.getTime() - row.status_at.getTime(),
          createdAt: row.created_at,
          lastCheckedAt: row.last_checked_at,
          nextCheckAt: row.next_check_at,
          checkAttempts: row.check_attempts,
        };
      }),
      nextCursor: rows.length > input.limit && last ? encodeCursor({ t: last.cursor_time, i: last.id }) : null,
      count,
      now,
    };
  });
