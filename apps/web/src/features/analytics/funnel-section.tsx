import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import { ANALYTICS_METRIC_DEFINITIONS, buildPaymentSearchQuery, type PaymentSearchFilter } from '@paydesk/domain';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCount, formatPercent } from './analytics-format.ts';
import { exportHref, type AnalyticsUrlState } from './analytics-url.ts';
import { ChartCard, type QueryState } from './chart-card.tsx';
import { colourAt } from './palette.ts';
import type { FunnelData } from './types.ts';

type Funnel = FunnelData['kashimi'] | FunnelData['klavi'];

/** Banks shown before "Show all": the busiest, which are where a change in conversion matters. */
const BANKS_SHOWN_FIRST = 15;
type Step = Funnel['steps'][number];

function searchHref(filter: PaymentSearchFilter): string {
  return `/payments?q=${encodeURIComponent(buildPaymentSearchQuery(filter))}`;
}

/** One provider's funnel: reached per step as bars, then stopped / still there / why per step, then per bank. */
function FunnelCard(props: {
  provider: 'kashimi' | 'klavi';
  title: string;
  definition: string;
  csvChart: string;
  state: AnalyticsUrlState;
  query: QueryState;
  funnel: Funnel | undefined;
  days: { from: string; to: string } | undefined;
  searchFilter: PaymentSearchFilter;
  extra?: (funnel: Funnel) => React.ReactNode;
}) {
  const theme = useTheme();
  const { funnel } = props;
  const [showsAllBanks, setShowsAllBanks] = useState(false);
  const isOtherProvider = props.state.provider !== undefined && props.state.provider !== props.provider;
  const stepFilter = (step: Step): PaymentSearchFilter => ({
    ...props.searchFilter,
    provider: props.provider,
    ...(props.provider === 'kashimi' ? { phase: Number(step.key) } : {}),
    status: ['FAILED'],
    created: props.days,
  });
  const points = funnel?.steps.map((step) => ({ label: step.label, reached: step.reached })) ?? [];
  const stepsTable = () => (
    <Table size="small" aria-label={`${props.title}: each step`}>
      <TableHead>
        <TableRow>
          <TableCell>Step</TableCell>
          <TableCell align="right">Reached</TableCell>
          <TableCell align="right">Of started</TableCell>
          <TableCell align="right">Stopped here</TableCell>
          <TableCell align="right">Still here</TableCell>
          <TableCell>Top reasons for stopping</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {funnel!.steps.map((step, i) => (
          <TableRow key={step.key}>
            <TableCell>
              {props.provider === 'kashimi' ? `${i + 1}. ` : ''}
              {step.label}
            </TableCell>
            <TableCell align="right">{formatCount(step.reached)}</TableCell>
            <TableCell align="right">{formatPercent(funnel!.total === 0 ? null : step.reached / funnel!.total)}</TableCell>
            <TableCell align="right">{formatCount(step.stopped)}</TableCell>
            <TableCell align="right">{formatCount(step.stillThere)}</TableCell>
            <TableCell>
              {step.topReasons.length === 0
                ? '—'
                : step.topReasons.map((reason) => (
                    <Box key={`${reason.category}-${reason.code}`} component="span" sx={{ display: 'block' }}>
                      {/* Klavi steps are not a search field: its reasons link without one. */}
                      <Link component={RouterLink} to={searchHref({ ...stepFilter(step), reason: reason.code || reason.category || undefined })} title={reason.meaning}>
                        {reason.code || reason.categoryLabel}
                      </Link>{' '}
                      ({formatCount(reason.count)})
                    </Box>
                  ))}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
  return (
    <ChartCard
      title={props.title}
      definition={props.definition}
      csvHref={exportHref(props.csvChart, props.state)}
      query={props.query}
      isEmpty={!funnel || funnel.total === 0}
      emptyTitle={isOtherProvider ? `The provider filter excludes ${props.title.split(' ')[0]}` : 'No payments in this range'}
      chart={() => (
        <ResponsiveContainer width="100%" height={40 + 36 * points.length}>
          <BarChart data={points} layout="vertical" accessibilityLayer margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} horizontal={false} />
            <XAxis type="number" allowDecimals={false} tickFormatter={(value: number) => formatCount(value)} tick={{ fill: theme.palette.text.secondary, fontSize: 12 }} />
            <YAxis type="category" dataKey="label" width={160} tick={{ fill: theme.palette.text.secondary, fontSize: 12 }} />
            <Tooltip
              formatter={(value) => [typeof value === 'number' ? `${formatCount(value)} (${formatPercent(funnel!.total === 0 ? null : value / funnel!.total)} of started)` : String(value), 'Reached']}
              contentStyle={{ background: theme.palette.background.paper, border: `1px solid ${theme.palette.divider}` }}
              cursor={{ fill: theme.palette.action.hover }}
            />
            <Bar dataKey="reached" name="Reached" fill={colourAt(0)} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      )}
      footer={() => (
        <Box sx={{ mt: 2, overflowX: 'auto' }}>
          <Typography variant="body2" sx={{ mb: 1 }}>
            {formatCount(funnel!.total)} started, {formatCount(funnel!.completed)} completed ({formatPercent(funnel!.total === 0 ? null : funnel!.completed / funnel!.total)}).
          </Typography>
          {props.extra?.(funnel!)}
          {stepsTable()}
          <Typography variant="subtitle1" component="h3" sx={{ mt: 2, mb: 1 }}>
            Per bank
          </Typography>
          <Table size="small" aria-label={`${props.title} per bank`}>
            <TableHead>
              <TableRow>
                <TableCell>Bank</TableCell>
                <TableCell align="right">Payments</TableCell>
                {funnel!.steps.map((step) => (
                  <TableCell key={step.key} align="right">
                    Reached {step.label.toLowerCase()}
                  </TableCell>
                ))}
                <TableCell align="right">Completed</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {(showsAllBanks ? funnel!.byBank : funnel!.byBank.slice(0, BANKS_SHOWN_FIRST)).map((bank) => (
                <TableRow key={bank.bankId}>
                  <TableCell>
                    {bank.bankId === '' ? (
                      'No bank reported'
                    ) : (
                      <>
                        <Link component={RouterLink} to={searchHref({ ...props.searchFilter, provider: props.provider, bank: bank.bankId, created: props.days })}>
                          {bank.bankName ?? bank.bankId}
                        </Link>
                        {bank.bankName && bank.bankName !== bank.bankId && (
                          <Typography component="span" variant="body2" color="text.secondary" sx={{ display: 'block', whiteSpace: 'nowrap', fontFamily: 'monospace', fontSize: 12 }}>
                            {bank.bankId}
                          </Typography>
                        )}
                      </>
                    )}
                  </TableCell>
                  <TableCell align="right">{formatCount(bank.total)}</TableCell>
                  {bank.reached.map((reached, i) => (
                    <TableCell key={i} align="right">
                      {formatPercent(bank.total === 0 ? null : reached / bank.total)}
                    </TableCell>
                  ))}
                  <TableCell align="right">{formatPercent(bank.total === 0 ? null : bank.completed / bank.total)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {funnel!.byBank.length > BANKS_SHOWN_FIRST && (
            <Button size="small" sx={{ mt: 1 }} onClick={() => setShowsAllBanks(!showsAllBanks)} aria-expanded={showsAllBanks}>
              {showsAllBanks ? `Show the ${BANKS_SHOWN_FIRST} busiest banks` : `Show all ${funnel!.byBank.length} banks`}
            </Button>
          )}
        </Box>
      )}
    />
  );
}

export function FunnelSection(props: { state: AnalyticsUrlState; query: QueryState; data: FunnelData | undefined; searchFilter: PaymentSearchFilter }) {
  const days = props.data?.range.days;
  return (
    <>
      <FunnelCard
        provider="kashimi"
        title="Kashimi open-banking funnel"
        definition={ANALYTICS_METRIC_DEFINITIONS.kashimiFunnel.definition}
        csvChart="kashimi-funnel"
        state={props.state}
        query={props.query}
        funnel={props.data?.kashimi}
        days={days}
        searchFilter={props.searchFilter}
        extra={(funnel) =>
          'withoutPhase' in funnel && funnel.withoutPhase > 0 ? (
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
              {formatCount(funnel.withoutPhase)} have no phase reported yet.
            </Typography>
          ) : null
        }
      />
      <FunnelCard
        provider="klavi"
        title="Klavi Pix funnel"
        definition={ANALYTICS_METRIC_DEFINITIONS.klaviFunnel.definition}
        csvChart="klavi-funnel"
        state={props.state}
        query={props.query}
        funnel={props.data?.klavi}
        days={days}
        searchFilter={props.searchFilter}
        extra={(funnel) =>
          'endedWithoutStage' in funnel && funnel.endedWithoutStage > 0 ? (
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
              {formatCount(funnel.endedWithoutStage)} ended without a stage (cancelled or error)
              {funnel.endedReasons.length > 0 ? `: ${funnel.endedReasons.map((r) => `${r.code || r.categoryLabel} (${formatCount(r.count)})`).join(', ')}` : ''}.
            </Typography>
          ) : null
        }
      />
    </>
  );
}
