import LinkIcon from '@mui/icons-material/Link';
import RefreshIcon from '@mui/icons-material/Refresh';
import Accordion from '@mui/material/Accordion';
import AccordionDetails from '@mui/material/AccordionDetails';
import AccordionSummary from '@mui/material/AccordionSummary';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Breadcrumbs from '@mui/material/Breadcrumbs';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import {
  FAILURE_CATEGORY_LABELS,
  isFailureCategory,
  methodName,
  providerName,
} from '@paydesk/domain';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link as RouterLink, useParams } from 'react-router';
import { useBusinessTimeZone } from '../../../app/business-time-zone.ts';
import { useCan } from '../../../app/session.tsx';
import { useTRPC } from '../../../app/trpc.ts';
import { formatDateTime, formatMoney, formatRelative } from '../../../shared/format.ts';
import { usePaymentChanges } from '../../../shared/live.ts';
import { ErrorState, LoadingState } from '../../../shared/page-states.tsx';
import { ProviderCode } from '../../../shared/provider-code.tsx';
import { CopyButton } from '../shared/copy-button.tsx';
import { formatDuration } from '../shared/format-duration.ts';
import { useNotify } from '../shared/notify.tsx';
import { ResolveDialog } from '../shared/resolve-dialog.tsx';
import { StatusChip } from '../shared/status-chip.tsx';
import type { PaymentDetail } from '../shared/types.ts';
import { JourneyView } from './journey-view.tsx';
import { TimelineTable } from './timeline-table.tsx';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// What each provider calls the ids we keep in provider_payment_id and provider_reference.
const REFERENCE_NAMES: Readonly<Record<string, { payment: string; reference: string }>> = {
  kashimi: { payment: 'Kashimi payment id', reference: 'End-to-end id' },
  klavi: { payment: 'Klavi id', reference: 'clientRequestId' },
  kasha: { payment: 'Kasha transactionId', reference: 'Kasha sessionId' },
};

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box>
      <Typography variant="caption" color="text.secondary" component="dt">
        {label}
      </Typography>
      <Typography variant="body2" component="dd" sx={{ m: 0, wordBreak: 'break-word' }}>
        {children ?? '—'}
      </Typography>
    </Box>
  );
}

function Moment({ value, now, zone }: { value: string | null; now: Date; zone: string }) {
  if (!value) return <>—</>;
  return (
    <>
      {formatDateTime(value, zone)} <Typography component="span" variant="caption" color="text.secondary">({formatRelative(value, now)})</Typography>
    </>
  );
}

/** An address that names no payment: said in the payment's terms, with the way back to search. */
function PaymentNotFound({ id }: { id: string }) {
  return (
    <>
      <Typography variant="h4" component="h1" gutterBottom>
        Payment not found
      </Typography>
      <Typography sx={{ mb: 2 }}>
        {UUID.test(id) ? (
          <>
            No payment has the id <code>{id}</code>. The link may be out of date, or it belongs to another Paydesk.
          </>
        ) : (
          <>
            <code>{id}</code> is not a payment id. To find a payment by a reference, an email or a name, search for it.
          </>
        )}
      </Typography>
      <Button component={RouterLink} to="/payments" variant="contained">
        Search payments
      </Button>
    </>
  );
}

export function PaymentDetailPage() {
  const { id = '' } = useParams();
  if (!UUID.test(id)) return <PaymentNotFound id={id} />;
  return <PaymentDetailView key={id} id={id} />;
}

