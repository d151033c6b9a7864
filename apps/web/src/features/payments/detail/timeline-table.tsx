import WarningIcon from '@mui/icons-material/Warning';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useBusinessTimeZone } from '../../../app/business-time-zone.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { EmptyState } from '../../../shared/page-states.tsx';
import { ProviderCode } from '../../../shared/provider-code.tsx';
import { formatDuration } from '../shared/format-duration.ts';
import { StatusChip } from '../shared/status-chip.tsx';
import type { TimelineEntry } from '../shared/types.ts';

const SOURCE_LABELS: Readonly<Record<string, string>> = {
  webhook: 'Webhook',
  poll: 'Status poll',
  archive: 'Kashimi history',
  manual: 'Manual (staff)',
};

/** Every status event in time order, each explained, with the time spent at each step. */
export function TimelineTable({ timeline, isStuck }: { timeline: TimelineEntry[]; isStuck: boolean }) {
  const zone = useBusinessTimeZone();
  return (
    <Box component="section" aria-labelledby="timeline-title">
      <Typography id="timeline-title" variant="h6" component="h2" gutterBottom>
        Timeline
      </Typography>
      {timeline.length === 0 ? (
        <EmptyState title="No status events yet">Events appear here as the provider reports them.</EmptyState>
      ) : (
        <Paper variant="outlined" sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-label="Status events">
            <TableHead>
              <TableRow>
                <TableCell>Time ({zone})</TableCell>
                <TableCell>Step</TableCell>
                <TableCell>Status (provider’s)</TableCell>
                <TableCell>Meaning</TableCell>
                <TableCell>Source</TableCell>
                <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                  Time in step
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {timeline.map((event) => {
                const isFailure = event.status === 'FAILED';
                return (
                  <TableRow key={event.id} sx={isFailure ? { '& td:first-of-type': { borderLeft: '4px solid', borderLeftColor: 'error.main' } } : undefined}>
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(event.occurredAt, zone)}</TableCell>
                    {/* Step names are short ("7. Payment execution"); on one line they read as a label, not a sentence. */}
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{event.step}</TableCell>
                    <TableCell>
                      <StatusChip status={event.status} />
                      <Box sx={{ fontSize: 12, mt: 0.5 }}>
                        <ProviderCode code={event.detailedStatus ?? event.providerStatus} />
                      </Box>
                    </TableCell>
                    <TableCell sx={{ minWidth: 260 }}>
                      {event.meaning}
                      {!event.isKnown && ' (not in our catalogue yet)'}
                      {event.failures.map((failure) => (
                        <Box key={failure.code ?? 'none'} sx={{ mt: 0.5 }}>
                          <strong>{failure.categoryLabel}</strong>: <code>{failure.code}</code> — {failure.meaning}
                        </Box>
                      ))}
                    </TableCell>
                    <TableCell>{SOURCE_LABELS[event.source] ?? event.source}</TableCell>
                    <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                      {event.durationMs === null ? '—' : formatDuration(event.durationMs)}
                      {event.isOngoing && (
                        <Box>
                          <Chip size="small" variant="outlined" icon={isStuck ? <WarningIcon /> : undefined} label={isStuck ? 'Stuck, still here' : 'Still here'} />
                        </Box>
                      )}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </Paper>
      )}
    </Box>
  );
}
