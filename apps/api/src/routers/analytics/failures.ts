import { periodOf, readStatusRollup } from '@paydesk/db';
import {
  FAILURE_CATEGORY_DESCRIPTIONS,
  FAILURE_CATEGORY_LABELS,
  isFailureCategory,
  providerName,
} from '@paydesk/domain';
import { procedureWith } from '../../trpc.ts';
import { applyPendingChanges, bucketIndex, changeRatio, rangeFor, ratio, type AnalyticsServices } from './context.ts';
import { analyticsInputSchema, filtersOf, type AnalyticsInput } from './input.ts';
import { describeRange } from './range.ts';

/** Rows of the table that sum every provider. */
export const ALL_PROVIDERS = 'all';

function categoryText(category: string) {
  return isFailureCategory(category)
    ? { label: FAILURE_CATEGORY_LABELS[category], description: FAILURE_CATEGORY_DESCRIPTIONS[category] }
    : { label: category || FAILURE_CATEGORY_LABELS.unknown, description: FAILURE_CATEGORY_DESCRIPTIONS.unknown };
}

function providerLabel(provider: string): string {
  if (provider === ALL_PROVIDERS) return 'All providers';
  return providerName(provider);
}

/** Failed payments by category: a stacked series over time and a table per provider with the previous period. */
export async function loadFailures(services: AnalyticsServices, input: AnalyticsInput) {
  await applyPendingChanges(services);
  const range = await rangeFor(services, input);
  const filters = filtersOf(input);
  const [seriesRows, tableRows] = await Promise.all([
    readStatusRollup(services.db, {
      window: range.seriesWindow,
      filters,
      timeZone: range.timeZone,
      bucket: range.bucket,
      by: ['failure_category'],
      isFailedOnly: true,
    }),
    readStatusRollup(services.db, {
      window: range.totalsWindow,
      filters,
      timeZone: range.timeZone,
      bucket: 'none',
      by: ['provider', 'failure_category'],
      isFailedOnly: true,
    }),
  ]);

  const index = bucketIndex(range);
  const series = new Map<string, number[]>();
  for (const row of seriesRows) {
    const position = row.bucket_ms === null ? undefined : index.get(row.bucket_ms);
    if (position === undefined) continue;
    let counts = series.get(row.failure_category);
    if (!counts) series.set(row.failure_category, (counts = Array<number>(range.buckets.length).fill(0)));
    counts[position]! += row.payments;
  }
  const categories = [...series]
    .map(([category, counts]) => ({ category, ...categoryText(category), counts, total: counts.reduce((a, b) => a + b, 0) }))
    .sort((a, b) => b.total - a.total || a.category.localeCompare(b.category));

  // (provider | all) → category → [current, previous]
  const cells = new Map<string, Map<string, [number, number]>>();
  const add = (provider: string, category: string, period: 'current' | 'previous', payments: number) => {
    let byCategory = cells.get(provider);
    if (!byCategory) cells.set(provider, (byCategory = new Map()));
    const cell = byCategory.get(category) ?? [0, 0];
    cell[period === 'current' ? 0 : 1] += payments;
    byCategory.set(category, cell);
  };
  for (const row of tableRows) {
    add(ALL_PROVIDERS, row.failure_category, periodOf(row), row.payments);
    add(row.provider, row.failure_category, periodOf(row), row.payments);
  }
  const totals = [...cells].map(([provider, byCategory]) => {
    let failed = 0;
    let previousFailed = 0;
    for (const [current, previous] of byCategory.values()) {
      failed += current;
      previousFailed += previous;
    }
    return { provider, providerLabel: providerLabel(provider), failed, previousFailed, change: changeRatio(failed, previousFailed) };
  });
  const totalOf = new Map(totals.map((t) => [t.provider, t]));
  const table = [...cells]
    .flatMap(([provider, byCategory]) =>
      [...byCategory].map(([category, [count, previousCount]]) => ({
        provider,
        providerLabel: providerLabel(provider),
        category,
        ...categoryText(category),
        count,
        share: ratio(count, totalOf.get(provider)!.failed),
        previousCount,
        previousShare: ratio(previousCount, totalOf.get(provider)!.previousFailed),
        change: changeRatio(count, previousCount),
      })),
    )
    .filter((row) => row.count > 0 || row.previousCount > 0)
    .sort(
      (a, b) =>
        Number(b.provider === ALL_PROVIDERS) - Number(a.provider === ALL_PROVIDERS) ||
        a.provider.localeCompare(b.provider) ||
        b.count - a.count ||
        a.category.localeCompare(b.category),
    );
  totals.sort((a, b) => Number(b.provider === ALL_PROVIDERS) - Number(a.provider === ALL_PROVIDERS) || a.provider.localeCompare(b.provider));
  return { range: describeRange(range), buckets: range.buckets, categories, table, totals };
}

export const failuresProcedure = procedureWith('analytics.read')
  .input(analyticsInputSchema)
  .query(({ ctx, input }) => loadFailures({ db: ctx.db, now: ctx.clock.now(), timeZone: ctx.config.businessTimeZone }, input));
