import Alert from '@mui/material/Alert';
import Typography from '@mui/material/Typography';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useBusinessTimeZone } from '../../app/business-time-zone.ts';
import { RequireCapability } from '../../app/session.tsx';
import { useTRPC } from '../../app/trpc.ts';
import { useUrlState } from '../../shared/url-state.ts';
import { AnalyticsControls } from './analytics-controls.tsx';
import { formatDaySpan } from './analytics-format.ts';
import { analyticsUrlSchema, apiInputOf, RANGE_LABELS, searchFilterOf } from './analytics-url.ts';
import { ConversionChart } from './conversion-chart.tsx';
import { FailureCategoriesChart, FailureCodesTable } from './failure-charts.tsx';
import { FunnelSection } from './funnel-section.tsx';
import { HeadlineFigures } from './headline-figures.tsx';

// Figures move within seconds of a status change (the rollups follow by trigger); a
// modest poll keeps an open dashboard current without a live channel of its own.
const REFRESH_MS = 30_000;

function AnalyticsView() {
  const trpc = useTRPC();
  const timeZone = useBusinessTimeZone();
  const [state, setState] = useUrlState(analyticsUrlSchema);
  const input = apiInputOf(state);
  const options = { placeholderData: keepPreviousData, refetchInterval: REFRESH_MS } as const;
  const summary = useQuery(trpc.analytics.summary.queryOptions(input, options));
  const conversion = useQuery(trpc.analytics.conversion.queryOptions({ ...input, split: state.split }, options));
  const failures = useQuery(trpc.analytics.failures.queryOptions(input, options));
  const failureCodes = useQuery(trpc.analytics.failureCodes.queryOptions(input, options));
  const funnel = useQuery(trpc.analytics.funnel.queryOptions(input, options));
  const searchFilter = searchFilterOf(state);
  const range = summary.data?.range;

  return (
    <>
      <Typography variant="h4" component="h1" gutterBottom>
        Analytics
      </Typography>
      <AnalyticsControls state={state} update={setState} timeZone={timeZone} />
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }} aria-live="polite" data-testid="analytics-range">
        {range
          ? `${RANGE_LABELS[state.range]}: ${formatDaySpan(range.days)}${state.compare === 'previous' ? `, compared with ${formatDaySpan(range.previousDays)}` : ''} · by ${range.granularity} · times in ${range.timeZone}`
          : `Times in ${timeZone}`}
      </Typography>
      {range?.boundaryNote && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {range.boundaryNote}
        </Alert>
      )}
      <HeadlineFigures query={summary} data={summary.data} isComparing={state.compare === 'previous'} />
      <ConversionChart state={state} onSplitChange={(split) => setState({ split })} query={conversion} data={conversion.data} searchFilter={searchFilter} />
      <FailureCategoriesChart state={state} query={failures} data={failures.data} searchFilter={searchFilter} />
      <FailureCodesTable state={state} query={failureCodes} data={failureCodes.data} searchFilter={searchFilter} />
      <FunnelSection state={state} query={funnel} data={funnel.data} searchFilter={searchFilter} />
    </>
  );
}

export function AnalyticsPage() {
  return (
    <RequireCapability capability="analytics.read">
      <AnalyticsView />
    </RequireCapability>
  );
}
