import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { LiveConnection } from './live.ts';

const LABELS: Readonly<Record<LiveConnection, string>> = {
  live: 'Live',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  offline: 'Not live',
};

/**
 * Says whether the page updates by itself. The words carry the meaning (the dot only
 * repeats it, for a glance), and a role="status" region announces a lost or regained
 * connection politely. `fallback` says how the page stays current while not live.
 */
export function LiveStatus({ connection, fallback }: { connection: LiveConnection; fallback?: string }) {
  const isLive = connection === 'live';
  return (
    <Box role="status" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.75 }} data-testid="live-status">
      <Box
        component="span"
        aria-hidden
        sx={{
          width: 8,
          height: 8,
          borderRadius: '50%',
          flexShrink: 0,
          bgcolor: isLive ? 'success.main' : 'transparent',
          border: 2,
          borderColor: isLive ? 'success.main' : 'text.secondary',
        }}
      />
      <Typography variant="body2" color="text.secondary" component="span">
        {LABELS[connection]}
        {!isLive && connection !== 'connecting' && fallback ? ` · ${fallback}` : ''}
      </Typography>
    </Box>
  );
}
