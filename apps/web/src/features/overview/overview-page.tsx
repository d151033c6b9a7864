import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Skeleton from '@mui/material/Skeleton';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { isProvider, providerName, statusName, UNIFIED_STATUSES } from '@paydesk/domain';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router';
import { useCan } from '../../app/session.tsx';
import { useTRPC } from '../../app/trpc.ts';
import { CurrencyTotals } from '../../shared/currency-totals.tsx';
import { countFormat } from '../../shared/format.ts';
import { EmptyState, ErrorState, LoadingState } from '../../shared/page-states.tsx';

interface StatusCount {
  provider: string;
  status: string;
  payments: number;
}

/** Known statuses in their usual order, then any the data holds that the catalog does not (kept, never dropped). */
function statusColumns(rows: readonly StatusCount[]): string[] {
  const known: readonly string[] = UNIFIED_STATUSES;
  const unknown = [...new Set(rows.map((row) => row.status).filter((status) => !known.includes(status)))].sort();
  return [...known, ...unknown];
}

/** The search that lists exactly the payments a cell counts. */
function searchLink(filters: Record<string, string>): string {
  const q = Object.entries(filters)
    .map(([field, value]) => `${field}:${value.toLowerCase()}`)
    .join(' ');
  return `/payments?${new URLSearchParams({ q }).toString()}`;
}

/** Only values the search grammar knows can become a search; a count for anything else is shown as is. */
function isSearchable(filters: Record<string, string>): boolean {
  const known: readonly string[] = UNIFIED_STATUSES;
  return (filters.provider === undefined || isProvider(filters.provider)) && (filters.status === undefined || known.includes(filters.status));
}

function CountLink({ count, filters, label }: { count: number; filters: Record<string, string>; label: string }) {
  if (count === 0) return <Box component="span" sx={{ color: 'text.secondary' }}>0</Box>;
  if (!isSearchable(filters)) return <>{countFormat.format(count)}</>;
  return (
    <Link
      component={RouterLink}
      to={searchLink(filters)}
      aria-label={`${label}: ${countFormat.format(count)} ${count === 1 ? 'payment' : 'payments'}`}
      underline="hover"
    >
      {countFormat.format(count)}
    </Link>
  );
}

/** Payments per provider and status, each count opening the search that lists them. */
function StatusMatrix({ rows }: { rows: readonly StatusCount[] }) {
  const statuses = statusColumns(rows);
  const providers = [...new Set(rows.map((row) => row.provider))].sort((a, b) => providerName(a).localeCompare(providerName(b)));
  const countOf = (provider: string | null, status: string | null) =>
    rows
      .filter((row) => (provider === null || row.provider === provider) && (status === null || row.status === status))
      .reduce((sum, row) => sum + row.payments, 0);
  return (
    <Paper variant="outlined" sx={{ overflowX: 'auto' }}>
      <Table size="small" aria-label="Payments by provider and status">
        <TableHead>
          <TableRow>
            <TableCell component="th" scope="col">
              Provider
            </TableCell>
            {statuses.map((status) => (
              <TableCell key={status} component="th" scope="col" align="right">
                {statusName(status)}
              </TableCell>
            ))}
            <TableCell component="th" scope="col" align="right">
              All
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {providers.map((provider) => (
            <TableRow key={provider}>
              <TableCell component="th" scope="row">
                {providerName(provider)}
              </TableCell>
              {statuses.map((status) => (
                <TableCell key={status} align="right" sx={{ fontVariantNumeric: 'tabular-nums' }}>
                  <CountLink
                    count={countOf(provider, status)}
                    filters={{ provider, status }}
                    label={`${providerName(provider)}, ${statusName(status)}`}
                  />
                </TableCell>
              ))}
              <TableCell align="right" sx={{ fontVariantNumeric: 'tabular-nums', fontWeight: 600 }}>
                <CountLink count={countOf(provider, null)} filters={{ provider }} label={`${providerName(provider)}, all statuses`} />
              </TableCell>
            </TableRow>
          ))}
          <TableRow>
            <TableCell component="th" scope="row" sx={{ fontWeight: 600 }}>
              All providers
            </TableCell>
            {statuses.map((status) => (
              <TableCell key={status} align="right" sx={{ fontVariantNumeric: 'tabular-nums', fontWeight: 600 }}>
                <CountLink count={countOf(null, status)} filters={{ status }} label={`All providers, ${statusName(status)}`} />
              </TableCell>
            ))}
            <TableCell align="right" sx={{ fontVariantNumeric: 'tabular-nums', fontWeight: 600 }}>
              {countFormat.format(countOf(null, null))}
            </TableCell>
          </TableRow>
        </TableBody>
      </Table>
    </Paper>
  );
}

