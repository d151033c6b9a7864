import DotIcon from '@mui/icons-material/FiberManualRecord';
import Chip from '@mui/material/Chip';

/** The palette colours a chip may be marked with; `null` is a plain, unmarked chip. */
export type ChipTone = 'success' | 'error' | 'info' | 'warning' | 'primary' | 'secondary' | null;

/**
 * A short state word as a chip. The word stays in the body text colour because several
 * palette colours (info, warning, and white on orange when filled) fall below WCAG AA as
 * text in the light theme; the tone marks only the border and a dot, which carry no text.
 */
export function ToneChip({
  label,
  tone,
  size = 'small',
}: {
  label: string;
  tone: ChipTone;
  size?: 'small' | 'medium';
}) {
  return (
    <Chip
      size={size}
      variant="outlined"
      icon={tone ? <DotIcon /> : undefined}
      label={label}
      // The icon colour sits on the root's own rule, which comes after the Chip's default icon colour.
      sx={{
        fontWeight: 600,
        color: 'text.primary',
        borderColor: tone ? `${tone}.main` : undefined,
        '& .MuiChip-icon': tone ? { color: `${tone}.main` } : {},
      }}
    />
  );
}
