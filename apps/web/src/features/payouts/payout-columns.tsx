import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Tooltip from '@mui/material/Tooltip';
import { methodName } from '@paydesk/domain';
import { createColumnHelper, rowSelectionFeature, tableFeatures } from '@tanstack/react-table';
import { Link as RouterLink } from 'react-router';
import { useBusinessTimeZone } from '../../app/business-time-zone.ts';
import { formatDateTime, formatMoney, formatRelative } from '../../shared/format.ts';
import type { PayoutQueueRow } from './types.ts';

// The queue's columns, defined once at module scope as TanStack Table 9 wants.

export const payoutTableFeatures = tableFeatures({ rowSelectionFeature });
const column = createColumnHelper<typeof payoutTableFeatures, PayoutQueueRow>();

function CreatedCell({ row }: { row: PayoutQueueRow }) {
  const zone = useBusinessTimeZone();
  return (
    <Tooltip title={formatDateTime(row.createdAt, zone)}>
      <Box component="span" sx={{ whiteSpace: 'nowrap' }}>
        {formatRelative(row.createdAt)}
      </Box>
    </Tooltip>
  );
}

function DueCell({ row }: { row: PayoutQueueRow }) {
  const zone = useBusinessTimeZone();
  const text = row.isOverdue ? `Overdue ${formatRelative(row.dueAt).replace(/ ago$/, '')}` : `Due ${formatRelative(row.dueAt)}`;
  return (
    <Tooltip title={`Decide by ${formatDateTime(row.dueAt, zone)} (${zone})`}>
      {/* Error red, not warning orange: MUI's orange text fails WCAG AA contrast on white. */}
      <Chip size="small" variant="outlined" color={row.isOverdue ? 'error' : 'default'} label={text} />
    </Tooltip>
  );
}

function ApprovalsCell({ row }: { row: PayoutQueueRow }) {
  const count = row.approvals.length;
  const mine = row.approvals.some((approval) => approval.isMine);
  const names = row.approvals.map((approval) => approval.name).join(', ');
  const label = `${count} of ${row.requiredApprovals}`;
  return (
    <Tooltip title={count > 0 ? `Approved by ${names}${mine ? ' (you): another finance user must give the next approval' : ''}` : 'No approval yet'}>
      <Chip size="small" color={count > 0 ? 'primary' : 'default'} variant={count > 0 ? 'filled' : 'outlined'} label={mine ? `${label} · you approved` : label} />
    </Tooltip>
  );
}

export const payoutColumns = column.columns([
  column.display({
    id: 'select',
    header: ({ table }) => (
      <Checkbox
        size="small"
        checked={table.getIsAllPageRowsSelected()}
        indeterminate={table.getIsSomePageRowsSelected()}
        onChange={table.getToggleAllPageRowsSelectedHandler()}
        slotProps={{ input: { 'aria-label': 'Select every payout on this page' } }}
      />
    ),
    cell: ({ row }) => (
      <Checkbox
        size="small"
        checked={row.getIsSelected()}
        onChange={row.getToggleSelectedHandler()}
        slotProps={{ input: { 'aria-label': `Select payout ${row.original.merchantReference ?? row.original.providerPaymentId}` } }}
      />
    ),
  }),
  // When it is due, and under it how long it has waited: one column, the deadline first.
  column.accessor('dueAt', {
    id: 'due',
    header: 'Decision due',
    cell: ({ row }) => (
      <>
        <DueCell row={row.original} />
        <Box sx={{ color: 'text.secondary', fontSize: 12, mt: 0.5, whiteSpace: 'nowrap' }}>
          waiting since <CreatedCell row={row.original} />
        </Box>
      </>
    ),
  }),
  column.accessor('amountMinor', {
    id: 'amount',
    header: 'Amount',
    cell: ({ row }) => (
      <Box component="span" sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums', fontWeight: 600 }}>
        {formatMoney(row.original.amountMinor, row.original.currency)}
      </Box>
    ),
  }),
  // Next to the amount: whether a payout still needs a second approver is what finance scans for.
  column.display({ id: 'approvals', header: 'Approvals', cell: ({ row }) => <ApprovalsCell row={row.original} /> }),
  column.accessor('beneficiary', {
    id: 'beneficiary',
    header: 'Beneficiary',
    cell: ({ row }) => (
      <Box component="span" sx={{ display: 'block', minWidth: 120 }}>
        {row.original.beneficiary ?? '—'}
        {row.original.bankName && (
          <Box component="span" sx={{ display: 'block', color: 'text.secondary', fontSize: 12 }}>
            {row.original.bankName}
          </Box>
        )}
      </Box>
    ),
  }),
  column.accessor('method', {
    id: 'method',
    header: 'Method',
    cell: ({ row }) => (
      <>
        {methodName(row.original.method)}
        {row.original.country && (
          <Box component="span" sx={{ display: 'block', color: 'text.secondary', fontSize: 12 }}>
            {row.original.country}
          </Box>
        )}
      </>
    ),
  }),
  column.display({
    id: 'reference',
    header: 'Reference',
    cell: ({ row }) => (
      <>
        <Link component={RouterLink} to={`/payments/${row.original.id}`} sx={{ fontFamily: 'monospace', fontSize: 13, whiteSpace: 'nowrap' }}>
          {row.original.merchantReference ?? row.original.providerPaymentId}
        </Link>
        {row.original.merchantUserId && (
          <Box sx={{ color: 'text.secondary', fontSize: 12, whiteSpace: 'nowrap' }}>user {row.original.merchantUserId}</Box>
        )}
      </>
    ),
  }),
]);