/** One queue that needs people: how many wait in it, and the way there. */
function QueueCard(props: {
  title: string;
  to: string;
  action: string;
  query: { isPending: boolean; isError: boolean; refetch: () => unknown };
  count: { count: number; isCapped: boolean } | undefined;
  explanation: string;
  children?: ReactNode;
}) {
  const { query, count } = props;
  return (
    <Paper variant="outlined" component="section" aria-label={props.title} sx={{ p: 2, flex: '1 1 320px', display: 'flex', flexDirection: 'column', gap: 1 }}>
      <Typography variant="subtitle1" component="h2">
        {props.title}
      </Typography>
      {query.isPending ? (
        <Box role="status" aria-label={`Loading ${props.title.toLowerCase()}`}>
          <Skeleton variant="text" width={120} height={40} />
        </Box>
      ) : query.isError || !count ? (
        <Typography color="error" role="alert">
          Could not load this count.{' '}
          <Button size="small" onClick={() => void query.refetch()}>
            Try again
          </Button>
        </Typography>
      ) : (
        <Typography variant="h4" component="p">
          {countFormat.format(count.count)}
          {count.isCapped ? '+' : ''}
        </Typography>
      )}
      <Typography variant="body2" color="text.secondary">
        {props.explanation}
      </Typography>
      {props.children}
      <Box sx={{ mt: 'auto' }}>
        <Button component={RouterLink} to={props.to} variant="outlined" size="small">
          {props.action}
        </Button>
      </Box>
    </Paper>
  );
}

/** The queues staff work from, for the roles that work them. */
function QueuesNeedingPeople() {
  const trpc = useTRPC();
  // Finance decides; managers and admins who may read the queue see its size too.
  const seesPayouts = useCan('payouts.read');
  const uncertain = useQuery(trpc.payments.uncertain.queryOptions({ limit: 1 }));
  const payouts = useQuery({ ...trpc.payouts.summary.queryOptions({}), enabled: seesPayouts });
  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, mb: 3 }}>
      <QueueCard
        title="Uncertain outcome"
        to="/payments/uncertain"
        action="Open the uncertain queue"
        query={uncertain}
        count={uncertain.data?.count}
        explanation="Payments whose result the provider has not settled, or that sit in a step longer than usual. They are re-checked by themselves; some need a person."
      />
      {seesPayouts && (
        <QueueCard
          title="Payouts awaiting a decision"
          to="/payouts"
          action="Open the payout queue"
          query={payouts}
          count={payouts.data ? { count: payouts.data.count, isCapped: payouts.data.isCountCapped } : undefined}
          explanation="Kasha holds these until finance approves or declines them."
        >
          {payouts.data && <CurrencyTotals totals={payouts.data.totals} label="Payouts awaiting a decision, per currency" />}
        </QueueCard>
      )}
    </Box>
  );
}

export function OverviewPage() {
  const trpc = useTRPC();
  const summary = useQuery(trpc.overview.summary.queryOptions());
  return (
    <>
      <Typography variant="h4" component="h1" gutterBottom>
        Overview
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        What needs people now, then every payment and payout so far by provider and current status. A count opens the search
        that lists those payments.
      </Typography>
      <QueuesNeedingPeople />
      {summary.isPending ? (
        <LoadingState label="Loading payment counts" />
      ) : summary.isError ? (
        <ErrorState title="Could not load payment counts." error={summary.error} onRetry={() => void summary.refetch()} />
      ) : summary.data.byProviderAndStatus.length === 0 ? (
        <EmptyState title="No payments yet">Payments appear here as soon as a provider reports one.</EmptyState>
      ) : (
        <StatusMatrix rows={summary.data.byProviderAndStatus} />
      )}
    </>
  );
}
