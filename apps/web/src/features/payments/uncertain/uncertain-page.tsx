import WarningIcon from '@mui/icons-material/Warning';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { PROVIDER_LABELS, providerName, PROVIDERS } from '@paydesk/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { z } from 'zod';
import { useBusinessTimeZone } from '../../../app/business-time-zone.ts';
import { useCan } from '../../../app/session.tsx';
import { useTRPC } from '../../../app/trpc.ts';
import { countFormat, formatDateTime, formatMoney, formatRelative } from '../../../shared/format.ts';
import { usePaymentChanges } from '../../../shared/live.ts';
import { EmptyState, ErrorState, LoadingState } from '../../../shared/page-states.tsx';
import { ProviderCode } from '../../../shared/provider-code.tsx';
import { useUrlState } from '../../../shared/url-state.ts';
import { formatDuration } from '../shared/format-duration.ts';
import { useNotify } from '../shared/notify.tsx';
import { ResolveDialog, type ResolveTarget } from '../shared/resolve-dialog.tsx';
import { StatusChip } from '../shared/status-chip.tsx';
import { useThrottled } from '../shared/throttled.ts';

const queueUrlSchema = z.object({
  provider: z.enum(PROVIDERS).optional(),
  cursor: z.string().max(500).optional(),
});

/**
 * Payments whose outcome is uncertain (Kashimi UNKNOWN, Kasha 1100, Klavi partially
 * accepted) or that sit in a step longer than usual, longest waiting first.
 */
/** The actions stay in view at the table's right edge while the rest scrolls under them. */
const stickyEnd = { position: 'sticky', right: 0, bgcolor: 'background.paper', zIndex: 1, boxShadow: '-1px 0 0 rgba(0,0,0,0.12)' } as const;

