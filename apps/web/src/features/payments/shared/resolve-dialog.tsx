import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import TextField from '@mui/material/TextField';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '../../../app/trpc.ts';

export interface ResolveTarget {
  id: string;
  label: string;
}

/**
 * Records the outcome of an uncertain payment after a person confirmed it with the
 * provider. The reason is mandatory and goes into the audit log; a later provider event
 * still replaces the manual outcome.
 */
export function ResolveDialog({ target, onClose }: { target: ResolveTarget | null; onClose: (resolved?: string) => void }) {
  const trpc = useTRPC();
  const [outcome, setOutcome] = useState<'COMPLETED' | 'FAILED' | ''>('');
  const [reason, setReason] = useState('');
  const resolve = useMutation(
    trpc.payments.resolveManually.mutationOptions({
      onSuccess: (result) => {
        setOutcome('');
        setReason('');
        onClose(result.status);
      },
    }),
  );
  const isReasonShort = reason.trim().length < 10;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!target || outcome === '' || isReasonShort) return;
    resolve.mutate({ id: target.id, outcome, reason: reason.trim() });
  };
  return (
    <Dialog open={target !== null} onClose={() => onClose()} aria-labelledby="resolve-title" fullWidth maxWidth="sm">
      <Box component="form" onSubmit={onSubmit} noValidate>
        <DialogTitle id="resolve-title">Resolve {target?.label} by hand</DialogTitle>
        <DialogContent sx={{ display: 'grid', gap: 2 }}>
          <DialogContentText>
            Record the outcome only after the provider confirmed it. Your name and reason are kept in the audit log. If the provider reports a final
            status later, it replaces what you record here.
          </DialogContentText>
          {resolve.isError && <Alert severity="error">{resolve.error.message}</Alert>}
          <Box>
            <FormLabel id="resolve-outcome-label">Confirmed outcome</FormLabel>
            <RadioGroup row aria-labelledby="resolve-outcome-label" value={outcome} onChange={(e) => setOutcome(e.target.value as 'COMPLETED' | 'FAILED')}>
              <FormControlLabel value="COMPLETED" control={<Radio />} label="Money arrived (completed)" />
              <FormControlLabel value="FAILED" control={<Radio />} label="No money moved (failed)" />
            </RadioGroup>
          </Box>
          <TextField
            label="How was it confirmed?"
            required
            multiline
            minRows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            helperText="At least 10 characters, e.g. “Kasha support confirmed by email, case 4471”."
            error={reason.length > 0 && isReasonShort}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => onClose()}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={outcome === '' || isReasonShort} loading={resolve.isPending}>
            Record outcome
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}
