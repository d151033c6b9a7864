import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { isProvider, PROVIDER_LABELS, UNIFIED_STATUS_LABELS, UNIFIED_STATUSES, type UnifiedStatus } from '@paydesk/domain';
import { useQuery } from '@tanstack/react-query';
import { Link as RouterLink } from 'react-router';
import { useTRPC } from '../../app/trpc.ts';
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

function statusLabel(status: string): string {
  return status in UNIFIED_STATUS_LABELS ? UNIFIED_STATUS_LABELS[status as UnifiedStatus] : status;
}

function providerLabel(provider: string): string {
  return isProvider(provider) ? PROVIDER_LABELS[provider] : provider;
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
  const providers = [...new Set(rows.map((row) => row.provider))].sort((a, b) => providerLabel(a).localeCompare(providerLabel(b)));
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
                {statusLabel(status)}
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
                {providerLabel(provider)}
              </TableCell>
              {statuses.map((status) => (
                <TableCell key={status} align="right" sx={{ fontVariantNumeric: 'tabular-nums' }}>
                  <CountLink
                    count={countOf(provider, status)}
                    filters={{ provider, status }}
                    label={`${providerLabel(provider)}, ${statusLabel(status)}`}
                  />
                </TableCell>
              ))}
              <TableCell align="right" sx={{ fontVariantNumeric: 'tabular-nums', fontWeight: 600 }}>
                <CountLink count={countOf(provider, null)} filters={{ provider }} label={`${providerLabel(provider)}, all statuses`} />
              </TableCell>
            </TableRow>
          ))}
          <TableRow>
            <TableCell component="th" scope="row" sx={{ fontWeight: 600 }}>
              All providers
            </TableCell>
            {statuses.map((status) => (
              <TableCell key={status} align="right" sx={{ fontVariantNumeric: 'tabular-nums', fontWeight: 600 }}>
                <CountLink count={countOf(null, status)} filters={{ status }} label={`All providers, ${statusLabel(status)}`} />
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

export function OverviewPage() {
  const trpc = useTRPC();
  const summary = useQuery(trpc.overview.summary.queryOptions());
  return (
    <>
      <Typography variant="h4" component="h1" gutterBottom>
        Overview
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        Every payment and payout so far, by provider and current status. A count opens the search that lists those payments.
      </Typography>
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
