import { PAYMENT_SORTS } from '@paydesk/db';
import { MAX_SEARCH_LENGTH, parseSearchQuery, type SearchQuery } from '@paydesk/domain';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';

/** The search as it travels in the URL: the query text and the order. Shared by search, count and export. */
export const paymentSearchSchema = z.object({
  q: z.string().max(MAX_SEARCH_LENGTH).default(''),
  sort: z.enum(PAYMENT_SORTS).default('created_desc'),
});

export type PaymentSearchInput = z.infer<typeof paymentSearchSchema>;

/** Counts are exact up to here, then shown as "10,000+". */
export const COUNT_CAP = 10_000;

/** The parsed query, or the grammar's own messages as one readable sentence. */
export function parseSearchOrExplain(q: string): { ok: true; query: SearchQuery } | { ok: false; message: string } {
  const result = parseSearchQuery(q);
  if (result.ok) return result;
  return { ok: false, message: result.errors.map((error) => error.message).join(' ') };
}

export function parseSearchOrThrow(q: string): SearchQuery {
  const parsed = parseSearchOrExplain(q);
  if (!parsed.ok) throw new TRPCError({ code: 'BAD_REQUEST', message: parsed.message });
  return parsed.query;
}
