import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TableSortLabel from '@mui/material/TableSortLabel';
import { useTable, type ColumnVisibilityState } from '@tanstack/react-table';
import { useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { PaymentRow, PaymentSort } from '../shared/types.ts';
import { paymentColumns, paymentTableFeatures, SORTABLE_COLUMNS } from './payment-columns.tsx';
import type { Density } from './table-preferences.ts';

const noRows: PaymentRow[] = [];

interface ResultsTableProps {
  rows: PaymentRow[] | undefined;
  sort: PaymentSort;
  onSort: (sort: PaymentSort) => void;
  columnVisibility: ColumnVisibilityState;
  density: Density;
  onOpen: (row: PaymentRow) => void;
  isStale: boolean;
}

/**
 * The result rows. Keyboard: Tab reaches the table once (roving focus), ↑/↓ move between
 * rows, Enter opens the payment. Rows stay on screen, dimmed, while a refetch runs.
 */
export function ResultsTable({ rows, sort, onSort, columnVisibility, density, onOpen, isStale }: ResultsTableProps) {
  const table = useTable({
    features: paymentTableFeatures,
    columns: paymentColumns,
    data: rows ?? noRows,
    getRowId: (row) => row.id,
    state: { columnVisibility },
  });
  const [active, setActive] = useState(0);
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const modelRows = table.getRowModel().rows;
  const activeIndex = Math.min(active, Math.max(modelRows.length - 1, 0));

  const focusRow = (index: number) => {
    const target = bodyRef.current?.querySelectorAll<HTMLTableRowElement>('tr[data-row]')[index];
    if (target) {
      setActive(index);
      target.focus();
    }
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, index: number, row: PaymentRow) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      focusRow(Math.min(index + 1, modelRows.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      focusRow(Math.max(index - 1, 0));
    } else if (event.key === 'Enter' && event.target === event.currentTarget) {
      event.preventDefault();
      onOpen(row);
    }
  };
  const onClick = (event: MouseEvent<HTMLTableRowElement>, row: PaymentRow) => {
    // A click on the reference link navigates by itself.
    if ((event.target as HTMLElement).closest('a, button')) return;
    onOpen(row);
  };

  const [sortKey, sortDirection] = sort.split('_') as ['created' | 'amount', 'asc' | 'desc'];
  return (
    <Paper variant="outlined" sx={{ overflowX: 'auto', opacity: isStale ? 0.6 : 1, transition: 'opacity 120ms' }}>
      <Table size={density === 'compact' ? 'small' : 'medium'} aria-label="Payments found" aria-busy={isStale}>
        <TableHead>
          {table.getHeaderGroups().map((group) => (
            <TableRow key={group.id}>
              {group.headers.map((header) => {
                const sortable = SORTABLE_COLUMNS[header.column.id];
                const isSorted = sortable === sortKey;
                return (
                  <TableCell
                    key={header.id}
                    align={header.column.id === 'amount' ? 'right' : 'left'}
                    sortDirection={isSorted ? sortDirection : false}
                    sx={{ whiteSpace: 'nowrap', fontWeight: 600 }}
                  >
                    {sortable ? (
                      <TableSortLabel
                        active={isSorted}
                        direction={isSorted ? sortDirection : 'desc'}
                        onClick={() => onSort(`${sortable}_${isSorted && sortDirection === 'desc' ? 'asc' : 'desc'}`)}
                      >
                        <table.FlexRender header={header} />
                      </TableSortLabel>
                    ) : (
                      <table.FlexRender header={header} />
                    )}
                  </TableCell>
                );
              })}
            </TableRow>
          ))}
        </TableHead>
        <TableBody ref={bodyRef}>
          {modelRows.map((row, index) => (
            <TableRow
              key={row.id}
              data-row
              hover
              tabIndex={index === activeIndex ? 0 : -1}
              onFocus={() => setActive(index)}
              onKeyDown={(event) => onKeyDown(event, index, row.original)}
              onClick={(event) => onClick(event, row.original)}
              aria-label={`Payment ${row.original.merchantReference ?? row.original.providerPaymentId}`}
              sx={{
                cursor: 'pointer',
                '&:focus-visible': { outline: '3px solid', outlineColor: 'primary.main', outlineOffset: -3 },
              }}
            >
              {row.getVisibleCells().map((cell) => (
                <TableCell key={cell.id} align={cell.column.id === 'amount' ? 'right' : 'left'}>
                  <table.FlexRender cell={cell} />
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Paper>
  );
}
