import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { isRefundState, methodName, providerName, REFUND_STATE_MEANINGS } from '@paydesk/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link as RouterLink } from 'react-router';
import { z } from 'zod';
import { useBusinessTimeZone } from '../../app/business-time-zone.ts';
import { useTRPC } from '../../app/trpc.ts';
import { formatDateTime, formatMoney } from '../../shared/format.ts';
import { usePaymentChanges } from '../../shared/live.ts';
import { ErrorState, LoadingState } from '../../shared/page-states.tsx';
import { useUrlState } from '../../shared/url-state.ts';
import { useNotify } from '../payments/shared/notify.tsx';
import { StatusChip } from '../payments/shared/status-chip.tsx';
import { RefundStateChip } from './refund-state-chip.tsx';
import type { RefundCheck } from './types.ts';

const pageUrlSchema = z.object({ reference: z.string().trim().max(255).optional() });
const MIN_REASON = 5;

/** A refund by merchant reference: find the payment, see whether it can be refunded, confirm once. */
export function RefundPage() {
  const [state, setState] = useUrlState(pageUrlSchema);
  const [draft, setDraft] = useState(state.reference ?? '');
  return (
    <Box sx={{ display: 'grid', gap: 3, maxWidth: 900 }}>
      <Box
        component="form"
        role="search"
        aria-label="Find the payment to refund"
        onSubmit={(event) => {
          event.preventDefault();
          setState({ reference: draft.trim() || undefined });
        }}
        sx={{ display: 'flex', gap: 1.5, alignItems: 'flex-start', flexWrap: 'wrap' }}
      >
        <TextField
          label="Merchant reference"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          helperText="The order reference the customer or the merchant quotes."
          sx={{ minWidth: 360 }}
        />
        <Button type="submit" variant="contained" sx={{ mt: 1 }}>
          Look up
        </Button>
      </Box>
      {state.reference ? <RefundCheckView key={state.reference} reference={state.reference} /> : null}
    </Box>
  );
}

function RefundCheckView({ reference }: { reference: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const check = useQuery(trpc.refunds.check.queryOptions({ reference }));
  const paymentId = check.data?.payment?.id;
  // The refund's progress (sent, refunded, unknown) shows here as it happens.
  usePaymentChanges(() => void queryClient.invalidateQueries({ queryKey: trpc.refunds.check.queryKey({ reference }) }), {
    ...(paymentId ? { paymentId } : {}),
    enabled: paymentId !== undefined,
  });
  if (check.isPending) return <LoadingState label="Looking the reference up" rows={4} />;
  if (check.isError) return <ErrorState title="Could not look the reference up." error={check.error} onRetry={() => void check.refetch()} />;
  return <RefundCheckResult data={check.data} reference={reference} />;
}

function RefundCheckResult({ data, reference }: { data: RefundCheck; reference: string }) {
  const { payment, refund, verdict } = data;
  if (!payment) {
    return (
      <Alert severity="warning">
        <AlertTitle>{verdict.message}</AlertTitle>
        {verdict.advice}
      </Alert>
    );
  }
  return (
    <>
      <PaymentSummary payment={payment} />
      {data.others.length > 0 && (
        <Alert severity="info">
          {data.others.length === 1 ? 'Another payment' : `${data.others.length} other payments`} carry this reference too (
          {data.others.map((other) => (providerName(other.provider))).join(', ')}). Refunds by reference go
          through Kasha.
        </Alert>
      )}
      {refund ? (
        <Alert severity={refund.state === 'succeeded' ? 'success' : refund.state === 'failed' ? 'error' : refund.state === 'unknown' ? 'warning' : 'info'} role="status">
          <AlertTitle sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
            Refund <RefundStateChip state={refund.state} />
          </AlertTitle>
          {isRefundState(refund.state) ? REFUND_STATE_MEANINGS[refund.state] : null} Reason given: “{refund.reason}”.{' '}
          <Link component={RouterLink} to={`/refunds?reference=${encodeURIComponent(reference)}`}>
            See it in the refunds list
          </Link>{' '}
          ·{' '}
          <Link component={RouterLink} to={`/payments/${payment.id}`}>
            See it on the payment’s timeline
          </Link>
        </Alert>
      ) : verdict.canRefund ? (
        <RefundForm payment={payment} reference={reference} />
      ) : (
        <Alert severity={verdict.code === 'NO_REFUND_API' || verdict.code === 'ABOVE_LIMIT' ? 'info' : 'warning'}>
          <AlertTitle>{verdict.message}</AlertTitle>
          {verdict.advice}
        </Alert>
      )}
    </>
  );
}

function PaymentSummary({ payment }: { payment: NonNullable<RefundCheck['payment']> }) {
  const zone = useBusinessTimeZone();
  const provider = providerName(payment.provider);
  const method = methodName(payment.method);
  const facts: Array<[string, string]> = [
    ['Customer', [payment.customerName, payment.customerEmail].filter(Boolean).join(' · ') || '—'],
    ['Provider', `${provider} · ${method} · ${payment.direction === 'payin' ? 'pay-in' : 'payout'}`],
    ['Provider id', payment.providerPaymentId],
    [`Created (${zone})`, formatDateTime(payment.createdAt, zone)],
    [`Completed (${zone})`, payment.completedAt ? formatDateTime(payment.completedAt, zone) : '—'],
  ];
  return (
    <Paper variant="outlined" sx={{ p: 2, display: 'grid', gap: 1.5 }} component="section" aria-label="The payment to refund">
      <Typography variant="h5" component="h2" sx={{ display: 'flex', gap: 1.5, alignItems: 'center', flexWrap: 'wrap' }}>
        {formatMoney(payment.amountMinor, payment.currency)}
        <StatusChip status={payment.status} />
      </Typography>
      <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, m: 0 }}>
        {facts.map(([term, value]) => (
          <Box key={term} sx={{ display: 'contents' }}>
            <Typography component="dt" color="text.secondary">
              {term}
            </Typography>
            <Typography component="dd" sx={{ m: 0, wordBreak: 'break-word' }}>
              {value}
            </Typography>
          </Box>
        ))}
      </Box>
      <Link component={RouterLink} to={`/payments/${payment.id}`}>
        Open the payment and its timeline
      </Link>
    </Paper>
  );
}

