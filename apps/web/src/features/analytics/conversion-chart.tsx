import FormControl from '@mui/material/FormControl';
import InputLabel from '@mui/material/InputLabel';
import Link from '@mui/material/Link';
import MenuItem from '@mui/material/MenuItem';
import Select from '@mui/material/Select';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { useTheme } from '@mui/material/styles';
import { ANALYTICS_METRIC_DEFINITIONS, buildPaymentSearchQuery, type PaymentSearchFilter } from '@paydesk/domain';
import { Link as RouterLink } from 'react-router';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatBucket, formatCount, formatPercent } from './analytics-format.ts';
import { exportHref, hasFilters, type AnalyticsUrlState } from './analytics-url.ts';
import { ChartCard, LegendToggles, useHiddenSeries, type QueryState } from './chart-card.tsx';
import { colourAt, dashAt } from './palette.ts';
import type { ConversionData } from './types.ts';

const SPLIT_LABELS: Record<AnalyticsUrlState['split'], string> = { provider: 'Provider', bank: 'Bank', method: 'Method', country: 'Country' };
const OTHER_SERIES = '__other__';

/** The payments behind one line at one bucket, for the payment search. */
function seriesFilter(base: PaymentSearchFilter, split: AnalyticsUrlState['split'], key: string): PaymentSearchFilter | null {
  // The search has no "without a bank" filter, and "Other" is many values at once.
  if (key === OTHER_SERIES || key === '') return null;
  return { ...base, [split]: key };
}

export function ConversionChart(props: {
  state: AnalyticsUrlState;
  onSplitChange: (split: AnalyticsUrlState['split']) => void;
  query: QueryState;
  data: ConversionData | undefined;
  searchFilter: PaymentSearchFilter;
}) {
  const theme = useTheme();
  const [hidden, toggle] = useHiddenSeries();
  const { data, state } = props;
  const points =
    data?.buckets.map((bucket, i) => ({
      label: formatBucket(bucket, data.range.granularity, data.range.timeZone),
      ...Object.fromEntries(data.series.map((s) => [s.key, s.rate[i]])),
    })) ?? [];
  const definition = ANALYTICS_METRIC_DEFINITIONS.conversion;
  return (
    <ChartCard
      title="Conversion over time"
      definition={definition.definition}
      csvHref={exportHref('conversion', state)}
      query={props.query}
      isEmpty={!data || data.series.length === 0}
      emptyTitle={hasFilters(state) ? 'No payments match these filters in this range' : 'No data in this range'}
      emptyHint="Try a longer range or clear the filters."
      chart={() => (
        <>
          <FormControl size="small" sx={{ minWidth: 160, mb: 1 }}>
            <InputLabel id="conversion-split-label">One line per</InputLabel>
            <Select
              labelId="conversion-split-label"
              label="One line per"
              value={state.split}
              onChange={(event) => props.onSplitChange(event.target.value as AnalyticsUrlState['split'])}
            >
              {(Object.keys(SPLIT_LABELS) as Array<AnalyticsUrlState['split']>).map((split) => (
                <MenuItem key={split} value={split}>
                  {SPLIT_LABELS[split]}
                </MenuItem>
              ))}
            </Select>
          </FormControl>
          <LegendToggles label="Lines shown" items={data!.series} hidden={hidden} onToggle={toggle} />
          <ResponsiveContainer width="100%" height={300}>
            <LineChart data={points} accessibilityLayer margin={{ top: 8, right: 16, bottom: 8, left: 0 }} title="Conversion rate per bucket">
              <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
              <XAxis dataKey="label" tick={{ fill: theme.palette.text.secondary, fontSize: 12 }} minTickGap={16} />
              <YAxis domain={[0, 1]} tickFormatter={(value: number) => formatPercent(value)} tick={{ fill: theme.palette.text.secondary, fontSize: 12 }} width={48} />
              <Tooltip
                formatter={(value, name) => [typeof value === 'number' ? formatPercent(value) : 'no payments', data!.series.find((s) => s.key === name)?.label ?? String(name)]}
                contentStyle={{ background: theme.palette.background.paper, border: `1px solid ${theme.palette.divider}` }}
              />
              {data!.series.map((series, index) => (
                <Line
                  key={series.key}
                  dataKey={series.key}
                  name={series.key}
                  hide={hidden.has(series.key)}
                  stroke={colourAt(index)}
                  strokeDasharray={dashAt(index)}
                  strokeWidth={2}
                  dot={points.length <= 31}
                  connectNulls={false}
                  isAnimationActive={false}
                />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </>
      )}
      table={() => (
        <Table size="small" aria-label={`Conversion per ${SPLIT_LABELS[state.split].toLowerCase()}`}>
          <TableHead>
            <TableRow>
              <TableCell>{SPLIT_LABELS[state.split]}</TableCell>
              <TableCell>Period</TableCell>
              <TableCell align="right">Started</TableCell>
              <TableCell align="right">Completed</TableCell>
              <TableCell align="right">Failed</TableCell>
              <TableCell align="right">Conversion</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {data!.series.flatMap((series) =>
              data!.buckets.map((bucket, i) =>
                series.started[i] === 0 ? null : (
                  <TableRow key={`${series.key}-${bucket.start}`}>
                    <TableCell>{series.label}</TableCell>
                    <TableCell>{formatBucket(bucket, data!.range.granularity, data!.range.timeZone)}</TableCell>
                    <TableCell align="right">{formatCount(series.started[i]!)}</TableCell>
                    <TableCell align="right">{formatCount(series.completed[i]!)}</TableCell>
                    <TableCell align="right">{formatCount(series.failed[i]!)}</TableCell>
                    <TableCell align="right">{formatPercent(series.rate[i])}</TableCell>
                  </TableRow>
                ),
              ),
            )}
          </TableBody>
        </Table>
      )}
      footer={() => (
        <Table size="small" aria-label="Totals per line" sx={{ mt: 2 }}>
          <TableHead>
            <TableRow>
              <TableCell>{SPLIT_LABELS[state.split]}</TableCell>
              <TableCell align="right">Started</TableCell>
              <TableCell align="right">Completed</TableCell>
              <TableCell align="right">Conversion</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {data!.series.map((series) => {
              const filter = seriesFilter(props.searchFilter, state.split, series.key);
              const query = filter && buildPaymentSearchQuery({ ...filter, created: data!.range.days });
              return (
                <TableRow key={series.key}>
                  <TableCell>
                    {query ? (
                      <Link component={RouterLink} to={`/payments?q=${encodeURIComponent(query)}`}>
                        {series.label}
                      </Link>
                    ) : (
                      series.label
                    )}
                  </TableCell>
                  <TableCell align="right">{formatCount(series.totalStarted)}</TableCell>
                  <TableCell align="right">{formatCount(series.totalCompleted)}</TableCell>
                  <TableCell align="right">{formatPercent(series.totalStarted === 0 ? null : series.totalCompleted / series.totalStarted)}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    />
  );
}
