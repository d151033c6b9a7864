import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Snackbar from '@mui/material/Snackbar';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import { PROVIDER_LABELS, PROVIDERS } from '@paydesk/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { useBusinessTimeZone } from '../../app/business-time-zone.ts';
import { useCan } from '../../app/session.tsx';
import { useTRPC } from '../../app/trpc.ts';
import { formatDateTime } from '../../shared/format.ts';
import { EmptyState, ErrorState, LoadingState } from '../../shared/page-states.tsx';
import { ToneChip, type ChipTone } from '../../shared/tone-chip.tsx';
import { useUrlState } from '../../shared/url-state.ts';

const states = ['received', 'processed', 'duplicate', 'rejected', 'failed'] as const;
const stateTone = {
  received: 'info',
  processed: 'success',
  duplicate: null,
  rejected: 'error',
  failed: 'error',
} as const satisfies Record<string, ChipTone>;

const inboxUrlSchema = z.object({
  provider: z.enum(PROVIDERS).optional(),
  state: z.enum(states).optional(),
  cursor: z.string().optional(),
});

function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

export function InboxPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const zone = useBusinessTimeZone();
  const canReplay = useCan('inbox.replay');
  const [state, setState] = useUrlState(inboxUrlSchema);
  const inbox = useQuery(
    trpc.inbox.list.queryOptions({ provider: state.provider, state: state.state, cursor: state.cursor }),
  );
  const [opened, setOpened] = useState<{ id: number; body: string; headers: unknown } | null>(null);
  const [notice, setNotice] = useState<{ severity: 'success' | 'error'; text: string } | null>(null);
  const replay = useMutation(
    trpc.inbox.replay.mutationOptions({
      onSuccess: async (result) => {
        setNotice({ severity: 'success', text: `Delivery ${result.id} is queued again.` });
        await queryClient.invalidateQueries({ queryKey: trpc.inbox.list.queryKey() });
      },
      onError: (error) => setNotice({ severity: 'error', text: error.message }),
    }),
  );

  return (
    <>
      <Box sx={{ display: 'flex', gap: 1, mb: 2, flexWrap: 'wrap' }}>
        <TextField
          select
          size="small"
          label="Provider"
          value={state.provider ?? ''}
          sx={{ minWidth: 160 }}
          onChange={(e) => setState({ provider: e.target.value || undefined, cursor: undefined })}
        >
          <MenuItem value="">All providers</MenuItem>
          {PROVIDERS.map((provider) => (
            <MenuItem key={provider} value={provider}>
              {PROVIDER_LABELS[provider]}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label="State"
          value={state.state ?? ''}
          sx={{ minWidth: 160 }}
          onChange={(e) => setState({ state: e.target.value || undefined, cursor: undefined })}
        >
          <MenuItem value="">All states</MenuItem>
          {states.map((s) => (
            <MenuItem key={s} value={s}>
              {s}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      {inbox.isPending ? (
        <LoadingState label="Loading webhook deliveries" />
      ) : inbox.isError ? (
        <ErrorState
          title="Could not load webhook deliveries."
          error={inbox.error}
          onRetry={() => void inbox.refetch()}
        />
      ) : inbox.data.rows.length === 0 ? (
        <EmptyState
          title={state.provider || state.state ? 'No deliveries match these filters' : 'No webhook deliveries yet'}
        />
      ) : (
        <>
          <Paper variant="outlined" sx={{ overflowX: 'auto' }}>
            <Table size="small" aria-label="Webhook deliveries">
              <TableHead>
                <TableRow>
                  <TableCell>Received ({zone})</TableCell>
                  <TableCell>Provider</TableCell>
                  <TableCell>State</TableCell>
                  <TableCell>Payment / event</TableCell>
                  <TableCell>Reason or error</TableCell>
                  <TableCell align="right">Actions</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {inbox.data.rows.map((row) => (
                  <TableRow key={row.id}>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(row.received_at, zone)}</TableCell>
                    <TableCell>{row.provider}</TableCell>
                    <TableCell>
                      <ToneChip tone={stateTone[row.state as keyof typeof stateTone] ?? null} label={row.state} />
                    </TableCell>
                    <TableCell sx={{ fontFamily: 'monospace', fontSize: 12 }}>
                      {row.provider_payment_id ?? '—'}
                      {row.event_key ? (
                        <Box component="span" sx={{ display: 'block', color: 'text.secondary' }}>
                          {row.event_key}
                        </Box>
                      ) : null}
                    </TableCell>
                    <TableCell>{row.reject_reason ?? row.last_error ?? ''}</TableCell>
                    <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                      <Button
                        size="small"
                        onClick={() => setOpened({ id: row.id, body: row.body, headers: row.headers })}
                      >
                        View payload
                      </Button>
                      {canReplay && row.state !== 'received' && (
                        <Button
                          size="small"
                          onClick={() => replay.mutate({ id: row.id })}
                          disabled={replay.isPending}
                          aria-label={`Replay delivery ${row.id}`}
                        >
                          Replay
                        </Button>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Paper>
          <Box sx={{ display: 'flex', gap: 1, mt: 2 }}>
            <Button disabled={!state.cursor} onClick={() => setState({ cursor: undefined })}>
              First page
            </Button>
            <Button disabled={!inbox.data.nextCursor} onClick={() => setState({ cursor: inbox.data.nextCursor })}>
              Next page
            </Button>
          </Box>
        </>
      )}
      <Dialog
        open={opened !== null}
        onClose={() => setOpened(null)}
        maxWidth="md"
        fullWidth
        aria-labelledby="delivery-title"
      >
        <DialogTitle id="delivery-title">Delivery {opened?.id}</DialogTitle>
        <DialogContent>
          <Box component="pre" sx={{ fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
            {opened ? prettyBody(opened.body) : ''}
          </Box>
          <Box component="pre" sx={{ fontSize: 12, color: 'text.secondary', whiteSpace: 'pre-wrap' }}>
            {opened ? JSON.stringify(opened.headers, null, 2) : ''}
          </Box>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpened(null)}>Close</Button>
        </DialogActions>
      </Dialog>
      <Snackbar
        open={notice !== null}
        autoHideDuration={notice?.severity === 'error' ? null : 5000}
        onClose={() => setNotice(null)}
      >
        {notice ? (
          <Alert severity={notice.severity} variant="filled" onClose={() => setNotice(null)}>
            {notice.text}
          </Alert>
        ) : undefined}
      </Snackbar>
    </>
  );
}
