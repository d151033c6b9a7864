import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { PAYOUT_DECISION_LABELS, isPayoutDecisionState } from '@paydesk/domain';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '../../app/trpc.ts';
import { CurrencyTotals } from '../../shared/currency-totals.tsx';
import { countFormat, formatMoney } from '../../shared/format.ts';
import { ErrorState, LoadingState } from '../../shared/page-states.tsx';
import type { PayoutAction, PayoutDecisionResult, PayoutQueueFilter } from './types.ts';

export interface DecisionRequest {
  action: PayoutAction;
  /** The selected payouts, or the queue's filter for "all matching". */
  ids?: string[];
  matching?: PayoutQueueFilter;
}

const VERB: Record<PayoutAction, { title: string; button: string; done: string }> = {
  APPROVE: { title: 'Approve payouts', button: 'Approve', done: 'approved' },
  DECLINE: { title: 'Decline payouts', button: 'Decline', done: 'declined' },
};

function resultLabel(result: PayoutDecisionResult['results'][number]): string {
  if (!result.ok) return result.message;
  if (!result.isSent) return `Approval recorded (${result.approvals} of ${result.requiredApprovals}); it needs another finance user.`;
  return isPayoutDecisionState(result.state) ? PAYOUT_DECISION_LABELS[result.state] : result.state;
}

/**
 * The confirmation before money moves: what the decision covers (count, total per
 * currency, anything that will be skipped), a reason, one button that sends it once, then
 * a result per payout.
 */
