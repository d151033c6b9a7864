import DownloadIcon from '@mui/icons-material/Download';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { useRef, useState } from 'react';
import { countFormat } from '../../../shared/format.ts';
import type { PaymentSort } from '../shared/types.ts';

type ExportState =
  | { phase: 'idle' }
  | { phase: 'running'; rows: number; expected: number | null; isCapped: boolean }
  | { phase: 'done'; rows: number }
  | { phase: 'failed'; message: string };

const NEWLINE = 0x0a;

function countLines(chunk: Uint8Array): number {
  let lines = 0;
  for (let i = chunk.indexOf(NEWLINE); i >= 0; i = chunk.indexOf(NEWLINE, i + 1)) lines += 1;
  return lines;
}

/**
 * Downloads every matching payment as CSV. The server streams it; the browser reads the
 * stream to show progress (rows so far out of the count the server announces) and can
 * cancel it. Personal data arrives already masked for roles that may not see it.
 */
export function ExportButton({ q, sort }: { q: string; sort: PaymentSort }) {
  const [state, setState] = useState<ExportState>({ phase: 'idle' });
  const abort = useRef<AbortController | null>(null);

  const run = async () => {
    const controller = new AbortController();
    abort.current = controller;
    try {
      const response = await fetch(`/api/payments/export.csv?${new URLSearchParams({ q, sort })}`, { signal: controller.signal });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => null)) as { error?: string } | null;
        setState({ phase: 'failed', message: body?.error ?? `The export failed (HTTP ${response.status}).` });
        return;
      }
      const expectedHeader = response.headers.get('X-Matching-Rows');
      const isCapped = response.headers.get('X-Matching-Rows-Capped') === 'true';
      const expected = expectedHeader === null ? null : Number(expectedHeader);
      // Raw bytes, not decoded text: decoding would drop the byte-order mark spreadsheets need.
      const parts: Uint8Array<ArrayBuffer>[] = [];
      // The header line is not a payment.
      let rows = -1;
      setState({ phase: 'running', rows: 0, expected, isCapped });
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        rows += countLines(value);
        setState({ phase: 'running', rows: Math.max(rows, 0), expected, isCapped });
      }
      const url = URL.createObjectURL(new Blob(parts, { type: 'text/csv;charset=utf-8' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `paydesk-payments-${new Date().toISOString().slice(0, 10)}.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setState({ phase: 'done', rows: Math.max(rows, 0) });
    } catch (error) {
      if (controller.signal.aborted) setState({ phase: 'idle' });
      else setState({ phase: 'failed', message: error instanceof Error ? error.message : String(error) });
    } finally {
      abort.current = null;
    }
  };

  if (state.phase === 'running') {
    const percent = state.expected && !state.isCapped ? Math.min(100, (state.rows / Math.max(state.expected, 1)) * 100) : null;
    return (
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, minWidth: 260 }} role="status" aria-live="polite">
        <Box sx={{ flexGrow: 1 }}>
          <Typography variant="caption">
            Exporting {countFormat.format(state.rows)}
            {state.expected !== null ? ` of ${countFormat.format(state.expected)}${state.isCapped ? '+' : ''}` : ''} rows
          </Typography>
          <LinearProgress variant={percent === null ? 'indeterminate' : 'determinate'} value={percent ?? undefined} aria-label="Export progress" />
        </Box>
        <Button size="small" onClick={() => abort.current?.abort()}>
          Cancel
        </Button>
      </Box>
    );
  }
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
      <Button startIcon={<DownloadIcon />} onClick={() => void run()}>
        Export CSV
      </Button>
      {state.phase === 'done' && (
        <Typography variant="caption" role="status">
          Exported {countFormat.format(state.rows)} {state.rows === 1 ? 'row' : 'rows'}
        </Typography>
      )}
      {state.phase === 'failed' && (
        <Alert severity="error" onClose={() => setState({ phase: 'idle' })} sx={{ py: 0 }}>
          {state.message}
        </Alert>
      )}
    </Box>
  );
}
