import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { FAILURE_CATEGORY_LABELS, isFailureCategory, methodName, providerName } from '@paydesk/domain';
import { columnVisibilityFeature, createColumnHelper, tableFeatures, type ColumnVisibilityState } from '@tanstack/react-table';
import { Fragment } from 'react';
import { Link as RouterLink } from 'react-router';
import { useBusinessTimeZone } from '../../../app/business-time-zone.ts';
import { formatDateTime, formatMoney } from '../../../shared/format.ts';
import { ProviderCode } from '../../../shared/provider-code.tsx';
import { StatusChip } from '../shared/status-chip.tsx';
import type { PaymentRow } from '../shared/types.ts';

// The result table's columns, defined once at module scope as TanStack Table 9 wants.

export const paymentTableFeatures = tableFeatures({ columnVisibilityFeature });
const column = createColumnHelper<typeof paymentTableFeatures, PaymentRow>();

function CreatedAt({ value }: { value: string }) {
  const zone = useBusinessTimeZone();
  return <Box component="span" sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(value, zone)}</Box>;
}

/** The zone in small type beside the title: at full size the header was wider than any date under it. */
function CreatedHeader() {
  const zone = useBusinessTimeZone();
  return (
    <>
      Created
      <Box component="span" sx={{ ml: 0.5, fontSize: 12, fontWeight: 400, color: 'text.secondary' }}>
        ({zone})
      </Box>
    </>
  );
}

export const paymentColumns = column.columns([
  column.accessor('createdAt', { id: 'created', header: () => <CreatedHeader />, cell: (info) => <CreatedAt value={info.getValue()} /> }),
  column.display({
    id: 'reference',
    header: 'Reference',
    cell: ({ row }) => (
      // Out of the Tab order: the row itself is the one stop (Enter opens it, see results-table.tsx);
      // the link stays for screen readers' link lists, middle-click and copying the address.
      <Link component={RouterLink} to={`/payments/${row.original.id}`} tabIndex={-1} sx={{ fontFamily: 'monospace', fontSize: 13, color: 'primary.dark', whiteSpace: 'nowrap' }}>
        {row.original.merchantReference ?? row.original.providerPaymentId}
      </Link>
    ),
  }),
  column.accessor('amountMinor', {
    id: 'amount',
    header: 'Amount',
    cell: ({ row }) => (
      <Box component="span" sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
        {formatMoney(row.original.amountMinor, row.original.currency)}
      </Box>
    ),
  }),
  column.accessor('status', {
    id: 'status',
    header: 'Status',
    cell: ({ row }) => (
      <Box sx={{ display: 'flex', gap: 0.5, alignItems: 'center' }}>
        <StatusChip status={row.original.status} />
        {row.original.isManuallyResolved && (
          <Tooltip title="Outcome recorded by a person">
            <Typography component="span" variant="caption">
              manual
            </Typography>
          </Tooltip>
        )}
      </Box>
    ),
  }),
  column.accessor('provider', {
    id: 'provider',
    header: 'Provider',
    // The method under the provider: on one line "Kasha · Bank transfer" squeezed the customer column.
    cell: ({ row }) => (
      <Box sx={{ lineHeight: 1.3 }}>
        <div>{providerName(row.original.provider)}</div>
        <Typography variant="caption" color="text.secondary" sx={{ whiteSpace: 'nowrap' }}>
          {methodName(row.original.method)}
        </Typography>
      </Box>
    ),
  }),
  column.display({
    id: 'customer',
    header: 'Customer',
    cell: ({ row }) => (
      // A long email has no spaces to wrap at: it may break anywhere rather than widen the table.
      <Box sx={{ lineHeight: 1.3, maxWidth: 240, overflowWrap: 'anywhere' }}>
        <div>{row.original.customer.name ?? '—'}</div>
        <Typography variant="caption" color="text.secondary">
          {row.original.customer.email ?? ''}
        </Typography>
      </Box>
    ),
  }),
  column.display({
    id: 'reason',
    header: 'Reason',
    cell: ({ row }) => {
      const category = row.original.failureCategory;
      if (!category && row.original.failureCodes.length === 0) return '—';
      return (
        <Box sx={{ lineHeight: 1.3, minWidth: 140, maxWidth: 260 }}>
          <div>{category ? (isFailureCategory(category) ? FAILURE_CATEGORY_LABELS[category] : category) : ''}</div>
          <Typography variant="caption" color="text.secondary">
            {row.original.failureCodes.map((code, index) => (
              <Fragment key={code}>
                {index > 0 && ', '}
                <ProviderCode code={code} />
              </Fragment>
            ))}
          </Typography>
        </Box>
      );
    },
  }),
  column.display({
    id: 'detailed',
    header: 'Provider status',
    cell: ({ row }) => <ProviderCode code={row.original.detailedStatus ?? row.original.providerStatus} />,
  }),
  column.accessor('direction', { id: 'direction', header: 'Direction', cell: (info) => (info.getValue() === 'payout' ? 'Payout' : 'Pay-in') }),
  column.accessor('country', { id: 'country', header: 'Country', cell: (info) => info.getValue() ?? '—' }),
  column.accessor('bankName', { id: 'bank', header: 'Bank', cell: (info) => info.getValue() ?? '—' }),
  column.accessor('providerPaymentId', {
    id: 'providerId',
    header: 'Provider payment id',
    cell: (info) => <code>{info.getValue()}</code>,
  }),
  column.display({
    id: 'card',
    header: 'Card',
    // Only the BIN and the last four are ever stored; the middle digits do not exist here.
    cell: ({ row }) => (row.original.cardLast4 ? <code>{`${row.original.cardBin ?? ''}••••••${row.original.cardLast4}`}</code> : '—'),
  }),
]);

/** Column names for the column chooser, in table order. */
export const COLUMN_LABELS: ReadonlyArray<readonly [id: string, label: string]> = [
  ['created', 'Created'],
  ['reference', 'Reference'],
  ['amount', 'Amount'],
  ['status', 'Status'],
  ['provider', 'Provider · method'],
  ['customer', 'Customer'],
  ['reason', 'Reason'],
  ['detailed', 'Provider status'],
  ['direction', 'Direction'],
  ['country', 'Country'],
  ['bank', 'Bank'],
  ['providerId', 'Provider payment id'],
  ['card', 'Card'],
];

/** Columns that can be sorted on the server, and the sort each header click asks for. */
export const SORTABLE_COLUMNS: Readonly<Record<string, 'created' | 'amount'>> = { created: 'created', amount: 'amount' };

export const DEFAULT_COLUMN_VISIBILITY: ColumnVisibilityState = {
  detailed: false,
  direction: false,
  country: false,
  bank: false,
  providerId: false,
  card: false,
};
