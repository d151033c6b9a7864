import { findPaymentById, listPaymentEventPayloads } from '@paydesk/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { procedureWith } from '../../trpc.ts';

/** Exactly what the provider sent for each event; a capability of its own because payloads carry personal data. */
export const paymentRawPayloads = procedureWith('payments.readRawPayload')
  .input(z.object({ id: z.string().uuid('That is not a payment id') }))
  .query(async ({ ctx, input }) => {
    const payment = await findPaymentById(ctx.db, input.id);
    if (!payment) throw new TRPCError({ code: 'NOT_FOUND', message: 'No payment has this id.' });
    const rows = await listPaymentEventPayloads(ctx.db, input.id);
    return rows.map((row) => ({ eventId: row.id, source: row.source, occurredAt: row.occurred_at, payload: row.payload }));
  });
