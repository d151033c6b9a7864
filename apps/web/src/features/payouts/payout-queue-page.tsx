import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { METHOD_LABELS, PAYMENT_METHODS } from '@paydesk/domain';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTable, type RowSelectionState } from '@tanstack/react-table';
import { useMemo, useState, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router';
import { z } from 'zod';
import { useCan } from '../../app/session.tsx';
import { useTRPC } from '../../app/trpc.ts';
import { CurrencyTotals } from '../../shared/currency-totals.tsx';
import { countFormat } from '../../shared/format.ts';
import { usePaymentChanges } from '../../shared/live.ts';
import { EmptyState, ErrorState, LoadingState } from '../../shared/page-states.tsx';
import { useUrlState } from '../../shared/url-state.ts';
import { useNotify } from '../payments/shared/notify.tsx';
import { useThrottled } from '../payments/shared/throttled.ts';
import { DecisionDialog, type DecisionRequest } from './decision-dialog.tsx';
import { payoutColumns, payoutTableFeatures } from './payout-columns.tsx';
import { PAYOUT_SORT_LABELS, PAYOUT_SORTS, type PayoutAction, type PayoutQueueFilter, type PayoutQueueRow } from './types.ts';

// Filters, sort and page live in the URL, so a link to "overdue BRL payouts" can be shared.
const queueUrlSchema = z.object({
  currency: z.string().regex(/^[A-Za-z]{3}$/).optional(),
  country: z.string().regex(/^[A-Za-z]{2}$/).optional(),
  method: z.enum(PAYMENT_METHODS).optional(),
  stage: z.enum(['first', 'second']).optional(),
  overdue: z.literal('1').optional(),
  approvals: z.enum(['one', 'two']).optional(),
  sort: z.enum(PAYOUT_SORTS).default('oldest'),
  cursor: z.string().max(500).optional(),
});

const PAGE_SIZE = 50;
const noRows: PayoutQueueRow[] = [];

export function PayoutQueuePage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const canDecide = useCan('payouts.decide');
  const [state, setState] = useUrlState(queueUrlSchema);
  const [notice, notify] = useNotify();
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  const [isAllMatching, setAllMatching] = useState(false);
  const [request, setRequest] = useState<DecisionRequest | null>(null);
  const [draft, setDraft] = useState({ currency: state.currency ?? '', country: state.country ?? '' });

  const filter: PayoutQueueFilter = useMemo(
    () => ({
      ...(state.currency ? { currency: state.currency.toUpperCase() } : {}),
      ...(state.country ? { country: state.country.toUpperCase() } : {}),
      ...(state.method ? { method: state.method } : {}),
      ...(state.stage ? { stage: state.stage } : {}),
      ...(state.overdue ? { isOverdue: true } : {}),
      ...(state.approvals ? { needsTwo: state.approvals === 'two' } : {}),
    }),
    [state.currency, state.country, state.method, state.stage, state.overdue, state.approvals],
  );
  const hasFilters = Object.keys(filter).length > 0;
  const queue = useQuery({
    ...trpc.payouts.queue.queryOptions({ ...filter, sort: state.sort, limit: PAGE_SIZE, ...(state.cursor ? { cursor: state.cursor } : {}) }),
    placeholderData: (previous) => previous,
  });
  const summary = useQuery({ ...trpc.payouts.summary.queryOptions(filter), placeholderData: (previous) => previous });

  // A payout a colleague just decided leaves this queue within a second.
  const refetch = useThrottled(() => {
    void queryClient.invalidateQueries({ queryKey: trpc.payouts.queue.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.payouts.summary.queryKey() });
  }, 1000);
  usePaymentChanges((change) => {
    if (change.direction === 'payout') refetch();
  });

  const rows = queue.data?.rows ?? noRows;
  // What is selected must be on screen: rows that left the queue (a colleague decided them)
  // drop out of the selection.
  const visibleSelection = useMemo(() => {
    const visible = new Set(rows.map((row) => row.id));
    return Object.fromEntries(Object.entries(rowSelection).filter(([id]) => visible.has(id))) as RowSelectionState;
  }, [rows, rowSelection]);

  const table = useTable({
    features: payoutTableFeatures,
    columns: payoutColumns,
    data: rows,
    getRowId: (row) => row.id,
    state: { rowSelection: visibleSelection },
    onRowSelectionChange: (updater) => {
      setAllMatching(false);
      setRowSelection(typeof updater === 'function' ? updater(visibleSelection) : updater);
    },
    enableRowSelection: canDecide,
  });
  const selectedIds = Object.keys(visibleSelection);
  const matchingCount = summary.data?.count ?? 0;

  const change = (changes: Parameters<typeof setState>[0]) => {
    setRowSelection({});
    setAllMatching(false);
    setState({ ...changes, cursor: undefined });
  };
  const decide = (action: PayoutAction) => setRequest(isAllMatching ? { action, matching: filter } : { action, ids: selectedIds });
  const onRowKey = (event: KeyboardEvent<HTMLTableRowElement>, index: number, row: PayoutQueueRow) => {
    const all = event.currentTarget.parentElement?.querySelectorAll<HTMLTableRowElement>('tr[data-row]');
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      all?.[Math.min(index + 1, all.length - 1)]?.focus();
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      all?.[Math.max(index - 1, 0)]?.focus();
    } else if (event.key === 'Enter' && event.target === event.currentTarget) {
      void navigate(`/payments/${row.id}`);
    }
  };

  return (
    <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: 'minmax(0, 1fr)' }}>
      <Box
        component="form"
        role="search"
        aria-label="Filter the payout queue"
        onSubmit={(event) => {
          event.preventDefault();
          change({ currency: draft.currency.trim() || undefined, country: draft.country.trim() || undefined });
        }}
        sx={{ display: 'flex', flexWrap: 'wrap', gap: 1.5, alignItems: 'center' }}
      >
        <TextField
          size="small"
          label="Currency"
          placeholder="BRL"
          value={draft.currency}
          onChange={(event) => setDraft({ ...draft, currency: event.target.value })}
          onBlur={() => change({ currency: /^[A-Za-z]{3}$/.test(draft.currency.trim()) ? draft.currency.trim() : undefined })}
          slotProps={{ htmlInput: { maxLength: 3 } }}
          sx={{ width: 110 }}
        />
        <TextField
          size="small"
          label="Country"
          placeholder="BR"
          value={draft.country}
          onChange={(event) => setDraft({ ...draft, country: event.target.value })}
          onBlur={() => change({ country: /^[A-Za-z]{2}$/.test(draft.country.trim()) ? draft.country.trim() : undefined })}
          slotProps={{ htmlInput: { maxLength: 2 } }}
          sx={{ width: 100 }}
        />
        <TextField select size="small" label="Method" value={state.method ?? ''} onChange={(e) => change({ method: e.target.value || undefined })} sx={{ minWidth: 150 }} slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}>
          <MenuItem value="">
            <em>Any method</em>
          </MenuItem>
          {PAYMENT_METHODS.map((method) => (
            <MenuItem key={method} value={method}>
              {METHOD_LABELS[method]}
            </MenuItem>
          ))}
        </TextField>
        <TextField select size="small" label="Approvals" value={state.stage ?? ''} onChange={(e) => change({ stage: e.target.value || undefined })} sx={{ minWidth: 200 }} slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}>
          <MenuItem value="">
            <em>Any</em>
          </MenuItem>
          <MenuItem value="first">No approval yet</MenuItem>
          <MenuItem value="second">Waiting for a second approval</MenuItem>
        </TextField>
        <TextField select size="small" label="Needs" value={state.approvals ?? ''} onChange={(e) => change({ approvals: e.target.value || undefined })} sx={{ minWidth: 170 }} slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}>
          <MenuItem value="">
            <em>One or two approvals</em>
          </MenuItem>
          <MenuItem value="one">One approval</MenuItem>
          <MenuItem value="two">Two approvals (above the limit)</MenuItem>
        </TextField>
        <FormControlLabel control={<Switch checked={state.overdue === '1'} onChange={(e) => change({ overdue: e.target.checked ? '1' : undefined })} />} label="Overdue only" />
        <TextField select size="small" label="Sort" value={state.sort} onChange={(e) => change({ sort: e.target.value })} sx={{ minWidth: 190 }}>
          {PAYOUT_SORTS.map((sort) => (
            <MenuItem key={sort} value={sort}>
              {PAYOUT_SORT_LABELS[sort]}
            </MenuItem>
          ))}
        </TextField>
        {hasFilters && (
          <Button
            onClick={() => {
              setDraft({ currency: '', country: '' });
              change({ currency: undefined, country: undefined, method: undefined, stage: undefined, overdue: undefined, approvals: undefined });
            }}
          >
            Clear all
          </Button>
        )}
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
      </Box>

      {summary.data && summary.data.count > 0 && (
        <Box aria-live="polite">
          <Typography variant="subtitle1" component="p">
            {summary.data.isCountCapped ? `${countFormat.format(summary.data.count)}+` : countFormat.format(summary.data.count)} payouts awaiting a decision
            {queue.data ? ` (decision due within ${queue.data.slaHours} h of creation)` : ''}
          </Typography>
          <CurrencyTotals totals={summary.data.totals} label="Awaiting, per currency" />
        </Box>
      )}

      {canDecide && (selectedIds.length > 0 || isAllMatching) && (
        <Paper variant="outlined" sx={{ p: 1.5, display: 'flex', flexWrap: 'wrap', gap: 1.5, alignItems: 'center' }} role="region" aria-label="Selected payouts">
          <Typography>
            {isAllMatching ? `All ${countFormat.format(matchingCount)} matching payouts selected` : `${countFormat.format(selectedIds.length)} selected`}
          </Typography>
          {!isAllMatching && table.getIsAllPageRowsSelected() && matchingCount > rows.length && (
            <Button onClick={() => setAllMatching(true)}>Select all {countFormat.format(matchingCount)} matching</Button>
          )}
          <Box sx={{ flexGrow: 1 }} />
          <Button variant="contained" onClick={() => decide('APPROVE')}>
            Approve…
          </Button>
          <Button variant="outlined" color="error" onClick={() => decide('DECLINE')}>
            Decline…
          </Button>
        </Paper>
      )}

      {queue.isPending ? (
        <LoadingState label="Loading the payout queue" rows={6} />
      ) : queue.isError ? (
        <ErrorState title="Could not load the payout queue." error={queue.error} onRetry={() => void queue.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState title={hasFilters ? 'No payouts match these filters' : 'No payouts are waiting for a decision'}>
          {hasFilters ? <Typography>Clear a filter to see more.</Typography> : <Typography>New Kasha payouts appear here by themselves.</Typography>}
        </EmptyState>
      ) : (
        <>
          <Paper variant="outlined" sx={{ overflowX: 'auto', opacity: queue.isPlaceholderData ? 0.6 : 1 }}>
            <Table size="small" aria-label="Payouts awaiting a decision" aria-busy={queue.isFetching}>
              <TableHead>
                {table.getHeaderGroups().map((group) => (
                  <TableRow key={group.id}>
                    {group.headers
                      .filter((header) => canDecide || header.column.id !== 'select')
                      .map((header) => (
                        <TableCell key={header.id} align={header.column.id === 'amount' ? 'right' : 'left'} sx={{ whiteSpace: 'nowrap', fontWeight: 600 }}>
                          <table.FlexRender header={header} />
                        </TableCell>
                      ))}
                  </TableRow>
                ))}
              </TableHead>
              <TableBody>
                {table.getRowModel().rows.map((row, index) => (
                  <TableRow
                    key={row.id}
                    data-row
                    hover
                    selected={row.getIsSelected()}
                    tabIndex={index === 0 ? 0 : -1}
                    onKeyDown={(event) => onRowKey(event, index, row.original)}
                    aria-label={`Payout ${row.original.merchantReference ?? row.original.providerPaymentId}`}
                    sx={{ '&:focus-visible': { outline: '3px solid', outlineColor: 'primary.main', outlineOffset: -3 } }}
                  >
                    {row
                      .getAllCells()
                      .filter((cell) => canDecide || cell.column.id !== 'select')
                      .map((cell) => (
                        <TableCell key={cell.id} align={cell.column.id === 'amount' ? 'right' : 'left'}>
                          <table.FlexRender cell={cell} />
                        </TableCell>
                      ))}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Paper>
          <Box sx={{ display: 'flex', gap: 1 }}>
            <Button disabled={!state.cursor} onClick={() => change({})}>
              First page
            </Button>
            <Button
              disabled={!queue.data?.nextCursor}
              onClick={() => {
                setRowSelection({});
                setState({ cursor: queue.data?.nextCursor ?? undefined });
              }}
            >
              Next page
            </Button>
          </Box>
        </>
      )}
      {!canDecide && rows.length > 0 && <Alert severity="info">You can see the queue; approving and declining is for finance.</Alert>}
      <DecisionDialog
        request={request}
        onClose={(message) => {
          setRequest(null);
          if (message) {
            setRowSelection({});
            setAllMatching(false);
            notify(message);
            refetch();
          }
        }}
      />
      {notice}
    </Box>
  );
}
