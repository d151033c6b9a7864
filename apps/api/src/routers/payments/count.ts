import { countPaymentMatches, resolvePaymentSearch } from '@paydesk/db';
import { procedureWith } from '../../trpc.ts';
import { COUNT_CAP, paymentSearchSchema, parseSearchOrThrow } from './search-input.ts';

/** How many payments match: exact up to 10,000, then "10,000+" (a separate call so pages never wait for it). */
export const countPayments = procedureWith('payments.read')
  .input(paymentSearchSchema.pick({ q: true }))
  .query(async ({ ctx, input }) => {
    const query = parseSearchOrThrow(input.q);
    const resolved = await resolvePaymentSearch(ctx.db, { query, now: ctx.clock.now(), timeZone: ctx.config.businessTimeZone });
    return { ...(await countPaymentMatches(ctx.db, resolved, COUNT_CAP)), cap: COUNT_CAP };
  });
