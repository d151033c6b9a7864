import DotIcon from '@mui/icons-material/FiberManualRecord';
import Chip from '@mui/material/Chip';
import { UNIFIED_STATUS_LABELS, type UnifiedStatus } from '@paydesk/domain';

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

/**
 * The unified status as a chip. The word is always there and stays in the body text
 * colour (MUI's info and warning colours are too light for text); colour marks the
 * border and the dot only.
 */
export function StatusChip({ status, size = 'small' }: { status: string; size?: 'small' | 'medium' }) {
  const color = isUnifiedStatus(status) ? colors[status] : null;
  return (
    <Chip
      size={size}
      variant="outlined"
      icon={color ? <DotIcon /> : undefined}
      label={color ? UNIFIED_STATUS_LABELS[status as UnifiedStatus] : status}
      // The icon colour sits on the root's own rule, which comes after the Chip's default icon colour.
      sx={{ fontWeight: 600, color: 'text.primary', borderColor: color ? `${color}.main` : undefined, '& .MuiChip-icon': color ? { color: `${color}.main` } : {} }}
    />
  );
}
