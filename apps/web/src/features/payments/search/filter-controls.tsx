import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import {
  DIRECTION_LABELS,
  DIRECTIONS,
  FAILURE_CATEGORIES,
  FAILURE_CATEGORY_LABELS,
  fieldValueInQuery,
  METHOD_LABELS,
  PAYMENT_METHODS,
  PROVIDER_LABELS,
  PROVIDERS,
  setFieldInQuery,
  UNIFIED_STATUS_LABELS,
  UNIFIED_STATUSES,
  type SearchField,
} from '@paydesk/domain';

interface Option {
  value: string;
  label: string;
}

interface Control {
  field: SearchField;
  label: string;
  options: Option[];
}

// Quick filters mirror the search text: choosing one writes field:value into the query,
// and typing field:value shows up here. The query stays the single source of truth.
const controls: Control[] = [
  { field: 'provider', label: 'Provider', options: PROVIDERS.map((p) => ({ value: p, label: PROVIDER_LABELS[p] })) },
  { field: 'status', label: 'Status', options: UNIFIED_STATUSES.map((s) => ({ value: s.toLowerCase(), label: UNIFIED_STATUS_LABELS[s] })) },
  { field: 'method', label: 'Method', options: PAYMENT_METHODS.map((m) => ({ value: m, label: METHOD_LABELS[m] })) },
  { field: 'direction', label: 'Direction', options: DIRECTIONS.map((d) => ({ value: d, label: DIRECTION_LABELS[d] })) },
  {
    field: 'created',
    label: 'Created',
    options: [
      { value: 'today', label: 'Today' },
      { value: 'yesterday', label: 'Yesterday' },
      { value: '7d', label: 'Last 7 days' },
      { value: '30d', label: 'Last 30 days' },
    ],
  },
  { field: 'reason', label: 'Reason', options: FAILURE_CATEGORIES.map((c) => ({ value: c, label: FAILURE_CATEGORY_LABELS[c] })) },
];

export function FilterControls({ q, onChange, isDisabled }: { q: string; onChange: (q: string) => void; isDisabled: boolean }) {
  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1 }} role="group" aria-label="Quick filters">
      {controls.map((control) => {
        const current = fieldValueInQuery(q, control.field) ?? '';
        const isCustom = current !== '' && !control.options.some((o) => o.value === current.toLowerCase());
        return (
          <TextField
            key={control.field}
            select
            size="small"
            label={control.label}
            value={isCustom ? current : current.toLowerCase()}
            disabled={isDisabled}
            slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
            onChange={(event) => onChange(setFieldInQuery(q, control.field, event.target.value || null))}
            sx={{ minWidth: 140 }}
          >
            <MenuItem value="">
              <em>Any</em>
            </MenuItem>
            {isCustom && <MenuItem value={current}>{current}</MenuItem>}
            {control.options.map((option) => (
              <MenuItem key={option.value} value={option.value}>
                {option.label}
              </MenuItem>
            ))}
          </TextField>
        );
      })}
    </Box>
  );
}
