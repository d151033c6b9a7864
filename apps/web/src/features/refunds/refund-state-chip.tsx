import WarningIcon from '@mui/icons-material/WarningAmberOutlined';
import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import { isRefundState, REFUND_STATE_LABELS, REFUND_STATE_MEANINGS, type RefundState } from '@paydesk/domain';

// No info blue or warning orange for text: both fail WCAG AA contrast on white in MUI's
// palette; "unknown" gets a warning icon instead.
const colors: Record<RefundState, 'default' | 'primary' | 'success' | 'error'> = {
  requested: 'default',
  submitted: 'primary',
  succeeded: 'success',
  failed: 'error',
  unknown: 'default',
};

/** A refund's state in words (colour only adds to them), with what it means on hover. */
export function RefundStateChip({ state }: { state: string }) {
  if (!isRefundState(state)) return <Chip size="small" variant="outlined" label={state} />;
  return (
    <Tooltip title={REFUND_STATE_MEANINGS[state]}>
      <Chip
        size="small"
        variant="outlined"
        color={colors[state]}
        label={REFUND_STATE_LABELS[state]}
        {...(state === 'unknown' ? { icon: <WarningIcon color="warning" /> } : {})}
        sx={{ fontWeight: 600 }}
      />
    </Tooltip>
  );
}
