import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import { ANALYTICS_METRIC_DEFINITIONS, formatMoney, type AnalyticsMetric } from '@paydesk/domain';
import type { ReactNode } from 'react';
import { ErrorState } from '../../shared/page-states.tsx';
import { formatChange, formatCount, formatDuration, formatPercent, formatPointChange } from './analytics-format.ts';
import { DefinitionHint, type QueryState } from './chart-card.tsx';
import type { SummaryData } from './types.ts';

interface FigureProps {
  metric: AnalyticsMetric;
  value: ReactNode;
  comparison?: string | undefined;
  /** Takes the room of this many ordinary figures, for a value that is a list (volume in many currencies). */
  span?: number;
}

function Figure({ metric, value, comparison, span = 1 }: FigureProps) {
  const { label, definition } = ANALYTICS_METRIC_DEFINITIONS[metric];
  return (
    <Paper variant="outlined" sx={{ p: 2, minWidth: 170, flex: `${span} 1 ${170 * span}px` }} role="group" aria-label={label}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5 }}>
        <Typography variant="body2" color="text.secondary">
          {label}
        </Typography>
        <DefinitionHint label={label} definition={definition} />
      </Box>
      <Typography variant="h5" component="p" data-testid={`figure-${metric}`}>
        {value}
      </Typography>
      {comparison !== undefined && (
        <Typography variant="body2" color="text.secondary">
          {comparison}
        </Typography>
      )}
    </Paper>
  );
}

/** The headline: counts, rates, volume per currency and median time, with the change against the period before. */
export function HeadlineFigures({ query, data, isComparing }: { query: QueryState; data: SummaryData | undefined; isComparing: boolean }) {
  if (query.isPending) {
    return (
      <Box role="status" aria-label="Loading headline figures" sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', mb: 3 }}>
        {Array.from({ length: 6 }, (_, i) => (
          <Skeleton key={i} variant="rounded" width={170} height={96} />
        ))}
      </Box>
    );
  }
  if (query.isError || !data) {
    return (
      <Box sx={{ mb: 3 }}>
        <ErrorState title="Could not load the headline figures." error={query.error} onRetry={() => void query.refetch()} />
      </Box>
    );
  }
  const { current, previous, change } = data;
  const compare = (text: string) => (isComparing ? text : undefined);
  const counted = (now: number | null, before: number) => compare(`${formatChange(now)} vs previous (${formatCount(before)})`);
  const rate = (now: number | null, before: number | null) =>
    compare(
      now === null || before === null
        ? `previous: ${formatPercent(before)}`
        : `${formatPointChange(now, before)} vs previous (${formatPercent(before)})`,
    );
  return (
    <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', mb: 3 }}>
      <Figure metric="started" value={formatCount(current.started)} comparison={counted(change.started, previous.started)} />
      <Figure metric="completed" value={formatCount(current.completed)} comparison={counted(change.completed, previous.completed)} />
      <Figure metric="failed" value={formatCount(current.failed)} comparison={counted(change.failed, previous.failed)} />
      <Figure metric="pending" value={formatCount(current.pending)} comparison={counted(change.pending, previous.pending)} />
      <Figure metric="conversion" value={formatPercent(current.conversionRate)} comparison={rate(current.conversionRate, previous.conversionRate)} />
      <Figure metric="success" value={formatPercent(current.successRate)} comparison={rate(current.successRate, previous.successRate)} />
      <Figure
        metric="medianTimeToComplete"
        value={current.medianTimeToComplete ? formatDuration(current.medianTimeToComplete.seconds) : '—'}
        comparison={compare(`previous: ${previous.medianTimeToComplete ? formatDuration(previous.medianTimeToComplete.seconds) : '—'}`)}
      />
      <Figure
        metric="volume"
        span={Math.min(3, Math.ceil(current.volume.length / 3)) || 1}
        value={
          current.volume.length === 0 ? (
            '—'
          ) : (
            // One amount per currency, never added together; several flow on as many lines as they need.
            <Box component="span" sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 2, fontSize: current.volume.length > 1 ? '1rem' : undefined }}>
              {current.volume.map((v) => (
                <Box component="span" key={v.currency} sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                  {formatMoney(v.amountMinor, v.currency)}
                </Box>
              ))}
            </Box>
          )
        }
        comparison={compare(`previous: ${previous.volume.length === 0 ? '—' : previous.volume.map((v) => formatMoney(v.amountMinor, v.currency)).join(', ')}`)}
      />
    </Box>
  );
}
