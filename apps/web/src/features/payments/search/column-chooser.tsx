import ViewColumnIcon from '@mui/icons-material/ViewColumn';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Divider from '@mui/material/Divider';
import FormControlLabel from '@mui/material/FormControlLabel';
import ListSubheader from '@mui/material/ListSubheader';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Radio from '@mui/material/Radio';
import type { ColumnVisibilityState } from '@tanstack/react-table';
import { useState } from 'react';
import { COLUMN_LABELS } from './payment-columns.tsx';
import type { Density } from './table-preferences.ts';

interface ColumnChooserProps {
  columnVisibility: ColumnVisibilityState;
  density: Density;
  onColumnVisible: (id: string, isVisible: boolean) => void;
  onDensity: (density: Density) => void;
  onReset: () => void;
}

/** Which columns show and how dense the rows are; remembered for the user in the database. */
export function ColumnChooser({ columnVisibility, density, onColumnVisible, onDensity, onReset }: ColumnChooserProps) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const visibleCount = COLUMN_LABELS.filter(([id]) => columnVisibility[id] !== false).length;
  return (
    <>
      <Button startIcon={<ViewColumnIcon />} onClick={(event) => setAnchor(event.currentTarget)} aria-haspopup="menu" aria-expanded={anchor !== null}>
        Columns
      </Button>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        <ListSubheader>Columns</ListSubheader>
        {COLUMN_LABELS.map(([id, label]) => {
          const isVisible = columnVisibility[id] !== false;
          return (
            <MenuItem
              key={id}
              dense
              role="menuitemcheckbox"
              aria-checked={isVisible}
              // Keep at least one column: an empty table helps nobody.
              disabled={isVisible && visibleCount === 1}
              onClick={() => onColumnVisible(id, !isVisible)}
            >
              <FormControlLabel control={<Checkbox size="small" checked={isVisible} tabIndex={-1} />} label={label} sx={{ pointerEvents: 'none', m: 0 }} />
            </MenuItem>
          );
        })}
        <Divider />
        <ListSubheader>Density</ListSubheader>
        {(['compact', 'comfortable'] as const).map((value) => (
          <MenuItem key={value} dense role="menuitemradio" aria-checked={density === value} onClick={() => onDensity(value)}>
            <FormControlLabel
              control={<Radio size="small" checked={density === value} tabIndex={-1} />}
              label={value === 'compact' ? 'Compact rows' : 'Comfortable rows'}
              sx={{ pointerEvents: 'none', m: 0 }}
            />
          </MenuItem>
        ))}
        <Divider />
        <MenuItem dense onClick={onReset}>
          Reset to defaults
        </MenuItem>
      </Menu>
    </>
  );
}
