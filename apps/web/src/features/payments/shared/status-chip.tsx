import { UNIFIED_STATUS_LABELS, type UnifiedStatus } from '@paydesk/domain';
import { ToneChip } from '../../../shared/tone-chip.tsx';

const colors = {
  COMPLETED: 'success',
  FAILED: 'error',
  PENDING: 'info',
  UNKNOWN: 'warning',
  REFUNDED: 'secondary',
} as const satisfies Record<UnifiedStatus, string>;

function isUnifiedStatus(value: string): value is UnifiedStatus {
  return value in colors;
}

/** The unified status as a chip; a status we do not know is shown as sent, unmarked. */
export function StatusChip({ status, size = 'small' }: { status: string; size?: 'small' | 'medium' }) {
  return isUnifiedStatus(status) ? (
    <ToneChip size={size} tone={colors[status]} label={UNIFIED_STATUS_LABELS[status]} />
  ) : (
    <ToneChip size={size} tone={null} label={status} />
  );
}
