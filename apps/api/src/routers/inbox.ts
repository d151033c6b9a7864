import { requeueInboxDelivery } from '@paydesk/db';
import { providerSchema } from '@paydesk/domain';
import { TRPCError } from '@trpc/server';
import { sql } from 'kysely';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { procedureWith, router } from '../trpc.ts';

const inboxStates = ['received', 'processed', 'duplicate', 'rejected', 'failed'] as const;
const cursorSchema = z.object({ receivedAt: z.string(), id: z.number().int() });

export const inboxRouter = router({
  /** Raw provider deliveries, newest first: accepted, duplicate, rejected with the reason. */
  list: procedureWith('inbox.read')
    .input(
      z.object({
        provider: providerSchema.optional(),
        state: z.enum(inboxStates).optional(),
        cursor: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(async ({ ctx, input }) => {
      let query = ctx.db
        .selectFrom('webhook_inbox')
        .select([
          'id',
          'provider',
          'received_at',
          'state',
          'reject_reason',
          'event_key',
          'provider_payment_id',
          'attempts',
          'processed_at',
          'last_error',
          'body',
          'headers',
        ])
        // Full microsecond precision for the cursor.
        .select(sql<string>`received_at::text`.as('cursor_time'));
      if (input.provider) query = query.where('provider', '=', input.provider);
      if (input.state) query = query.where('state', '=', input.state);
      if (input.cursor) {
        const after = decodeCursor(input.cursor, cursorSchema);
        query = query.where(sql<boolean>`(received_at, id) < (${after.receivedAt}::timestamptz, ${after.id})`);
      }
      const rows = await query
        .orderBy('received_at', 'desc')
        .orderBy('id', 'desc')
        .limit(input.limit + 1)
        .execute();
      const page = rows.slice(0, input.limit);
      const last = page.at(-1);
      return {
        rows: page.map(({ cursor_time: _cursor, ...row }) => row),
        nextCursor:
          rows.length > input.limit && last ? encodeCursor({ receivedAt: last.cursor_time, id: last.id }) : null,
      };
    }),

  /** Puts a stored delivery back in the queue; applying it again is harmless (events apply once). */
  replay: procedureWith('inbox.replay')
    .input(z.object({ id: z.number().int().positive() }))
    .mutation(async ({ ctx, input }) => {
      ctx.audit.action = 'inbox.replay';
      ctx.audit.target = { type: 'webhook_delivery', id: String(input.id) };
      const before = await ctx.db
        .selectFrom('webhook_inbox')
        .select(['state', 'reject_reason'])
        .where('id', '=', input.id)
        .executeTakeFirst();
      if (!before) throw new TRPCError({ code: 'NOT_FOUND', message: `No delivery ${input.id}` });
      if (before.state === 'received')
        throw new TRPCError({ code: 'CONFLICT', message: 'This delivery is already waiting to be processed.' });
      await requeueInboxDelivery(ctx.db, input.id, ctx.clock.now());
      ctx.audit.before = before;
      ctx.audit.after = { state: 'received' };
      ctx.onInboxRequeued?.();
      return { id: input.id, state: 'received' as const };
    }),
});
