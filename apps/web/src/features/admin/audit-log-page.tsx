import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { useBusinessTimeZone } from '../../app/business-time-zone.ts';
import { useTRPC } from '../../app/trpc.ts';
import { formatDateTime } from '../../shared/format.ts';
import { EmptyState, ErrorState, LoadingState } from '../../shared/page-states.tsx';
import { ToneChip, type ChipTone } from '../../shared/tone-chip.tsx';
import { useUrlState } from '../../shared/url-state.ts';

const auditUrlSchema = z.object({
  actor: z.string().optional(),
  action: z.string().optional(),
  target: z.string().optional(),
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  cursor: z.string().optional(),
});

type FilterKey = 'actor' | 'action' | 'target' | 'from' | 'to';
const filterFields: Array<{ key: FilterKey; label: string; type?: string }> = [
  { key: 'actor', label: 'Who (email contains)' },
  { key: 'action', label: 'Action (starts with)' },
  { key: 'target', label: 'Target id' },
  { key: 'from', label: 'From day', type: 'date' },
  { key: 'to', label: 'To day', type: 'date' },
];

type Filters = Partial<Record<FilterKey, string>>;

/** Text boxes edit a draft; the URL (and so the query) changes when the form is applied. */
function AuditFilterForm({
  initial,
  onApply,
  exportHref,
}: {
  initial: Filters;
  onApply: (f: Filters) => void;
  exportHref: string;
}) {
  const [draft, setDraft] = useState(initial);
  return (
    <Box
      component="form"
      role="search"
      aria-label="Filter the audit log"
      onSubmit={(event) => {
        event.preventDefault();
        onApply(draft);
      }}
      sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, mb: 2, alignItems: 'center' }}
    >
      {filterFields.map((field) => (
        <TextField
          key={field.key}
          size="small"
          label={field.label}
          type={field.type ?? 'text'}
          value={draft[field.key] ?? ''}
          onChange={(event) => setDraft({ ...draft, [field.key]: event.target.value || undefined })}
          slotProps={field.type === 'date' ? { inputLabel: { shrink: true } } : undefined}
        />
      ))}
      <Button type="submit" variant="contained">
        Apply
      </Button>
      <Button onClick={() => onApply({})}>Clear all</Button>
      <Box sx={{ flexGrow: 1 }} />
      <Button href={exportHref} download>
        Export CSV
      </Button>
    </Box>
  );
}

const outcomeTone = { success: 'success', failure: 'error', denied: 'warning' } as const satisfies Record<
  string,
  ChipTone
>;

export function AuditLogPage() {
  const trpc = useTRPC();
  const zone = useBusinessTimeZone();
  const [state, setState] = useUrlState(auditUrlSchema);
  const { cursor, ...filters } = state;
  const audit = useQuery(trpc.audit.list.queryOptions({ ...filters, cursor }));
  const exportHref = `/api/audit/export.csv?${new URLSearchParams(Object.entries(filters).filter(([, v]) => v) as Array<[string, string]>)}`;

  return (
    <>
      <AuditFilterForm
        key={JSON.stringify(filters)}
        initial={filters}
        exportHref={exportHref}
        onApply={(next) =>
          setState({
            actor: next.actor,
            action: next.action,
            target: next.target,
            from: next.from,
            to: next.to,
            cursor: undefined,
          })
        }
      />
      {audit.isPending ? (
        <LoadingState label="Loading the audit log" />
      ) : audit.isError ? (
        <ErrorState title="Could not load the audit log." error={audit.error} onRetry={() => void audit.refetch()} />
      ) : audit.data.rows.length === 0 ? (
        <EmptyState
          title={Object.values(filters).some(Boolean) ? 'No entries match these filters' : 'No entries yet'}
        />
      ) : (
        <>
          <Paper variant="outlined" sx={{ overflowX: 'auto' }}>
            <Table size="small" aria-label="Audit log entries">
              <TableHead>
                <TableRow>
                  <TableCell>Time ({zone})</TableCell>
                  <TableCell>Who</TableCell>
                  <TableCell>Action</TableCell>
                  <TableCell>Target</TableCell>
                  <TableCell>Outcome</TableCell>
                  <TableCell>Change</TableCell>
                  <TableCell>Source IP</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {audit.data.rows.map((row) => (
                  <TableRow key={row.id}>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(row.occurred_at, zone)}</TableCell>
                    <TableCell>
                      {row.actor_email ?? '—'}
                      {row.actor_role ? ` (${row.actor_role})` : ''}
                    </TableCell>
                    <TableCell>
                      <code>{row.action}</code>
                    </TableCell>
                    <TableCell>{row.target_id ? `${row.target_type ?? ''} ${row.target_id}` : '—'}</TableCell>
                    <TableCell>
                      <ToneChip
                        tone={outcomeTone[row.outcome as keyof typeof outcomeTone] ?? null}
                        label={row.outcome}
                      />
                    </TableCell>
                    <TableCell sx={{ fontFamily: 'monospace', fontSize: 12, maxWidth: 360, wordBreak: 'break-word' }}>
                      {row.before || row.after
                        ? `${JSON.stringify(row.before)} → ${JSON.stringify(row.after)}`
                        : row.details
                          ? JSON.stringify(row.details)
                          : ''}
                    </TableCell>
                    <TableCell>{row.ip ?? '—'}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Paper>
          <Box sx={{ display: 'flex', gap: 1, mt: 2 }}>
            <Button disabled={!cursor} onClick={() => setState({ cursor: undefined })}>
              First page
            </Button>
            <Button disabled={!audit.data.nextCursor} onClick={() => setState({ cursor: audit.data.nextCursor })}>
              Next page
            </Button>
          </Box>
        </>
      )}
    </>
  );
}
