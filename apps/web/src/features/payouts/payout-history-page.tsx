import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
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
import { isPayoutDecisionState, PAYOUT_DECISION_LABELS, PAYOUT_DECISION_STATES } from '@paydesk/domain';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link as RouterLink } from 'react-router';
import { z } from 'zod';
import { useBusinessTimeZone } from '../../app/business-time-zone.ts';
import { useTRPC } from '../../app/trpc.ts';
import { formatDateTime, formatMoney } from '../../shared/format.ts';
import { usePaymentChanges } from '../../shared/live.ts';
import { EmptyState, ErrorState, LoadingState } from '../../shared/page-states.tsx';
import { useUrlState } from '../../shared/url-state.ts';
import { useThrottled } from '../payments/shared/throttled.ts';
import type { PayoutHistoryRow } from './types.ts';

const historyUrlSchema = z.object({
  action: z.enum(['APPROVE', 'DECLINE']).optional(),
  state: z.enum(PAYOUT_DECISION_STATES).optional(),
  mine: z.literal('1').optional(),
  cursor: z.string().max(500).optional(),
});

// Primary rather than info blue: MUI's info text fails WCAG AA contrast on white.
const stateColor: Record<string, 'default' | 'success' | 'error' | 'primary'> = {
  approving: 'primary',
  declining: 'primary',
  processing: 'primary',
  completed: 'success',
  declined: 'default',
  failed: 'error',
};

/**
 * The decision and where it stands, without saying the same word twice: a declined payout's
 * state is already "Declined", while "Paid out" or "Failed" need the approval in front.
 */
function decisionText(row: PayoutHistoryRow): string {
  const decided = row.action === 'APPROVE' ? 'Approved' : 'Declined';
  const stateLabel = isPayoutDecisionState(row.state) ? PAYOUT_DECISION_LABELS[row.state] : row.state;
  return stateLabel.startsWith(decided) ? stateLabel : `${decided} · ${stateLabel}`;
}

/** Kasha's answer in one line: its status and message, or why the call failed. */
function kashaAnswerText(row: PayoutHistoryRow): string {
  if (row.delivery === 'pending' || row.delivery === 'in_flight') return 'Being sent to Kasha…';
  if (row.delivery === 'unknown') return `Outcome unknown, checking with Kasha${row.deliveryError ? ` (${row.deliveryError})` : ''}`;
  const answer = row.kashaAnswer as Record<string, unknown> | null;
  if (!answer) return '—';
  const source = (answer['lookup'] ?? answer['refusal'] ?? answer) as Record<string, unknown>;
  const status = typeof source['status'] === 'string' ? source['status'] : null;
  const message = [source['result'], source['errorReason'], answer['error']].find((value): value is string => typeof value === 'string');
  const via = answer['lookup'] ? ' (looked up)' : answer['refusal'] ? ' (refused)' : '';
  return [status, message].filter(Boolean).join(': ') + via || '—';
}