function RefundForm({ payment, reference }: { payment: NonNullable<RefundCheck['payment']>; reference: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [isConfirming, setConfirming] = useState(false);
  const [notice, notify] = useNotify();
  const amount = formatMoney(payment.amountMinor, payment.currency);
  const request = useMutation(
    trpc.refunds.request.mutationOptions({
      onSuccess: () => {
        setConfirming(false);
        notify(`Refund of ${amount} requested; Kasha is asked within seconds.`);
      },
      onError: (error) => notify(error.message, 'error'),
      // Success or refusal, the page now shows the refund that exists: never the button again.
      onSettled: () => void queryClient.invalidateQueries({ queryKey: trpc.refunds.check.queryKey({ reference }) }),
    }),
  );
  const isReasonShort = reason.trim().length < MIN_REASON;
  const onConfirm = (event: FormEvent) => {
    event.preventDefault();
    if (request.isPending || request.isSuccess || isReasonShort) return;
    request.mutate({ reference, reason: reason.trim() });
  };
  return (
    <Paper variant="outlined" sx={{ p: 2, display: 'grid', gap: 2 }} component="section" aria-label="Refund this payment">
      <Alert severity="success">This payment can be refunded.</Alert>
      <TextField
        label="Why is the money going back?"
        required
        multiline
        minRows={2}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        error={reason.length > 0 && isReasonShort}
        helperText="Kept with the refund and in the audit log, e.g. “Order cancelled before shipping, case 5521”."
      />
      <Box>
        <Button variant="contained" color="error" disabled={isReasonShort || request.isSuccess} onClick={() => setConfirming(true)}>
          Refund {amount}…
        </Button>
      </Box>
      <Dialog open={isConfirming} onClose={() => (request.isPending ? undefined : setConfirming(false))} aria-labelledby="refund-confirm-title" maxWidth="sm" fullWidth>
        <Box component="form" onSubmit={onConfirm} noValidate>
          <DialogTitle id="refund-confirm-title">
            Refund {amount} to {payment.customerName ?? 'the customer'}?
          </DialogTitle>
          <DialogContent sx={{ display: 'grid', gap: 1.5 }}>
            <DialogContentText>
              Kasha returns {amount} to the payment method {payment.customerName ?? 'the customer'} paid with (reference {reference}).
            </DialogContentText>
            <DialogContentText sx={{ fontWeight: 600, color: 'text.primary' }}>A refund cannot be undone.</DialogContentText>
            <DialogContentText>Reason: “{reason.trim()}”</DialogContentText>
            {request.isError && <Alert severity="error">{request.error.message}</Alert>}
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setConfirming(false)} disabled={request.isPending}>
              Cancel
            </Button>
            <Button type="submit" variant="contained" color="error" loading={request.isPending} disabled={request.isSuccess}>
              Refund {amount}
            </Button>
          </DialogActions>
        </Box>
      </Dialog>
      {notice}
    </Paper>
  );
}