export function UncertainPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const zone = useBusinessTimeZone();
  const canRecheck = useCan('payments.recheck');
  const canResolve = useCan('payments.resolveManually');
  const [state, setState] = useUrlState(queueUrlSchema);
  const [notice, notify] = useNotify();
  const [resolving, setResolving] = useState<ResolveTarget | null>(null);
  const queue = useQuery(trpc.payments.uncertain.queryOptions({ ...(state.provider ? { provider: state.provider } : {}), ...(state.cursor ? { cursor: state.cursor } : {}) }));
  const refetch = useThrottled(() => void queryClient.invalidateQueries({ queryKey: trpc.payments.uncertain.queryKey() }), 3000);
  usePaymentChanges(() => refetch());
  const recheck = useMutation(
    trpc.payments.recheck.mutationOptions({
      onSuccess: () => {
        notify('Re-check requested; the queue updates when the provider answers.');
        refetch();
      },
      onError: (error) => notify(error.message, 'error'),
    }),
  );

  return (
    <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: 'minmax(0, 1fr)' }}>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, alignItems: 'center' }}>
        <TextField
          select
          size="small"
          label="Provider"
          value={state.provider ?? ''}
          onChange={(event) => setState({ provider: event.target.value || undefined, cursor: undefined })}
          slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
          sx={{ minWidth: 160 }}
        >
          <MenuItem value="">
            <em>All providers</em>
          </MenuItem>
          {PROVIDERS.map((provider) => (
            <MenuItem key={provider} value={provider}>
              {PROVIDER_LABELS[provider]}
            </MenuItem>
          ))}
        </TextField>
        <Typography variant="body2" role="status" aria-live="polite">
          {queue.data ? `${countFormat.format(queue.data.count.count)}${queue.data.count.isCapped ? '+' : ''} uncertain payments` : ''}
        </Typography>
      </Box>
      {queue.isPending ? (
        <LoadingState label="Loading uncertain payments" rows={6} />
      ) : queue.isError ? (
        <ErrorState title="Could not load the queue." error={queue.error} onRetry={() => void queue.refetch()} />
      ) : queue.data.rows.length === 0 ? (
        <EmptyState title={state.provider ? `No uncertain ${PROVIDER_LABELS[state.provider]} payments` : 'Nothing uncertain right now'}>
          Payments appear here when their outcome is unknown or they stay in a step longer than usual.
        </EmptyState>
      ) : (
        <>
          <Paper variant="outlined" sx={{ overflowX: 'auto' }}>
            <Table size="small" aria-label="Uncertain payments">
              <TableHead>
                <TableRow>
                  <TableCell>Waiting</TableCell>
                  <TableCell>Why</TableCell>
                  <TableCell>Payment</TableCell>
                  <TableCell>Step</TableCell>
                  <TableCell align="right">Amount</TableCell>
                  <TableCell>Checks</TableCell>
                  <TableCell sx={stickyEnd}>Actions</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {queue.data.rows.map((row) => {
                  const reference = row.merchantReference ?? row.providerPaymentId;
                  return (
                    <TableRow key={row.id}>
                      <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDuration(row.ageMs)}</TableCell>
                      <TableCell>
                        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5 }}>
                          {row.reasons.map((reason) => (
                            <Chip key={reason.reason} size="small" variant="outlined" icon={reason.reason === 'stuck' ? <WarningIcon /> : undefined} label={reason.label} />
                          ))}
                        </Box>
                      </TableCell>
                      {/* The reference that opens it, and under it who holds it and in what state. */}
                      <TableCell>
                        <Link component={RouterLink} to={`/payments/${row.id}`} sx={{ fontFamily: 'monospace', fontSize: 13, color: 'primary.dark', whiteSpace: 'nowrap' }}>
                          {reference}
                        </Link>
                        <Box sx={{ whiteSpace: 'nowrap', mt: 0.5 }}>
                          {providerName(row.provider)} <StatusChip status={row.status} />
                        </Box>
                      </TableCell>
                      <TableCell sx={{ minWidth: 160, maxWidth: 280 }}>
                        {row.step}
                        <Typography variant="caption" component="div" color="text.secondary">
                          <ProviderCode code={row.detailedStatus ?? row.providerStatus} />
                          {row.failureCodes.map((code) => (
                            <Fragment key={code}>
                              {' · '}
                              <ProviderCode code={code} />
                            </Fragment>
                          ))}
                        </Typography>
                      </TableCell>
                      <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                        {formatMoney(row.amountMinor, row.currency)}
                      </TableCell>
                      {/* Relative, as a person plans around them; the exact time in the business zone on hover. */}
                      <TableCell sx={{ whiteSpace: 'nowrap', fontSize: 13 }}>
                        <div title={row.lastCheckedAt ? `${formatDateTime(row.lastCheckedAt, zone)} (${zone})` : undefined}>
                          Last: {row.lastCheckedAt ? formatRelative(row.lastCheckedAt) : 'not yet'}
                        </div>
                        <div title={row.nextCheckAt ? `${formatDateTime(row.nextCheckAt, zone)} (${zone})` : undefined}>
                          Next: {row.nextCheckAt ? formatRelative(row.nextCheckAt) : 'not scheduled'}
                        </div>
                      </TableCell>
                      {/* One action per line, so the pinned column stays narrow. */}
                      <TableCell sx={{ ...stickyEnd, whiteSpace: 'nowrap' }}>
                        <Box sx={{ display: 'flex', flexDirection: 'column', alignItems: 'flex-start' }}>
                        {canRecheck && (
                          <Button size="small" onClick={() => recheck.mutate({ id: row.id })} aria-label={`Re-check ${reference}`}>
                            Re-check
                          </Button>
                        )}
                        {canResolve && (
                          <Button size="small" onClick={() => setResolving({ id: row.id, label: reference })} aria-label={`Resolve ${reference} by hand`}>
                            Resolve…
                          </Button>
                        )}
                        </Box>
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </Paper>
          <Box component="nav" aria-label="Queue pages" sx={{ display: 'flex', gap: 1 }}>
            <Button disabled={!state.cursor} onClick={() => setState({ cursor: undefined })}>
              First page
            </Button>
            <Button disabled={!queue.data.nextCursor} onClick={() => setState({ cursor: queue.data.nextCursor })}>
              Next page
            </Button>
          </Box>
        </>
      )}
      <ResolveDialog
        target={resolving}
        onClose={(resolved) => {
          setResolving(null);
          if (resolved) {
            notify(`Recorded as ${resolved.toLowerCase()}.`);
            refetch();
          }
        }}
      />
      {notice}
    </Box>
  );
}
