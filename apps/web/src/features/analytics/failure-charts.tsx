import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import { ANALYTICS_METRIC_DEFINITIONS, buildPaymentSearchQuery, type PaymentSearchFilter } from '@paydesk/domain';
import { Link as RouterLink, useNavigate } from 'react-router';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatBucket, formatChange, formatCount, formatPercent } from './analytics-format.ts';
import { exportHref, hasFilters, type AnalyticsUrlState } from './analytics-url.ts';
import { ChartCard, LegendToggles, useHiddenSeries, type QueryState } from './chart-card.tsx';
import { colourAt } from './palette.ts';
import type { FailureCodesData, FailuresData } from './types.ts';

/** Past this many categories the smallest are drawn as one "Other" segment. */
const MAX_STACKED = 7;
const OTHER = '__other__';

function searchHref(filter: PaymentSearchFilter): string {
  return `/payments?q=${encodeURIComponent(buildPaymentSearchQuery(filter))}`;
}

function failedFilter(base: PaymentSearchFilter, provider: string, reason: string, days: { from: string; to: string }): PaymentSearchFilter {
  return { ...base, provider: provider === 'all' ? base.provider : provider, status: ['FAILED'], reason: reason || undefined, created: days };
}

export function FailureCategoriesChart(props: { state: AnalyticsUrlState; query: QueryState; data: FailuresData | undefined; searchFilter: PaymentSearchFilter }) {
  const theme = useTheme();
  const navigate = useNavigate();
  const [hidden, toggle] = useHiddenSeries();
  const { data, state } = props;
  const shown = data?.categories.slice(0, MAX_STACKED) ?? [];
  const rest = data?.categories.slice(MAX_STACKED) ?? [];
  const series = [...shown.map((c) => ({ key: c.category, label: c.label, counts: c.counts }))];
  if (rest.length > 0) {
    series.push({ key: OTHER, label: `Other (${rest.length})`, counts: rest[0]!.counts.map((_, i) => rest.reduce((sum, c) => sum + c.counts[i]!, 0)) });
  }
  const points =
    data?.buckets.map((bucket, i) => ({
      label: formatBucket(bucket, data.range.granularity, data.range.timeZone),
      ...Object.fromEntries(series.map((s) => [s.key || 'none', s.counts[i]])),
    })) ?? [];
  const openBar = (category: string, index: number) => {
    const bucket = data?.buckets[index];
    if (!bucket || category === OTHER) return;
    void navigate(searchHref(failedFilter(props.searchFilter, 'all', category, bucket.days)));
  };
  return (
    <ChartCard
      title="Failures by category"
      definition={ANALYTICS_METRIC_DEFINITIONS.failureCategories.definition}
      csvHref={exportHref('failures', state)}
      query={props.query}
      isEmpty={!data || (data.categories.length === 0 && data.table.length === 0)}
      emptyTitle={hasFilters(state) ? 'No failed payments match these filters in this range' : 'No failed payments in this range'}
      chart={() => (
        <>
          <LegendToggles label="Categories shown" items={series} hidden={hidden} onToggle={toggle} />
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
            Click a segment to see those payments.
          </Typography>
          <ResponsiveContainer width="100%" height={300}>
            <BarChart data={points} accessibilityLayer margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
              <XAxis dataKey="label" tick={{ fill: theme.palette.text.secondary, fontSize: 12 }} minTickGap={16} />
              <YAxis allowDecimals={false} tickFormatter={(value: number) => formatCount(value)} tick={{ fill: theme.palette.text.secondary, fontSize: 12 }} width={48} />
              <Tooltip
                formatter={(value, name) => [typeof value === 'number' ? formatCount(value) : String(value), series.find((s) => (s.key || 'none') === name)?.label ?? String(name)]}
                contentStyle={{ background: theme.palette.background.paper, border: `1px solid ${theme.palette.divider}` }}
                cursor={{ fill: theme.palette.action.hover }}
              />
              {series.map((s, index) => (
                <Bar
                  key={s.key || 'none'}
                  dataKey={s.key || 'none'}
                  name={s.key || 'none'}
                  stackId="failures"
                  fill={colourAt(index)}
                  hide={hidden.has(s.key)}
                  isAnimationActive={false}
                  cursor={s.key === OTHER ? 'default' : 'pointer'}
                  onClick={(_item, bucketIndex) => openBar(s.key, bucketIndex)}
                />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </>
      )}
      table={() => (
        <Table size="small" aria-label="Failed payments per category and period">
          <TableHead>
            <TableRow>
              <TableCell>Category</TableCell>
              <TableCell>Period</TableCell>
              <TableCell align="right">Failed payments</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {data!.categories.flatMap((category) =>
              data!.buckets.map((bucket, i) =>
                category.counts[i] === 0 ? null : (
                  <TableRow key={`${category.category}-${bucket.start}`}>
                    <TableCell>{category.label}</TableCell>
                    <TableCell>{formatBucket(bucket, data!.range.granularity, data!.range.timeZone)}</TableCell>
                    <TableCell align="right">{formatCount(category.counts[i]!)}</TableCell>
                  </TableRow>
                ),
              ),
            )}
          </TableBody>
        </Table>
      )}
      footer={() => <CategoryTable data={data!} state={state} searchFilter={props.searchFilter} />}
    />
  );
}

/** The top categories, per provider, against the previous period; each row opens its payments. */
function CategoryTable({ data, state, searchFilter }: { data: FailuresData; state: AnalyticsUrlState; searchFilter: PaymentSearchFilter }) {
  const isComparing = state.compare === 'previous';
  return (
    <Box sx={{ mt: 2, overflowX: 'auto' }}>
      <Typography variant="subtitle1" component="h3" sx={{ mb: 1 }}>
        Top categories by provider
      </Typography>
      <Table size="small" aria-label="Failure categories by provider">
        <TableHead>
          <TableRow>
            <TableCell>Provider</TableCell>
            <TableCell>Category</TableCell>
            <TableCell>Meaning</TableCell>
            <TableCell align="right">Failed</TableCell>
            <TableCell align="right">Share of failures</TableCell>
            {isComparing && <TableCell align="right">Previous</TableCell>}
            {isComparing && <TableCell align="right">Change</TableCell>}
          </TableRow>
        </TableHead>
        <TableBody>
          {data.table.map((row) => (
            <TableRow key={`${row.provider}-${row.category}`} hover>
              <TableCell>{row.providerLabel}</TableCell>
              <TableCell>
                <Link component={RouterLink} to={searchHref(failedFilter(searchFilter, row.provider, row.category, data.range.days))}>
                  {row.label}
                </Link>
              </TableCell>
              <TableCell sx={{ color: 'text.secondary', maxWidth: 360 }}>{row.description}</TableCell>
              <TableCell align="right">{formatCount(row.count)}</TableCell>
              <TableCell align="right">{formatPercent(row.share)}</TableCell>
              {isComparing && <TableCell align="right">{formatCount(row.previousCount)}</TableCell>}
              {isComparing && <TableCell align="right">{row.count === 0 ? '—' : formatChange(row.change)}</TableCell>}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

/** Raw provider codes with their meaning; a payment with several codes counts under each. */
export function FailureCodesTable(props: { state: AnalyticsUrlState; query: QueryState; data: FailureCodesData | undefined; searchFilter: PaymentSearchFilter }) {
  const { data, state } = props;
  const isComparing = state.compare === 'previous';
  const table = () => (
    <Table size="small" aria-label="Failure codes">
      <TableHead>
        <TableRow>
          <TableCell>Provider</TableCell>
          <TableCell>Code</TableCell>
          <TableCell>Meaning</TableCell>
          <TableCell>Category</TableCell>
          <TableCell align="right">Failed payments</TableCell>
          <TableCell align="right">Share of failed</TableCell>
          {isComparing && <TableCell align="right">Previous</TableCell>}
          {isComparing && <TableCell align="right">Change</TableCell>}
        </TableRow>
      </TableHead>
      <TableBody>
        {data!.rows.map((row) => (
          <TableRow key={`${row.provider}-${row.code}-${row.category}`} hover>
            <TableCell>{row.providerLabel}</TableCell>
            <TableCell>
              <Link
                component={RouterLink}
                to={searchHref(failedFilter(props.searchFilter, row.provider, row.code || row.category, data!.range.days))}
                sx={{ fontFamily: 'monospace' }}
              >
                {row.code || '(no code)'}
              </Link>
            </TableCell>
            <TableCell sx={{ color: 'text.secondary', maxWidth: 360 }}>{row.meaning}</TableCell>
            <TableCell>{row.categoryLabel}</TableCell>
            <TableCell align="right">{formatCount(row.count)}</TableCell>
            <TableCell align="right">{formatPercent(row.share)}</TableCell>
            {isComparing && <TableCell align="right">{formatCount(row.previousCount)}</TableCell>}
            {isComparing && <TableCell align="right">{formatChange(row.change)}</TableCell>}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
  return (
    <ChartCard
      title="Failure codes"
      definition={ANALYTICS_METRIC_DEFINITIONS.failureCodes.definition}
      csvHref={exportHref('failure-codes', state)}
      query={props.query}
      isEmpty={!data || data.rows.length === 0}
      emptyTitle="No failure codes in this range"
      chart={() => (
        <Box sx={{ overflowX: 'auto' }}>
          {table()}
          {data!.totalCodes > data!.rows.length && (
            <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
              The {data!.rows.length} most frequent of {data!.totalCodes} codes; the CSV has them all.
            </Typography>
          )}
        </Box>
      )}
    />
  );
}