function PaymentDetailView({ id }: { id: string }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.payments.detail.queryOptions({ id }));
  const [announcement, setAnnouncement] = useState('');
  // Live: the page refetches when the payment changes, and says so for screen readers.
  usePaymentChanges(
    (change) => {
      void detail.refetch();
      setAnnouncement(`Payment updated: status ${change.status.toLowerCase()}.`);
    },
    { paymentId: id },
  );

  if (detail.isPending) return <LoadingState label="Loading the payment" rows={8} />;
  if (detail.isError) {
    if (detail.error.data?.code === 'NOT_FOUND') return <PaymentNotFound id={id} />;
    return <ErrorState title="Could not load the payment." error={detail.error} onRetry={() => void detail.refetch()} />;
  }
  return (
    <>
      <Box role="status" aria-live="polite" sx={{ position: 'absolute', width: '1px', height: '1px', overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
        {announcement}
      </Box>
      <PaymentDetailContent data={detail.data} isRefreshing={detail.isFetching} />
    </>
  );
}

function PaymentDetailContent({ data, isRefreshing }: { data: PaymentDetail; isRefreshing: boolean }) {
  const trpc = useTRPC();
  const zone = useBusinessTimeZone();
  const canRecheck = useCan('payments.recheck');
  const canRefund = useCan('refunds.request');
  const canResolve = useCan('payments.resolveManually');
  const canSeePayloads = useCan('payments.readRawPayload');
  const [notice, notify] = useNotify();
  const [isResolving, setResolving] = useState(false);
  const { payment } = data;
  const now = new Date(data.now);
  const names = REFERENCE_NAMES[payment.provider] ?? { payment: 'Provider payment id', reference: 'Provider reference' };
  const providerLabel = providerName(payment.provider);
  const methodLabel = methodName(payment.method);
  const title = payment.merchantReference ?? payment.providerPaymentId;

  const recheck = useMutation(
    trpc.payments.recheck.mutationOptions({
      onSuccess: () => notify(`Re-check requested. ${providerLabel}’s answer will appear here by itself.`),
      onError: (error) => notify(error.message, 'error'),
    }),
  );
  const copyLink = async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      notify('Link copied');
    } catch {
      notify('Could not copy the link; copy it from the address bar.', 'error');
    }
  };

  const references: Array<[string, string | null]> = [
    ['Paydesk id', payment.id],
    [names.payment, payment.providerPaymentId],
    [names.reference, payment.providerReference],
    ['Merchant reference', payment.merchantReference],
    ['Payment reference', payment.paymentReference],
  ];
  const uncertainReasons = data.uncertainty.map((u) => u.reason);

  return (
    // minmax(0, 1fr): a wide table scrolls inside its own box instead of widening the page.
    <Box sx={{ display: 'grid', gap: 3, gridTemplateColumns: 'minmax(0, 1fr)' }}>
      <Breadcrumbs aria-label="Breadcrumb">
        <Link component={RouterLink} to="/payments">
          Payments
        </Link>
        <Typography color="text.primary">{title}</Typography>
      </Breadcrumbs>

      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, alignItems: 'flex-start', justifyContent: 'space-between' }}>
        <Box>
          <Typography variant="h4" component="h1" sx={{ display: 'flex', gap: 1.5, alignItems: 'center', flexWrap: 'wrap' }}>
            {formatMoney(payment.amountMinor, payment.currency)}
            <StatusChip status={payment.status} size="medium" />
            {payment.isManuallyResolved && <Chip size="small" label="Resolved by hand" />}
          </Typography>
          <Typography variant="body1" color="text.secondary">
            {payment.direction === 'payout' ? 'Payout' : 'Pay-in'} via {providerLabel} · {methodLabel} · {title}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {data.statusMeaning}
          </Typography>
        </Box>
        <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1 }}>
          {canRecheck && (
            <Button variant="outlined" startIcon={<RefreshIcon />} onClick={() => recheck.mutate({ id: payment.id })} loading={recheck.isPending}>
              Re-check with {providerLabel}
            </Button>
          )}
          {canRefund && data.isRefundable && payment.merchantReference && (
            <Button variant="outlined" component={RouterLink} to={`/refunds/new?reference=${encodeURIComponent(payment.merchantReference)}`}>
              Refund
            </Button>
          )}
          {canResolve && data.isResolvable && (
            <Button variant="outlined" onClick={() => setResolving(true)}>
              Resolve by hand
            </Button>
          )}
          <Button startIcon={<LinkIcon />} onClick={() => void copyLink()}>
            Copy link
          </Button>
        </Box>
      </Box>

      {recheck.isSuccess && (
        <Alert severity="info" onClose={() => recheck.reset()}>
          Re-check requested at {formatDateTime(recheck.data.requestedAt, zone)}. The status poller asks {providerLabel} next; the result shows here when
          it lands.
        </Alert>
      )}
      {(uncertainReasons.includes('unknown') || uncertainReasons.includes('kasha_1100')) && (
        <Alert severity="warning">
          <AlertTitle>{uncertainReasons.includes('kasha_1100') ? 'Kasha 1100: outcome not confirmed' : 'Outcome unknown — this is not a failure'}</AlertTitle>
          {data.statusMeaning}{' '}
          {uncertainReasons.includes('kasha_1100')
            ? 'Do not retry the payment. Look the status up or confirm with Kasha support, then record the outcome.'
            : `We keep asking ${providerLabel} automatically.`}{' '}
          Last check: {payment.lastCheckedAt ? formatDateTime(payment.lastCheckedAt, zone) : 'not yet'}; next check:{' '}
          {payment.nextCheckAt ? formatDateTime(payment.nextCheckAt, zone) : 'not scheduled'}; {payment.checkAttempts} checks so far.
        </Alert>
      )}
      {data.step?.isStuck && (
        <Alert severity="warning">
          <AlertTitle>Stuck in “{data.step.label}”</AlertTitle>
          In this step for {formatDuration(now.getTime() - new Date(data.step.since).getTime())}
          {data.step.usualMaxMs !== null ? `; it usually takes less than ${formatDuration(data.step.usualMaxMs)}` : ''}. {data.step.basis}
        </Alert>
      )}
      {uncertainReasons.includes('partially_accepted') && (
        <Alert severity="info">Waiting for more approvers at the customer’s bank. Klavi allows up to 24 hours for this.</Alert>
      )}
      {payment.manualResolution && (
        <Alert severity="info">
          <AlertTitle>Outcome recorded by {payment.manualResolution.by}</AlertTitle>
          {payment.manualResolution.outcome === 'COMPLETED' ? 'Completed' : 'Failed'} on {formatDateTime(payment.manualResolution.at, zone)}: “
          {payment.manualResolution.reason}”. A later final status from {providerLabel} replaces it.
        </Alert>
      )}

      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: 'minmax(0, 1fr)', lg: 'repeat(3, minmax(0, 1fr))' } }}>
        <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-labelledby="summary-title">
          <Typography id="summary-title" variant="h6" component="h2" gutterBottom>
            Summary
          </Typography>
          <Box component="dl" sx={{ display: 'grid', gap: 1, gridTemplateColumns: '1fr 1fr', m: 0 }}>
            <Field label="Amount">{formatMoney(payment.amountMinor, payment.currency)}</Field>
            <Field label="Provider">{providerLabel}</Field>
            <Field label="Method">{methodLabel}</Field>
            <Field label="Bank / institution">{payment.bankName ?? payment.bankId}</Field>
            <Field label="Country">{payment.country}</Field>
            <Field label="Status">{payment.status}</Field>
            <Field label={`${providerLabel} status`}>
              <ProviderCode code={payment.providerStatus} />
            </Field>
            {payment.detailedStatus && (
              <Field label="Detailed status">
                <ProviderCode code={payment.detailedStatus} />
              </Field>
            )}
            {payment.failureCategory && (
              <Field label="Failure">
                {isFailureCategory(payment.failureCategory) ? FAILURE_CATEGORY_LABELS[payment.failureCategory] : payment.failureCategory}
                {payment.failureCodes.map((code) => (
                  <Box key={code}>
                    <ProviderCode code={code} />
                  </Box>
                ))}
              </Field>
            )}
            <Field label={`Created (${zone})`}>
              <Moment value={payment.createdAt} now={now} zone={zone} />
            </Field>
            <Field label={`Last update (${zone})`}>
              <Moment value={payment.updatedAt} now={now} zone={zone} />
            </Field>
          </Box>
        </Paper>
        <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-labelledby="references-title">
          <Typography id="references-title" variant="h6" component="h2" gutterBottom>
            References
          </Typography>
          <Box component="dl" sx={{ display: 'grid', gap: 1, m: 0 }}>
            {references.map(([label, value]) => (
              <Field key={label} label={label}>
                {value ? (
                  <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5 }}>
                    <code>{value}</code>
                    <CopyButton value={value} label={label} />
                  </Box>
                ) : null}
              </Field>
            ))}
          </Box>
        </Paper>
        <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-labelledby="customer-title">
          <Typography id="customer-title" variant="h6" component="h2" gutterBottom>
            Customer
          </Typography>
          {payment.customer.isMasked && (
            <Typography variant="caption" color="text.secondary" component="p" sx={{ mb: 1 }}>
              Personal data is masked for your role.
            </Typography>
          )}
          <Box component="dl" sx={{ display: 'grid', gap: 1, m: 0 }}>
            <Field label="Name">{payment.customer.name}</Field>
            <Field label="Email">{payment.customer.email}</Field>
            <Field label="Phone">{payment.customer.phone}</Field>
            <Field label="Document">{payment.customer.document}</Field>
            {payment.cardLast4 && (
              <Field label="Card">
                <code>
                  {payment.cardBin ?? ''}••••••{payment.cardLast4}
                </code>
              </Field>
            )}
          </Box>
        </Paper>
      </Box>

      <JourneyView journey={data.journey} />
      <TimelineTable timeline={data.timeline} isStuck={data.step?.isStuck ?? false} />
      {canSeePayloads && <RawPayloads id={payment.id} />}
      {isRefreshing && (
        <Typography variant="caption" color="text.secondary">
          Updating…
        </Typography>
      )}
      <ResolveDialog
        target={isResolving ? { id: payment.id, label: title } : null}
        onClose={(resolved) => {
          setResolving(false);
          if (resolved) notify(`Recorded as ${resolved.toLowerCase()}.`);
        }}
      />
      {notice}
    </Box>
  );
}

