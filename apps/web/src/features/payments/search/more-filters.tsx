import TuneIcon from '@mui/icons-material/Tune';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Popover from '@mui/material/Popover';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { fieldValueInQuery, KASHIMI_PHASES, parseSearchQuery, setFieldInQuery, type SearchField } from '@paydesk/domain';
import { useState, type FormEvent } from 'react';

interface Draft {
  country: string;
  currency: string;
  bank: string;
  amountFrom: string;
  amountTo: string;
  createdFrom: string;
  createdTo: string;
  phase: string;
}

// Only plain values and a..b ranges are edited here; other forms (amount:>100,
// created:7d from the quick filter) are left as typed unless these fields are filled.
const AMOUNT_RANGE = /^(\d+(\.\d+)?)?(\.\.(\d+(\.\d+)?)?)?$/;
const DAY_RANGE = /^(\d{4}-\d{2}-\d{2})?(\.\.(\d{4}-\d{2}-\d{2})?)?$/;

function splitRange(value: string | null, shape: RegExp): [string, string] {
  if (!value || !shape.test(value)) return ['', ''];
  if (!value.includes('..')) return [value, value];
  const [from = '', to = ''] = value.split('..');
  return [from, to];
}

function draftFrom(q: string): Draft {
  const [amountFrom, amountTo] = splitRange(fieldValueInQuery(q, 'amount'), AMOUNT_RANGE);
  const [createdFrom, createdTo] = splitRange(fieldValueInQuery(q, 'created'), DAY_RANGE);
  return {
    country: fieldValueInQuery(q, 'country') ?? '',
    currency: fieldValueInQuery(q, 'currency') ?? '',
    bank: fieldValueInQuery(q, 'bank') ?? '',
    amountFrom,
    amountTo,
    createdFrom,
    createdTo,
    phase: fieldValueInQuery(q, 'phase') ?? '',
  };
}

/** The field's new value: the edited range, or what was typed when it is not a range this form edits. */
function range(from: string, to: string, current: string | null, shape: RegExp): string | null {
  if (!from && !to) return current !== null && !shape.test(current) ? current : null;
  if (from && from === to) return from;
  return `${from}..${to}`;
}

/** Filters that do not fit the quick row. They write the same field:value text, checked by the same parser. */
export function MoreFilters({ q, onChange, isDisabled }: { q: string; onChange: (q: string) => void; isDisabled: boolean }) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [draft, setDraft] = useState<Draft>(() => draftFrom(q));
  const [error, setError] = useState<string | null>(null);
  const set = (key: keyof Draft) => (event: { target: { value: string } }) => setDraft({ ...draft, [key]: event.target.value });

  const open = (element: HTMLElement) => {
    setDraft(draftFrom(q));
    setError(null);
    setAnchor(element);
  };
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const changes: Array<[SearchField, string | null]> = [
      ['country', draft.country.trim() || null],
      ['currency', draft.currency.trim() || null],
      ['bank', draft.bank.trim() || null],
      ['amount', range(draft.amountFrom.trim(), draft.amountTo.trim(), fieldValueInQuery(q, 'amount'), AMOUNT_RANGE)],
      ['created', range(draft.createdFrom, draft.createdTo, fieldValueInQuery(q, 'created'), DAY_RANGE)],
      ['phase', draft.phase || null],
    ];
    const next = changes.reduce((text, [field, value]) => setFieldInQuery(text, field, value), q);
    const parsed = parseSearchQuery(next);
    if (!parsed.ok) {
      setError(parsed.errors.map((e) => e.message).join(' '));
      return;
    }
    setAnchor(null);
    onChange(next);
  };

  return (
    <>
      <Button startIcon={<TuneIcon />} onClick={(event) => open(event.currentTarget)} disabled={isDisabled} aria-haspopup="dialog">
        More filters
      </Button>
      <Popover
        open={anchor !== null}
        anchorEl={anchor}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
        slotProps={{ paper: { role: 'dialog', 'aria-labelledby': 'more-filters-title', sx: { p: 2, width: 440, maxWidth: '100vw' } } }}
      >
        <Box component="form" onSubmit={apply} sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: '1fr 1fr' }}>
          <Typography id="more-filters-title" variant="subtitle1" component="h2" sx={{ gridColumn: '1 / -1' }}>
            More filters
          </Typography>
          {error && (
            <Alert severity="error" sx={{ gridColumn: '1 / -1' }}>
              {error}
            </Alert>
          )}
          <TextField size="small" label="Country" placeholder="BR" value={draft.country} onChange={set('country')} helperText="Two letters; commas for several" />
          <TextField size="small" label="Currency" placeholder="EUR" value={draft.currency} onChange={set('currency')} helperText="Three letters" />
          <TextField size="small" label="Bank" value={draft.bank} onChange={set('bank')} helperText="Id or part of the name" sx={{ gridColumn: '1 / -1' }} />
          <TextField size="small" label="Amount from" value={draft.amountFrom} onChange={set('amountFrom')} helperText="In currency units, e.g. 100" slotProps={{ htmlInput: { inputMode: 'decimal' } }} />
          <TextField size="small" label="Amount to" value={draft.amountTo} onChange={set('amountTo')} helperText="Both ends included" slotProps={{ htmlInput: { inputMode: 'decimal' } }} />
          <TextField size="small" type="date" label="Created from" value={draft.createdFrom} onChange={set('createdFrom')} slotProps={{ inputLabel: { shrink: true } }} />
          <TextField size="small" type="date" label="Created to" value={draft.createdTo} onChange={set('createdTo')} slotProps={{ inputLabel: { shrink: true } }} helperText="Days in the business time zone" />
          <TextField
            size="small"
            select
            label="Kashimi phase"
            value={/^[1-7]$/.test(draft.phase) ? draft.phase : ''}
            onChange={set('phase')}
            slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
            sx={{ gridColumn: '1 / -1' }}
          >
            <MenuItem value="">
              <em>Any</em>
            </MenuItem>
            {KASHIMI_PHASES.map((phase) => (
              <MenuItem key={phase.phase} value={String(phase.phase)}>
                {phase.phase}. {phase.label}
              </MenuItem>
            ))}
          </TextField>
          <Box sx={{ gridColumn: '1 / -1', display: 'flex', justifyContent: 'flex-end', gap: 1 }}>
            <Button onClick={() => setAnchor(null)}>Cancel</Button>
            <Button type="submit" variant="contained">
              Apply
            </Button>
          </Box>
        </Box>
      </Popover>
    </>
  );
}
