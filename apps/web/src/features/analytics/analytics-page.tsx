import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useBusinessTimeZone } from '../../app/business-time-zone.ts';
import { RequireCapability } from '../../app/session.tsx';
import { useTRPC } from '../../app/trpc.ts';
import { useAnalyticsChanges } from '../../shared/live.ts';
import { LiveStatus } from '../../shared/live-status.tsx';
import { useUrlState } from '../../shared/url-state.ts';
import { useThrottled } from '../payments/shared/throttled.ts';
import { AnalyticsControls } from './analytics-controls.tsx';
import { formatDaySpan } from './analytics-format.ts';
import { analyticsUrlSchema, apiInputOf, RANGE_LABELS, searchFilterOf } from './analytics-url.ts';
import { ConversionChart } from './conversion-chart.tsx';
import { FailureCategoriesChart, FailureCodesTable } from './failure-charts.tsx';
import { FunnelSection } from './funnel-section.tsx';
import { HeadlineFigures } from './headline-figures.tsx';

// An analytics answer counts every change committed before it was asked, so a refetch
// when the live feed reports a change shows it. Refetches are throttled on top of the
// server's coalescing, so a reconnect landing beside a pulse still costs one.
const REFRESH_THROTTLE_MS = 2_000;
// Only while the live feed is down: slow, because it stands in for a connection that
// normally comes back within seconds and refetches on its return.
const FALLBACK_POLL_MS = 60_000;

function AnalyticsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const timeZone = useBusinessTimeZone();
  const [state, setState] = useUrlState(analyticsUrlSchema);
  const input = apiInputOf(state);
  const refresh = useThrottled(() => {
    // A hidden tab only marks its figures stale; they refetch when it is shown again
    // (refetch on focus), instead of every couple of seconds for nobody.
    void queryClient.invalidateQueries({ queryKey: trpc.analytics.pathKey(), refetchType: document.hidden ? 'none' : 'active' });
  }, REFRESH_THROTTLE_MS);
  const connection = useAnalyticsChanges(refresh);
  // Previous figures stay on screen while a refetch runs: no skeleton after the first load.
  const options = { placeholderData: keepPreviousData, refetchInterval: connection === 'live' ? false : FALLBACK_POLL_MS } as const;
  const summary = useQuery(trpc.analytics.summary.queryOptions(input, options));
  const conversion = useQuery(trpc.analytics.conversion.queryOptions({ ...input, split: state.split }, options));
  const failures = useQuery(trpc.analytics.failures.queryOptions(input, options));
  const failureCodes = useQuery(trpc.analytics.failureCodes.queryOptions(input, options));
  const funnel = useQuery(trpc.analytics.funnel.queryOptions(input, options));
  const searchFilter = searchFilterOf(state);
  const range = summary.data?.range;

  return (
    <>
      <Box sx={{ display: 'flex', alignItems: 'baseline', flexWrap: 'wrap', columnGap: 2, mb: '0.35em' }}>
        <Typography variant="h4" component="h1">
          Analytics
        </Typography>
        <LiveStatus connection={connection} fallback="figures refresh every minute" />
      </Box>
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
