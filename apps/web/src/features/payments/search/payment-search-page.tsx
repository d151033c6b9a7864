import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { parseSearchQuery } from '@paydesk/domain';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { z } from 'zod';
import { useCan } from '../../../app/session.tsx';
import { useTRPC } from '../../../app/trpc.ts';
import { countFormat } from '../../../shared/format.ts';
import { usePaymentChanges } from '../../../shared/live.ts';
import { EmptyState, ErrorState, LoadingState } from '../../../shared/page-states.tsx';
import { useUrlState } from '../../../shared/url-state.ts';
import { useNotify } from '../shared/notify.tsx';
import { useThrottled } from '../shared/throttled.ts';
import { PAYMENT_SORTS, type PaymentRow, type PaymentSort } from '../shared/types.ts';
import { ActiveFilters } from './active-filters.tsx';
import { ColumnChooser } from './column-chooser.tsx';
import { ExportButton } from './export-button.tsx';
import { FilterControls } from './filter-controls.tsx';
import { MoreFilters } from './more-filters.tsx';
import { ResultsTable } from './results-table.tsx';
import { SavedViewsMenu } from './saved-views-menu.tsx';
import { SearchBox } from './search-box.tsx';
import { useTablePreferences } from './table-preferences.ts';

// The whole search lives in the URL: q (the search text, filters included), sort and the
// page cursor. A shared link or a reload shows the same list.
const searchUrlSchema = z.object({
  q: z.string().max(500).default(''),
  sort: z.enum(PAYMENT_SORTS).default('created_desc'),
  cursor: z.string().max(500).optional(),
});

const PAGE_SIZE = 50;

const NO_MATCH_HINTS: Partial<Record<string, string>> = {
  too_short: 'Names and emails are searched from 3 characters; shorter text only matches exact references.',
  uuid: 'No payment has this id, as our id or as a provider’s id.',
};

