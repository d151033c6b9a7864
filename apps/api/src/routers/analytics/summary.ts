import { periodOf, readDurationHistogram, readStatusRollup, type Period } from '@paydesk/db';
import { medianFromHistogram, outcomeOfStatus, type MedianEstimate } from '@paydesk/domain';
import { procedureWith } from '../../trpc.ts';
import { applyPendingChanges, changeRatio, rangeFor, ratio, type AnalyticsServices } from './context.ts';
import { analyticsInputSchema, filtersOf, type AnalyticsInput } from './input.ts';
import { describeRange } from './range.ts';

export interface HeadlineFigures {
  started: number;
  completed: number;
  failed: number;
  pending: number;
  conversionRate: number | null;
  successRate: number | null;
  /** Completed amount per currency, in minor units; never added across currencies. */
  volume: Array<{ currency: string; amountMinor: number }>;
  medianTimeToComplete: MedianEstimate | null;
}

function emptyFigures(): HeadlineFigures {
  return { started: 0, completed: 0, failed: 0, pending: 0, conversionRate: null, successRate: null, volume: [], medianTimeToComplete: null };
}

/** Headline figures for the range and for the period of the same length before it. */
export async function loadSummary(services: AnalyticsServices, input: AnalyticsInput) {
  await applyPendingChanges(services);
  const range = await rangeFor(services, input);
  const filters = filtersOf(input);
  const [statusRows, durationRows] = await Promise.all([
    readStatusRollup(services.db, { window: range.totalsWindow, filters, timeZone: range.timeZone, bucket: 'none', by: ['status', 'currency'] }),
    readDurationHistogram(services.db, { window: range.totalsWindow, filters }),
  ]);
  const figures: Record<Period, HeadlineFigures> = { current: emptyFigures(), previous: emptyFigures() };
  const volumes: Record<Period, Map<string, number>> = { current: new Map(), previous: new Map() };
  for (const row of statusRows) {
    const target = figures[periodOf(row)];
    target.started += row.payments;
    const outcome = outcomeOfStatus(row.status);
    if (outcome === 'completed') {
      target.completed += row.payments;
      const volume = volumes[periodOf(row)];
      volume.set(row.currency, (volume.get(row.currency) ?? 0) + row.amount_minor);
    } else if (outcome === 'failed') target.failed += row.payments;
    else target.pending += row.payments;
  }
  for (const period of ['current', 'previous'] as const) {
    const target = figures[period];
    target.conversionRate = ratio(target.completed, target.started);
    target.successRate = ratio(target.completed, target.completed + target.failed);
    target.volume = [...volumes[period]]
      .filter(([, amountMinor]) => amountMinor !== 0)
      .map(([currency, amountMinor]) => ({ currency, amountMinor }))
      .sort((a, b) => a.currency.localeCompare(b.currency));
    target.medianTimeToComplete = medianFromHistogram(
      durationRows.filter((row) => periodOf(row) === period).map((row) => ({ bucket: row.duration_bucket, payments: row.payments })),
    );
  }
  const { current, previous } = figures;
  return {
    range: describeRange(range),
    current,
    previous,
    change: {
      started: changeRatio(current.started, previous.started),
      completed: changeRatio(current.completed, previous.completed),
      failed: changeRatio(current.failed, previous.failed),
      pending: changeRatio(current.pending, previous.pending),
    },
  };
}

export const summaryProcedure = procedureWith('analytics.read')
  .input(analyticsInputSchema)
  .query(({ ctx, input }) => loadSummary({ db: ctx.db, now: ctx.clock.now(), timeZone: ctx.config.businessTimeZone }, input));
