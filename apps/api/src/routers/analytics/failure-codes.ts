import { readFailureCodeTotals, readStatusRollup } from '@paydesk/db';
import { describeFailureCode, FAILURE_CATEGORY_LABELS, isFailureCategory, isProvider, providerName } from '@paydesk/domain';
import { procedureWith } from '../../trpc.ts';
import { applyPendingChanges, changeRatio, rangeFor, ratio, type AnalyticsServices } from './context.ts';
import { analyticsInputSchema, filtersOf, type AnalyticsInput } from './input.ts';
import { describeRange } from './range.ts';

/** The table lists the most frequent codes; the CSV has them all. */
export const TOP_CODES = 25;

/**
 * Failed payments per raw provider code, with its meaning. Shares are of failed payments
 * of that provider; a payment with several codes counts under each.
 */
export async function loadFailureCodes(services: AnalyticsServices, input: AnalyticsInput, options: { limit?: number } = {}) {
  await applyPendingChanges(services);
  const range = await rangeFor(services, input);
  const filters = filtersOf(input);
  const [codeRows, failedRows] = await Promise.all([
    readFailureCodeTotals(services.db, { window: range.totalsWindow, filters }),
    readStatusRollup(services.db, { window: range.totalsWindow, filters, timeZone: range.timeZone, bucket: 'none', by: ['provider'], isFailedOnly: true }),
  ]);
  const failed = new Map<string, [number, number]>();
  for (const row of failedRows) {
    const cell = failed.get(row.provider) ?? [0, 0];
    cell[row.is_current ? 0 : 1] += row.payments;
    failed.set(row.provider, cell);
  }
  const codes = new Map<string, { provider: string; code: string; category: string; count: number; previousCount: number }>();
  for (const row of codeRows) {
    // A code keeps one category per provider; the key includes it so an odd mapping stays visible.
    const key = `${row.provider}\u0000${row.failure_code}\u0000${row.failure_category}`;
    const entry = codes.get(key) ?? { provider: row.provider, code: row.failure_code, category: row.failure_category, count: 0, previousCount: 0 };
    if (row.is_current) entry.count += row.payments;
    else entry.previousCount += row.payments;
    codes.set(key, entry);
  }
  const rows = [...codes.values()]
    .filter((entry) => entry.count > 0)
    .map((entry) => {
      const description = isProvider(entry.provider) ? describeFailureCode(entry.provider, entry.code || null) : null;
      const [providerFailed, providerPreviousFailed] = failed.get(entry.provider) ?? [0, 0];
      return {
        provider: entry.provider,
        providerLabel: providerName(entry.provider),
        code: entry.code,
        meaning: description?.meaning ?? '',
        isKnown: description?.known ?? false,
        category: entry.category,
        categoryLabel: isFailureCategory(entry.category) ? FAILURE_CATEGORY_LABELS[entry.category] : entry.category || FAILURE_CATEGORY_LABELS.unknown,
        count: entry.count,
        share: ratio(entry.count, providerFailed),
        previousCount: entry.previousCount,
        previousShare: ratio(entry.previousCount, providerPreviousFailed),
        change: changeRatio(entry.count, entry.previousCount),
      };
    })
    .sort((a, b) => b.count - a.count || a.provider.localeCompare(b.provider) || a.code.localeCompare(b.code));
  const limit = options.limit ?? TOP_CODES;
  return { range: describeRange(range), rows: rows.slice(0, limit), totalCodes: rows.length };
}

export const failureCodesProcedure = procedureWith('analytics.read')
  .input(analyticsInputSchema)
  .query(({ ctx, input }) => loadFailureCodes({ db: ctx.db, now: ctx.clock.now(), timeZone: ctx.config.businessTimeZone }, input));