export function DecisionDialog({ request, onClose }: { request: DecisionRequest | null; onClose: (summary?: string) => void }) {
  const trpc = useTRPC();
  const [reason, setReason] = useState('');
  const action = request?.action ?? 'APPROVE';
  const previewInput = request?.ids ? { action, ids: request.ids } : { action, matching: request?.matching ?? {} };
  const preview = useQuery({ ...trpc.payouts.preview.queryOptions(previewInput), enabled: request !== null, staleTime: 0, gcTime: 0 });
  const decide = useMutation(trpc.payouts.decide.mutationOptions());
  const needsReason = action === 'DECLINE';
  const isReasonMissing = needsReason && reason.trim().length < 3;

  const close = () => {
    const result = decide.data;
    setReason('');
    decide.reset();
    onClose(
      result
        ? `${countFormat.format(result.sent)} ${VERB[action].done} and sent to Kasha` +
            (result.awaitingSecond > 0 ? `, ${countFormat.format(result.awaitingSecond)} waiting for a second approval` : '') +
            (result.refused > 0 ? `, ${countFormat.format(result.refused)} refused` : '')
        : undefined,
    );
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    // The button is disabled while sending and gone afterwards: one click, one decision.
    if (!preview.data || preview.data.count === 0 || isReasonMissing || decide.isPending || decide.isSuccess) return;
    decide.mutate({ ids: preview.data.ids, action, ...(reason.trim() ? { reason: reason.trim() } : {}) });
  };
  const references = new Map(preview.data?.ready.map((item) => [item.id, item]) ?? []);

  return (
    <Dialog open={request !== null} onClose={() => (decide.isPending ? undefined : close())} aria-labelledby="decision-title" fullWidth maxWidth="md">
      <Box component="form" onSubmit={onSubmit} noValidate>
        <DialogTitle id="decision-title">{VERB[action].title}</DialogTitle>
        <DialogContent sx={{ display: 'grid', gap: 2 }}>
          {preview.isPending ? (
            <LoadingState label="Checking the selected payouts" rows={3} />
          ) : preview.isError ? (
            <ErrorState title="Could not check the selected payouts." error={preview.error} onRetry={() => void preview.refetch()} />
          ) : decide.data ? (
            <>
              <Alert severity={decide.data.refused > 0 ? 'warning' : 'success'}>
                {countFormat.format(decide.data.sent)} {VERB[action].done} and queued for Kasha
                {decide.data.awaitingSecond > 0 && `, ${countFormat.format(decide.data.awaitingSecond)} waiting for a second approval`}
                {decide.data.refused > 0 && `, ${countFormat.format(decide.data.refused)} refused`}.
              </Alert>
              <Table size="small" aria-label="Result per payout">
                <TableHead>
                  <TableRow>
                    <TableCell>Payout</TableCell>
                    <TableCell align="right">Amount</TableCell>
                    <TableCell>Result</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {decide.data.results.map((result) => {
                    const item = references.get(result.id);
                    return (
                      <TableRow key={result.id}>
                        <TableCell sx={{ fontFamily: 'monospace', fontSize: 13 }}>{item?.merchantReference ?? result.id}</TableCell>
                        <TableCell align="right">{item ? formatMoney(item.amountMinor, item.currency) : '—'}</TableCell>
                        <TableCell>
                          <Chip size="small" variant="outlined" color={result.ok ? 'success' : 'error'} label={result.ok ? 'Done' : 'Refused'} sx={{ mr: 1 }} />
                          {resultLabel(result)}
                        </TableCell>
                      </TableRow>
                    );
                  })}
                </TableBody>
              </Table>
            </>
          ) : (
            <>
              <DialogContentText component="div">
                <Typography component="p" variant="h6" sx={{ color: 'text.primary' }}>
                  {VERB[action].button} {countFormat.format(preview.data.count)} {preview.data.count === 1 ? 'payout' : 'payouts'}
                </Typography>
                <CurrencyTotals totals={preview.data.totals} label="Total per currency" />
                {action === 'APPROVE' && preview.data.sendsNow < preview.data.count && (
                  <Typography sx={{ mt: 1 }}>
                    {countFormat.format(preview.data.count - preview.data.sendsNow)} of them need two approvals: yours is recorded and a second finance
                    user must approve before anything is sent.
                  </Typography>
                )}
                <Typography sx={{ mt: 1 }}>
                  {action === 'APPROVE'
                    ? 'Approved payouts are sent to Kasha, which pays them out. This cannot be taken back once Kasha has processed them.'
                    : 'Declined payouts are not paid; Kasha marks them declined.'}
                </Typography>
              </DialogContentText>
              {preview.data.skipped.length > 0 && (
                <Alert severity="info">
                  {countFormat.format(preview.data.skipped.length)} selected {preview.data.skipped.length === 1 ? 'payout is' : 'payouts are'} left out:
                  <Box component="ul" sx={{ m: 0, pl: 2 }}>
                    {preview.data.skipped.slice(0, 10).map((item) => (
                      <li key={item.id}>
                        {item.merchantReference ?? item.id}: {item.problem}
                      </li>
                    ))}
                  </Box>
                </Alert>
              )}
              {decide.isError && <Alert severity="error">{decide.error.message}</Alert>}
              <TextField
                label={needsReason ? 'Reason for declining' : 'Note (optional)'}
                required={needsReason}
                multiline
                minRows={2}
                value={reason}
                onChange={(event) => setReason(event.target.value)}
                error={needsReason && reason.length > 0 && isReasonMissing}
                helperText={needsReason ? 'Kept in the audit log and shown in the history, e.g. “Beneficiary name does not match the account”.' : 'Kept in the audit log.'}
              />
            </>
          )}
        </DialogContent>
        <DialogActions>
          {decide.data ? (
            <Button variant="contained" onClick={close}>
              Close
            </Button>
          ) : (
            <>
              <Button onClick={close} disabled={decide.isPending}>
                Cancel
              </Button>
              <Button
                type="submit"
                variant="contained"
                color={action === 'DECLINE' ? 'error' : 'primary'}
                disabled={!preview.data || preview.data.count === 0 || isReasonMissing}
                loading={decide.isPending}
              >
                {VERB[action].button} {preview.data ? countFormat.format(preview.data.count) : ''}
              </Button>
            </>
          )}
        </DialogActions>
      </Box>
    </Dialog>
  );
}
