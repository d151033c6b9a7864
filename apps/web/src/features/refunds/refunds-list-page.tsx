import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import Link from '@mui/material/Link';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import { REFUND_STATE_LABELS, REFUND_STATES, ROLE_LABELS, roleSchema } from '@paydesk/domain';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { z } from 'zod';
import { useBusinessTimeZone } from '../../app/business-time-zone.ts';
import { useTRPC } from '../../app/trpc.ts';
import { formatDateTime, formatMoney } from '../../shared/format.ts';
import { usePaymentChanges } from '../../shared/live.ts';
import { EmptyState, ErrorState, LoadingState } from '../../shared/page-states.tsx';
import { useUrlState } from '../../shared/url-state.ts';
import { useThrottled } from '../payments/shared/throttled.ts';
import { RefundStateChip } from './refund-state-chip.tsx';
import type { RefundListRow } from './types.ts';

const listUrlSchema = z.object({
  state: z.enum(REFUND_STATES).optional(),
  reference: z.string().max(255).optional(),
  mine: z.literal('1').optional(),
  cursor: z.string().max(500).optional(),
});

function roleLabel(role: string): string {
  const parsed = roleSchema.safeParse(role);
  return parsed.success ? ROLE_LABELS[parsed.data] : role;
}

function kashaText(row: RefundListRow): string {
  if (row.state === 'unknown') return `Checking with Kasha${row.deliveryError ? `: ${row.deliveryError}` : ''}`;
  const answer = row.kashaAnswer as Record<string, unknown> | null;
  if (!answer) return row.state === 'requested' || row.state === 'submitted' ? 'Being sent…' : '—';
  const source = (answer['refusal'] ?? answer['alreadyRefunded'] ?? (answer['lookup'] as object | undefined) ?? answer) as Record<string, unknown>;
  return [source['status'], source['errorReason'], answer['error']].filter((part) => typeof part === 'string').join(': ') || '—';
}

/** Every refund with its state, who asked and why; new refunds and outcomes appear live. */
export function RefundsListPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const zone = useBusinessTimeZone();
  const [state, setState] = useUrlState(listUrlSchema);
  const [reference, setReference] = useState(state.reference ?? '');
  const input = {
    ...(state.state ? { state: state.state } : {}),
    ...(state.reference ? { reference: state.reference } : {}),
    ...(state.mine ? { isMine: true } : {}),
    ...(state.cursor ? { cursor: state.cursor } : {}),
  };
  const list = useQuery({ ...trpc.refunds.list.queryOptions(input), placeholderData: (previous) => previous });
  const refetch = useThrottled(() => void queryClient.invalidateQueries({ queryKey: trpc.refunds.list.queryKey() }), 1000);
  usePaymentChanges((change) => {
    if (change.kind === 'refund' || change.kind === 'status') refetch();
  });
  const hasFilters = Boolean(state.state || state.reference || state.mine);

  return (
    <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: 'minmax(0, 1fr)' }}>
      <Box
        component="form"
        role="search"
        aria-label="Filter refunds"
        onSubmit={(event) => {
          event.preventDefault();
          setState({ reference: reference.trim() || undefined, cursor: undefined });
        }}
        sx={{ display: 'flex', flexWrap: 'wrap', gap: 1.5, alignItems: 'center' }}
      >
        <TextField select size="small" label="State" value={state.state ?? ''} onChange={(e) => setState({ state: e.target.value || undefined, cursor: undefined })} sx={{ minWidth: 200 }} slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}>
          <MenuItem value="">
            <em>Any state</em>
          </MenuItem>
          {REFUND_STATES.map((s) => (
            <MenuItem key={s} value={s}>
              {REFUND_STATE_LABELS[s]}
            </MenuItem>
          ))}
        </TextField>
        <TextField size="small" label="Merchant reference" value={reference} onChange={(e) => setReference(e.target.value)} />
        <Button type="submit" variant="outlined">
          Find
        </Button>
        <FormControlLabel control={<Switch checked={state.mine === '1'} onChange={(e) => setState({ mine: e.target.checked ? '1' : undefined, cursor: undefined })} />} label="Requested by me" />
        {hasFilters && (
          <Button
            onClick={() => {
              setReference('');
              setState({ state: undefined, reference: undefined, mine: undefined, cursor: undefined });
            }}
          >
            Clear all
          </Button>
        )}
      </Box>
      {list.isPending ? (
        <LoadingState label="Loading refunds" rows={6} />
      ) : list.isError ? (
        <ErrorState title="Could not load refunds." error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.rows.length === 0 ? (
        <EmptyState title={hasFilters ? 'No refunds match these filters' : 'No refunds yet'} />
      ) : (
        <>
          <Paper variant="outlined" sx={{ overflowX: 'auto' }}>
            <Table size="small" aria-label="Refunds">
              <TableHead>
                <TableRow>
                  <TableCell>Requested ({zone})</TableCell>
                  <TableCell>Merchant reference</TableCell>
                  <TableCell align="right">Amount</TableCell>
                  <TableCell>Customer</TableCell>
                  <TableCell>State</TableCell>
                  <TableCell>Requested by</TableCell>
                  <TableCell>Why</TableCell>
                  <TableCell>Kasha answered</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {list.data.rows.map((row) => (
                  <TableRow key={row.id}>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(row.createdAt, zone)}</TableCell>
                    <TableCell>
                      <Link component={RouterLink} to={`/payments/${row.paymentId}`} sx={{ fontFamily: 'monospace', fontSize: 13 }}>
                        {row.merchantReference}
                      </Link>
                    </TableCell>
                    <TableCell align="right" sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                      {formatMoney(row.amountMinor, row.currency)}
                    </TableCell>
                    <TableCell>{row.customerName ?? '—'}</TableCell>
                    <TableCell>
                      <RefundStateChip state={row.state} />
                    </TableCell>
                    <TableCell>
                      {row.requestedBy} ({roleLabel(row.requestedRole)})
                    </TableCell>
                    <TableCell sx={{ maxWidth: 280 }}>{row.reason}</TableCell>
                    <TableCell sx={{ maxWidth: 280 }}>{kashaText(row)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Paper>
          <Box sx={{ display: 'flex', gap: 1 }}>
            <Button disabled={!state.cursor} onClick={() => setState({ cursor: undefined })}>
              First page
            </Button>
            <Button disabled={!list.data.nextCursor} onClick={() => setState({ cursor: list.data.nextCursor ?? undefined })}>
              Next page
            </Button>
          </Box>
        </>
      )}
    </Box>
  );
}
