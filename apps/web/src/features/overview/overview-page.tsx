import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../app/trpc.ts';
import { EmptyState, ErrorState, LoadingState } from '../../shared/page-states.tsx';

const countFormat = new Intl.NumberFormat('en-GB');

export function OverviewPage() {
  const trpc = useTRPC();
  const summary = useQuery(trpc.overview.summary.queryOptions());
  return (
    <>
      <Typography variant="h4" component="h1" gutterBottom>
        Overview
      </Typography>
      {summary.isPending ? (
        <LoadingState label="Loading payment counts" />
      ) : summary.isError ? (
        <ErrorState title="Could not load payment counts." error={summary.error} onRetry={() => void summary.refetch()} />
      ) : summary.data.byProviderAndStatus.length === 0 ? (
        <EmptyState title="No payments yet">Payments appear here as soon as a provider reports one.</EmptyState>
      ) : (
        <Paper variant="outlined">
          <Table size="small" aria-label="Payments by provider and status">
            <TableHead>
              <TableRow>
                <TableCell>Provider</TableCell>
                <TableCell>Status</TableCell>
                <TableCell align="right">Payments</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {summary.data.byProviderAndStatus.map((row) => (
                <TableRow key={`${row.provider}-${row.status}`}>
                  <TableCell>{row.provider}</TableCell>
                  <TableCell>{row.status}</TableCell>
                  <TableCell align="right">{countFormat.format(row.payments)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Paper>
      )}
    </>
  );
}