/** Decided payouts: who decided, when, why, and what Kasha answered. */
export function PayoutHistoryPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const zone = useBusinessTimeZone();
  const [state, setState] = useUrlState(historyUrlSchema);
  const input = {
    ...(state.action ? { action: state.action } : {}),
    ...(state.state ? { state: state.state } : {}),
    ...(state.mine ? { isMine: true } : {}),
    ...(state.cursor ? { cursor: state.cursor } : {}),
  };
  const history = useQuery({ ...trpc.payouts.history.queryOptions(input), placeholderData: (previous) => previous });
  const refetch = useThrottled(() => void queryClient.invalidateQueries({ queryKey: trpc.payouts.history.queryKey() }), 2000);
  usePaymentChanges((change) => {
    if (change.direction === 'payout') refetch();
  });
  const hasFilters = Boolean(state.action || state.state || state.mine);

  return (
    <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: 'minmax(0, 1fr)' }}>
      <Box role="search" aria-label="Filter the decided payouts" sx={{ display: 'flex', flexWrap: 'wrap', gap: 1.5, alignItems: 'center' }}>
        <TextField select size="small" label="Decision" value={state.action ?? ''} onChange={(e) => setState({ action: e.target.value || undefined, cursor: undefined })} sx={{ minWidth: 150 }} slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}>
          <MenuItem value="">
            <em>Approved or declined</em>
          </MenuItem>
          <MenuItem value="APPROVE">Approved</MenuItem>
          <MenuItem value="DECLINE">Declined</MenuItem>
        </TextField>
        <TextField select size="small" label="State" value={state.state ?? ''} onChange={(e) => setState({ state: e.target.value || undefined, cursor: undefined })} sx={{ minWidth: 200 }} slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}>
          <MenuItem value="">
            <em>Any state</em>
          </MenuItem>
          {PAYOUT_DECISION_STATES.filter((s) => s !== 'awaiting_approval').map((s) => (
            <MenuItem key={s} value={s}>
              {PAYOUT_DECISION_LABELS[s]}
            </MenuItem>
          ))}
        </TextField>
        <FormControlLabel control={<Switch checked={state.mine === '1'} onChange={(e) => setState({ mine: e.target.checked ? '1' : undefined, cursor: undefined })} />} label="Decided by me" />
      </Box>
      {history.isPending ? (
        <LoadingState label="Loading decided payouts" rows={6} />
      ) : history.isError ? (
        <ErrorState title="Could not load decided payouts." error={history.error} onRetry={() => void history.refetch()} />
      ) : history.data.rows.length === 0 ? (
        <EmptyState title={hasFilters ? 'No decided payouts match these filters' : 'No payout has been decided yet'} />
      ) : (
        <>
          <Paper variant="outlined" sx={{ overflowX: 'auto' }}>
            <Table size="small" aria-label="Decided payouts">
              <TableHead>
                <TableRow>
                  <TableCell>Decided ({zone})</TableCell>
                  <TableCell>Decision</TableCell>
                  <TableCell align="right">Amount</TableCell>
                  <TableCell>Beneficiary</TableCell>
                  <TableCell>Merchant reference</TableCell>
                  <TableCell>Who</TableCell>
                  <TableCell>Why</TableCell>
                  <TableCell>Kasha answered</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {history.data.rows.map((row) => (
                  <TableRow key={row.id}>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(row.decidedAt, zone)}</TableCell>
                    <TableCell>
                      <Chip size="small" variant="outlined" color={stateColor[row.state] ?? 'default'} label={decisionText(row)} />
                    </TableCell>
                    <TableCell align="right" sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                      {formatMoney(row.amountMinor, row.currency)}
                    </TableCell>
                    <TableCell>{row.beneficiary ?? '—'}</TableCell>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>
                      <Link component={RouterLink} to={`/payments/${row.id}`} sx={{ fontFamily: 'monospace', fontSize: 13 }}>
                        {row.merchantReference ?? row.id}
                      </Link>
                    </TableCell>
                    <TableCell>
                      {row.action === 'APPROVE' ? (row.approvals.map((a) => a.name).join(' and ') || row.decidedBy || '—') : (row.decidedBy ?? '—')}
                    </TableCell>
                    <TableCell sx={{ maxWidth: 260 }}>{row.declineReason ?? '—'}</TableCell>
                    <TableCell sx={{ maxWidth: 320 }}>{kashaAnswerText(row)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Paper>
          <Box sx={{ display: 'flex', gap: 1 }}>
            <Button disabled={!state.cursor} onClick={() => setState({ cursor: undefined })}>
              First page
            </Button>
            <Button disabled={!history.data.nextCursor} onClick={() => setState({ cursor: history.data.nextCursor ?? undefined })}>
              Next page
            </Button>
          </Box>
        </>
      )}
    </Box>
  );
}