export function PaymentSearchPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const canExport = useCan('payments.export');
  const [state, setState] = useUrlState(searchUrlSchema);
  const { q, sort, cursor } = state;
  const parsed = useMemo(() => parseSearchQuery(q), [q]);
  const preferences = useTablePreferences();
  const [notice, notify] = useNotify();
  const [changedElsewhere, setChangedElsewhere] = useState(0);
  const [isJumping, setJumping] = useState(false);

  const searchInput = { q, sort, ...(cursor ? { cursor } : {}), limit: PAGE_SIZE };
  const search = useQuery({ ...trpc.payments.search.queryOptions(searchInput), enabled: parsed.ok });
  const count = useQuery({ ...trpc.payments.count.queryOptions({ q }), enabled: parsed.ok });

  const refetch = useThrottled(() => {
    void queryClient.invalidateQueries({ queryKey: trpc.payments.search.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.payments.count.queryKey() });
  }, 2000);
  usePaymentChanges((change) => {
    // Rows on screen update in place; anything else is announced rather than jumping in.
    if (search.data?.rows.some((row) => row.id === change.paymentId)) refetch();
    else setChangedElsewhere((n) => n + 1);
  });

  const applyQuery = (next: string) => setState({ q: next || undefined, cursor: undefined });

  /** Exact identifiers jump straight to the payment; anything else lists the results. */
  const runSearch = async (next: string) => {
    const result = parseSearchQuery(next);
    if (result.ok && result.query.text) {
      setJumping(true);
      try {
        const answer = await queryClient.fetchQuery(trpc.payments.search.queryOptions({ q: next, sort, limit: PAGE_SIZE }));
        if (answer.exactMatchId) {
          await navigate(`/payments/${answer.exactMatchId}`);
          return;
        }
      } catch {
        // The list below shows the error with a retry.
      } finally {
        setJumping(false);
      }
    }
    applyQuery(next);
  };

  const openRow = (row: PaymentRow) => void navigate(`/payments/${row.id}`);
  const setSort = (next: PaymentSort) => setState({ sort: next === 'created_desc' ? undefined : next, cursor: undefined });
  const currentViewQuery = new URLSearchParams(Object.entries({ q, sort: sort === 'created_desc' ? '' : sort }).filter(([, v]) => v) as Array<[string, string]>).toString();
  const rows = search.data?.rows;
  const countText = count.data ? `${countFormat.format(count.data.count)}${count.data.isCapped ? '+' : ''}` : null;

  return (
    <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: 'minmax(0, 1fr)' }}>
      <SearchBox initial={q} onSubmit={(next) => void runSearch(next)} isBusy={isJumping} />
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, alignItems: 'center' }}>
        <FilterControls q={q} onChange={applyQuery} isDisabled={!parsed.ok} />
        <MoreFilters q={q} onChange={applyQuery} isDisabled={!parsed.ok} />
      </Box>
      {parsed.ok ? (
        <ActiveFilters q={q} query={parsed.query} onChange={applyQuery} />
      ) : (
        <Alert
          severity="error"
          action={
            <Button color="inherit" size="small" onClick={() => applyQuery('')}>
              Clear search
            </Button>
          }
        >
          <strong>This search cannot run.</strong>
          {parsed.errors.map((error) => (
            <Box key={`${error.start}-${error.token}`}>
              {error.token && <code>{error.token}</code>} {error.message}
            </Box>
          ))}
        </Alert>
      )}

      <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 1 }}>
        <Typography variant="body2" role="status" aria-live="polite" sx={{ flexGrow: 1 }}>
          {search.data?.match === 'reference' ? 'Exact reference match. ' : ''}
          {countText !== null ? `${countText} ${count.data?.count === 1 ? 'payment' : 'payments'}` : parsed.ok ? 'Counting…' : ''}
          {sort.startsWith('amount') && parsed.ok && !q.includes('currency:') ? ' · amounts compare within a currency; add currency: to rank them' : ''}
        </Typography>
        <SavedViewsMenu currentQuery={currentViewQuery} notify={notify} />
        <ColumnChooser
          columnVisibility={preferences.columnVisibility}
          density={preferences.density}
          onColumnVisible={preferences.setColumnVisible}
          onDensity={preferences.setDensity}
          onReset={preferences.reset}
        />
        {canExport && parsed.ok && <ExportButton q={q} sort={sort} />}
      </Box>

      {changedElsewhere > 0 && (
        <Alert
          severity="info"
          action={
            <Button
              color="inherit"
              size="small"
              onClick={() => {
                setChangedElsewhere(0);
                setState({ cursor: undefined });
                refetch();
              }}
            >
              Show
            </Button>
          }
        >
          {changedElsewhere === 1 ? '1 payment changed' : `${changedElsewhere} payments changed`} since this list loaded.
        </Alert>
      )}

      {!parsed.ok ? null : search.isPending ? (
        <LoadingState label="Searching payments" rows={6} />
      ) : search.isError ? (
        <ErrorState title="Could not search payments." error={search.error} onRetry={() => void search.refetch()} />
      ) : search.data.rows.length === 0 ? (
        q.trim() === '' && !cursor ? (
          <EmptyState title="No payments yet">Payments appear here as soon as a provider reports one.</EmptyState>
        ) : (
          <EmptyState title="No payments match this search">
            <Typography variant="body2">{(search.data.textKind && NO_MATCH_HINTS[search.data.textKind]) ?? 'Try fewer filters, or check the reference.'}</Typography>
            <Button onClick={() => applyQuery('')} sx={{ mt: 1 }}>
              Clear all filters
            </Button>
          </EmptyState>
        )
      ) : (
        <>
          <ResultsTable
            rows={rows}
            sort={sort}
            onSort={setSort}
            columnVisibility={preferences.columnVisibility}
            density={preferences.density}
            onOpen={openRow}
            isStale={search.isPlaceholderData}
          />
          <Box component="nav" aria-label="Result pages" sx={{ display: 'flex', gap: 1 }}>
            <Button disabled={!cursor} onClick={() => setState({ cursor: undefined })}>
              First page
            </Button>
            <Button disabled={!search.data.nextCursor} onClick={() => setState({ cursor: search.data.nextCursor })}>
              Next page
            </Button>
          </Box>
        </>
      )}
      {notice}
    </Box>
  );
}
