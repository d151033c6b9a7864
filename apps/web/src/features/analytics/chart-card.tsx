import DownloadIcon from '@mui/icons-material/FileDownloadOutlined';
import InfoIcon from '@mui/icons-material/InfoOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import Paper from '@mui/material/Paper';
import Switch from '@mui/material/Switch';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useId, useState, type ReactNode } from 'react';
import { EmptyState, ErrorState, LoadingState } from '../../shared/page-states.tsx';
import { colourAt } from './palette.ts';

/** What is counted, one hover (or focus) away. */
export function DefinitionHint({ label, definition }: { label: string; definition: string }) {
  return (
    <Tooltip title={definition} describeChild enterTouchDelay={0} slotProps={{ tooltip: { sx: { fontSize: '0.8rem', maxWidth: 360 } } }}>
      <IconButton size="small" aria-label={`How “${label}” is counted`}>
        <InfoIcon fontSize="inherit" />
      </IconButton>
    </Tooltip>
  );
}

const visuallyHidden = {
  position: 'absolute',
  // In px: MUI reads a bare 1 as 100 %.
  width: '1px',
  height: '1px',
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

export interface QueryState {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
}

/**
 * One chart: title with its definition, CSV download, the chart itself and the same
 * figures as a table (read by screen readers always, shown on request), and the loading,
 * empty and error states.
 */
export function ChartCard(props: {
  title: string;
  definition: string;
  csvHref: string;
  query: QueryState;
  isEmpty: boolean;
  emptyTitle: string;
  emptyHint?: ReactNode;
  chart: () => ReactNode;
  /** The chart's figures as a table; absent when the content already is a table. */
  table?: () => ReactNode;
  /** Content shown under the chart whatever the table toggle (e.g. a table of top reasons). */
  footer?: () => ReactNode;
}) {
  const headingId = useId();
  const [isTableShown, setTableShown] = useState(false);
  const { query } = props;
  return (
    <Paper variant="outlined" component="section" aria-labelledby={headingId} sx={{ p: 2, mb: 3 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap', mb: 1 }}>
        <Typography id={headingId} variant="h6" component="h2">
          {props.title}
        </Typography>
        <DefinitionHint label={props.title} definition={props.definition} />
        <Box sx={{ flexGrow: 1 }} />
        {props.table && (
          <FormControlLabel
            control={<Switch size="small" checked={isTableShown} onChange={(event) => setTableShown(event.target.checked)} />}
            label="Show as table"
          />
        )}
        <Button size="small" startIcon={<DownloadIcon />} href={props.csvHref} download aria-label={`Download ${props.title} as CSV`}>
          CSV
        </Button>
      </Box>
      {query.isPending ? (
        <LoadingState label={`Loading ${props.title.toLowerCase()}`} rows={5} />
      ) : query.isError ? (
        <ErrorState title={`Could not load ${props.title.toLowerCase()}.`} error={query.error} onRetry={() => void query.refetch()} />
      ) : props.isEmpty ? (
        <EmptyState title={props.emptyTitle}>{props.emptyHint}</EmptyState>
      ) : (
        <>
          {!(isTableShown && props.table) && props.chart()}
          {props.table && <Box sx={isTableShown ? { overflowX: 'auto' } : visuallyHidden}>{props.table()}</Box>}
          {props.footer?.()}
        </>
      )}
    </Paper>
  );
}

/** Legend entries that switch a series on and off, reachable by keyboard. */
export function LegendToggles({
  items,
  hidden,
  onToggle,
  label,
}: {
  items: ReadonlyArray<{ key: string; label: string }>;
  hidden: ReadonlySet<string>;
  onToggle: (key: string) => void;
  label: string;
}) {
  return (
    <Box role="group" aria-label={label} sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, mb: 1 }}>
      {items.map((item, index) => {
        const isShown = !hidden.has(item.key);
        return (
          <Chip
            key={item.key}
            size="small"
            label={item.label}
            variant={isShown ? 'filled' : 'outlined'}
            aria-pressed={isShown}
            onClick={() => onToggle(item.key)}
            icon={<Box component="span" aria-hidden sx={{ width: 12, height: 12, borderRadius: '2px', bgcolor: isShown ? colourAt(index) : 'transparent', border: `2px solid ${colourAt(index)}`, ml: '6px !important' }} />}
            sx={{ textDecoration: isShown ? 'none' : 'line-through' }}
          />
        );
      })}
    </Box>
  );
}

/** The set of hidden series keys, with a toggle. */
export function useHiddenSeries() {
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const toggle = (key: string) =>
    setHidden((previous) => {
      const next = new Set(previous);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  return [hidden, toggle] as const;
}