function RawPayloads({ id }: { id: string }) {
  const trpc = useTRPC();
  const zone = useBusinessTimeZone();
  const [isOpen, setOpen] = useState(false);
  const payloads = useQuery({ ...trpc.payments.rawPayloads.queryOptions({ id }), enabled: isOpen });
  return (
    <Accordion expanded={isOpen} onChange={(_event, expanded) => setOpen(expanded)} variant="outlined">
      <AccordionSummary aria-controls="raw-payloads-content" id="raw-payloads-header">
        <Typography variant="h6" component="h2">
          Raw provider payloads
        </Typography>
      </AccordionSummary>
      <AccordionDetails id="raw-payloads-content">
        {payloads.isPending ? (
          <LoadingState label="Loading payloads" rows={2} />
        ) : payloads.isError ? (
          <ErrorState title="Could not load the payloads." error={payloads.error} onRetry={() => void payloads.refetch()} />
        ) : payloads.data.length === 0 ? (
          <Typography variant="body2">No events, so no payloads.</Typography>
        ) : (
          payloads.data.map((item) => (
            <Box key={item.eventId} sx={{ mb: 2 }}>
              <Typography variant="subtitle2">
                {formatDateTime(item.occurredAt, zone)} · {item.source}
              </Typography>
              <Box
                component="pre"
                tabIndex={0}
                aria-label={`Payload of the ${item.source} event`}
                sx={{ m: 0, p: 1, bgcolor: 'action.hover', overflow: 'auto', fontSize: 12, maxHeight: 320 }}
              >
                {JSON.stringify(item.payload, null, 2)}
              </Box>
            </Box>
          ))
        )}
      </AccordionDetails>
    </Accordion>
  );
}
