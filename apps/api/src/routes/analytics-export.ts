import { fromMinorUnits } from '@paydesk/domain';
import { stringify } from 'csv-stringify';
import { Router } from 'express';
import { z } from 'zod';
import type { ContextServices } from '../context.ts';
import { safeCsvCell } from '../http/csv.ts';
import { requireCapability } from '../http/session-middleware.ts';
import type { AnalyticsServices } from '../routers/analytics/context.ts';
import { conversionInputSchema, loadConversion } from '../routers/analytics/conversion.ts';
import { loadFailureCodes } from '../routers/analytics/failure-codes.ts';
import { loadFailures } from '../routers/analytics/failures.ts';
import { loadFunnel } from '../routers/analytics/funnel.ts';
import { analyticsInputSchema } from '../routers/analytics/input.ts';
import { loadSummary } from '../routers/analytics/summary.ts';

export const ANALYTICS_CHARTS = ['summary', 'conversion', 'failures', 'failure-codes', 'kashimi-funnel', 'klavi-funnel'] as const;
type Chart = (typeof ANALYTICS_CHARTS)[number];

type Table = { columns: string[]; rows: unknown[][] };

const share = (value: number | null) => (value === null ? '' : value.toFixed(6));

/** The data of one chart as a table: the same figures the screen shows, one row per point. */
async function chartTable(chart: Chart, services: AnalyticsServices, query: unknown): Promise<Table> {
  switch (chart) {
    case 'summary': {
      const data = await loadSummary(services, analyticsInputSchema.parse(query));
      const rows: unknown[][] = [];
      for (const period of ['current', 'previous'] as const) {
        const f = data[period];
        const days = period === 'current' ? data.range.days : data.range.previousDays;
        const base = [period, days.from, days.to];
        rows.push([...base, 'started', f.started, ''], [...base, 'completed', f.completed, ''], [...base, 'failed', f.failed, ''], [...base, 'pending', f.pending, '']);
        rows.push([...base, 'conversion_rate', share(f.conversionRate), ''], [...base, 'success_rate', share(f.successRate), '']);
        rows.push([...base, 'median_seconds_to_complete', f.medianTimeToComplete ? f.medianTimeToComplete.seconds.toFixed(1) : '', '']);
        for (const v of f.volume) rows.push([...base, 'volume_completed', fromMinorUnits(v.amountMinor, v.currency), v.currency]);
      }
      return { columns: ['period', 'from_day', 'to_day', 'metric', 'value', 'currency'], rows };
    }
    case 'conversion': {
      const data = await loadConversion(services, conversionInputSchema.parse(query));
      const rows = data.series.flatMap((s) =>
        data.buckets.map((b, i) => [b.start, b.days.from, b.days.to, data.split, s.key, s.label, s.started[i], s.completed[i], s.failed[i], share(s.rate[i] ?? null)]),
      );
      return { columns: ['bucket_start', 'from_day', 'to_day', 'split_by', 'split_value', 'label', 'started', 'completed', 'failed', 'conversion_rate'], rows };
    }
    case 'failures': {
      const data = await loadFailures(services, analyticsInputSchema.parse(query));
      const rows = data.table.map((r) => [r.provider, r.category, r.label, r.count, share(r.share), r.previousCount, share(r.previousShare), share(r.change)]);
      return { columns: ['provider', 'category', 'label', 'failed', 'share_of_failed', 'previous_failed', 'previous_share', 'change'], rows };
    }
    case 'failure-codes': {
      const data = await loadFailureCodes(services, analyticsInputSchema.parse(query), { limit: Number.MAX_SAFE_INTEGER });
      const rows = data.rows.map((r) => [r.provider, r.code, r.meaning, r.category, r.count, share(r.share), r.previousCount, share(r.change)]);
      return { columns: ['provider', 'code', 'meaning', 'category', 'failed_payments', 'share_of_failed', 'previous_failed_payments', 'change'], rows };
    }
    case 'kashimi-funnel':
    case 'klavi-funnel': {
      const data = await loadFunnel(services, analyticsInputSchema.parse(query));
      const funnel = chart === 'kashimi-funnel' ? data.kashimi : data.klavi;
      const rows = funnel.steps.map((s) => [s.key, s.label, s.reached, s.stopped, s.stillThere, s.topReasons.map((r) => `${r.code || r.category} (${r.count})`).join('; ')]);
      return { columns: ['step', 'label', 'reached', 'stopped', 'still_there', 'top_reasons'], rows };
    }
  }
}

/** GET /api/analytics/export.csv?chart=…&range=…: one chart's figures, as on screen, aggregates only. */
export function analyticsExportRoute(services: ContextServices): Router {
  const router = Router();
  router.get('/api/analytics/export.csv', requireCapability('analytics.read'), async (req, res, next) => {
    const chart = z.enum(ANALYTICS_CHARTS).safeParse(req.query.chart);
    if (!chart.success) {
      res.status(400).json({ error: `chart must be one of ${ANALYTICS_CHARTS.join(', ')}` });
      return;
    }
    let table: Table;
    try {
      table = await chartTable(chart.data, { db: services.db, now: services.clock.now(), timeZone: services.config.businessTimeZone }, req.query);
    } catch (error) {
      if (error instanceof z.ZodError || (error instanceof Error && error.name === 'TRPCError')) {
        res.status(400).json({ error: error instanceof z.ZodError ? error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : error.message });
        return;
      }
      next(error);
      return;
    }
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="paydesk-${chart.data}.csv"`);
    const csv = stringify({ header: true, columns: table.columns });
    csv.pipe(res);
    for (const row of table.rows) csv.write(row.map(safeCsvCell));
    csv.end();
  });
  return router;
}
