import { listFirstPaymentPage, listPaymentPage, PAYMENT_SORTS, resolvePaymentSearch } from '@paydesk/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../../http/cursor.ts';
import { procedureWith } from '../../trpc.ts';
import { presentListRow, seesPersonalData } from './present.ts';
import { paymentSearchSchema, parseSearchOrThrow } from './search-input.ts';

const cursorSchema = z.object({ s: z.enum(PAYMENT_SORTS), k: z.union([z.string(), z.number()]), i: z.string().uuid() });

/**
 * One page of payments matching the search. When the free text is an exact identifier,
 * only those payments come back (`match: 'reference'`) and a single one is named in
 * `exactMatchId`, so the screen can open it straight away.
 */
export const searchPayments = procedureWith('payments.read')
  .input(paymentSearchSchema.extend({ cursor: z.string().max(500).optional(), limit: z.number().int().min(1).max(100).default(50) }))
  .query(async ({ ctx, input }) => {
    const query = parseSearchOrThrow(input.q);
    const cursor = input.cursor ? decodeCursor(input.cursor, cursorSchema) : undefined;
    if (cursor && cursor.s !== input.sort) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: 'The page cursor belongs to another sort order; start again from the first page.' });
    }
    const search = { query, now: ctx.clock.now(), timeZone: ctx.config.businessTimeZone };
    const pageSize = { sort: input.sort, limit: input.limit + 1 };
    const { resolved, rows } = cursor
      ? await resolvePaymentSearch(ctx.db, search).then(async (resolved) => ({
          resolved,
          rows: await listPaymentPage(ctx.db, resolved, { ...pageSize, after: { key: cursor.k, id: cursor.i } }),
        }))
      : await listFirstPaymentPage(ctx.db, search, pageSize);
    const page = rows.slice(0, input.limit);
    const last = page.at(-1);
    const showPersonal = seesPersonalData(ctx.user.role);
    return {
      rows: page.map((row) => presentListRow(row, showPersonal)),
      nextCursor: rows.length > input.limit && last ? encodeCursor({ s: input.sort, k: last.cursor_key, i: last.id }) : null,
      match: resolved.match,
      textKind: query.text?.kind ?? null,
      exactMatchId: resolved.match === 'reference' && !cursor && page.length === 1 ? page[0]!.id : null,
    };
  });
