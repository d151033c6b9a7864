import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import InputLabel from '@mui/material/InputLabel';
import MenuItem from '@mui/material/MenuItem';
import Select from '@mui/material/Select';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import { DIRECTION_LABELS, DIRECTIONS, METHOD_LABELS, PAYMENT_METHODS, PROVIDER_LABELS, PROVIDERS, dayInZone } from '@paydesk/domain';
import { useState } from 'react';
import { isHourlyAllowed, RANGE_LABELS, rangeLengthInDays, type AnalyticsUrlState } from './analytics-url.ts';

type Update = (changes: Partial<Record<keyof AnalyticsUrlState, string | undefined>>) => void;

function addDays(day: string, count: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + count * 86_400_000).toISOString().slice(0, 10);
}

function SelectFilter<T extends string>(props: {
  id: string;
  label: string;
  value: T | undefined;
  options: readonly T[];
  labels: Readonly<Record<T, string>>;
  onChange: (value: T | undefined) => void;
}) {
  return (
    <FormControl size="small" sx={{ minWidth: 140 }}>
      <InputLabel id={`${props.id}-label`}>{props.label}</InputLabel>
      <Select
        labelId={`${props.id}-label`}
        id={props.id}
        label={props.label}
        value={props.value ?? ''}
        onChange={(event) => props.onChange((event.target.value || undefined) as T | undefined)}
      >
        <MenuItem value="">All</MenuItem>
        {props.options.map((option) => (
          <MenuItem key={option} value={option}>
            {props.labels[option]}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

/** Country, currency and bank are typed; they apply on Enter or with the button. */
function TextFilters({ state, update }: { state: AnalyticsUrlState; update: Update }) {
  const [draft, setDraft] = useState({ country: state.country ?? '', currency: state.currency ?? '', bank: state.bank ?? '' });
  const countryError = draft.country !== '' && !/^[A-Za-z]{2}$/.test(draft.country.trim());
  const currencyError = draft.currency !== '' && !/^[A-Za-z]{3}$/.test(draft.currency.trim());
  return (
    <Box
      component="form"
      aria-label="Country, currency and bank"
      onSubmit={(event) => {
        event.preventDefault();
        if (countryError || currencyError) return;
        update({
          country: draft.country.trim().toUpperCase() || undefined,
          currency: draft.currency.trim().toUpperCase() || undefined,
          bank: draft.bank.trim() || undefined,
        });
      }}
      sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'flex-start' }}
    >
      <TextField
        size="small"
        label="Country"
        value={draft.country}
        error={countryError}
        helperText={countryError ? 'Two letters, e.g. BR' : undefined}
        onChange={(event) => setDraft({ ...draft, country: event.target.value })}
        sx={{ width: 110 }}
      />
      <TextField
        size="small"
        label="Currency"
        value={draft.currency}
        error={currencyError}
        helperText={currencyError ? 'Three letters, e.g. EUR' : undefined}
        onChange={(event) => setDraft({ ...draft, currency: event.target.value })}
        sx={{ width: 110 }}
      />
      <TextField size="small" label="Bank id" value={draft.bank} onChange={(event) => setDraft({ ...draft, bank: event.target.value })} sx={{ width: 160 }} />
      <Button type="submit" variant="outlined">
        Apply
      </Button>
    </Box>
  );
}

function CustomRange({ state, update, today }: { state: AnalyticsUrlState; update: Update; today: string }) {
  const [draft, setDraft] = useState({ from: state.from ?? addDays(today, -6), to: state.to ?? today });
  const isValid = draft.from !== '' && draft.to !== '' && draft.from <= draft.to;
  return (
    <Box
      component="form"
      aria-label="Custom range"
      onSubmit={(event) => {
        event.preventDefault();
        if (!isValid) return;
        const days = rangeLengthInDays({ range: 'custom', ...draft }) ?? 0;
        update({ range: 'custom', from: draft.from, to: draft.to, ...(days > 7 && state.granularity === 'hour' ? { granularity: 'day' } : {}) });
      }}
      sx={{ display: 'flex', gap: 1, alignItems: 'flex-start' }}
    >
      <TextField size="small" type="date" label="From day" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} slotProps={{ inputLabel: { shrink: true } }} />
      <TextField
        size="small"
        type="date"
        label="To day"
        value={draft.to}
        error={!isValid}
        helperText={!isValid ? 'Must not be before the first day' : undefined}
        onChange={(e) => setDraft({ ...draft, to: e.target.value })}
        slotProps={{ inputLabel: { shrink: true } }}
      />
      <Button type="submit" variant="outlined" disabled={!isValid}>
        Show
      </Button>
    </Box>
  );
}

/** Range, granularity, filters, split and comparison; every change goes to the URL. */
export function AnalyticsControls({ state, update, timeZone }: { state: AnalyticsUrlState; update: Update; timeZone: string }) {
  const today = dayInZone(new Date(), timeZone);
  const isHourly = isHourlyAllowed(state);
  return (
    <Box component="section" aria-label="What to show" sx={{ display: 'flex', flexDirection: 'column', gap: 2, mb: 3 }}>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'center' }}>
        <FormControl size="small" sx={{ minWidth: 160 }}>
          <InputLabel id="analytics-range-label">Range</InputLabel>
          <Select
            labelId="analytics-range-label"
            id="analytics-range"
            label="Range"
            value={state.range}
            onChange={(event) => {
              const range = event.target.value as AnalyticsUrlState['range'];
              if (range === 'custom') {
                update({ range, from: state.from ?? addDays(today, -6), to: state.to ?? today });
                return;
              }
              const granularity = range === '24h' ? 'hour' : !isHourlyAllowed({ range }) && state.granularity === 'hour' ? 'day' : state.granularity;
              update({ range, from: undefined, to: undefined, granularity });
            }}
          >
            {(Object.keys(RANGE_LABELS) as Array<AnalyticsUrlState['range']>).map((range) => (
              <MenuItem key={range} value={range}>
                {RANGE_LABELS[range]}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
        {state.range === 'custom' && <CustomRange key={`${state.from}-${state.to}`} state={state} update={update} today={today} />}
        <ToggleButtonGroup
          size="small"
          exclusive
          aria-label="Granularity"
          value={state.range === '24h' ? 'hour' : state.granularity}
          onChange={(_event, value: AnalyticsUrlState['granularity'] | null) => value && update({ granularity: value })}
        >
          <ToggleButton value="hour" disabled={!isHourly}>
            Hour
          </ToggleButton>
          <ToggleButton value="day" disabled={state.range === '24h'}>
            Day
          </ToggleButton>
          <ToggleButton value="week" disabled={state.range === '24h'}>
            Week
          </ToggleButton>
        </ToggleButtonGroup>
        <FormControlLabel
          control={<Switch checked={state.compare === 'previous'} onChange={(event) => update({ compare: event.target.checked ? undefined : 'none' })} />}
          label="Compare with the previous period"
        />
      </Box>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'flex-start' }}>
        <SelectFilter id="analytics-provider" label="Provider" value={state.provider} options={PROVIDERS} labels={PROVIDER_LABELS} onChange={(provider) => update({ provider })} />
        <SelectFilter id="analytics-method" label="Method" value={state.method} options={PAYMENT_METHODS} labels={METHOD_LABELS} onChange={(method) => update({ method })} />
        <SelectFilter id="analytics-direction" label="Direction" value={state.direction} options={DIRECTIONS} labels={DIRECTION_LABELS} onChange={(direction) => update({ direction })} />
        <TextFilters key={`${state.country}-${state.currency}-${state.bank}`} state={state} update={update} />
        <Button
          onClick={() => update({ provider: undefined, method: undefined, direction: undefined, country: undefined, currency: undefined, bank: undefined })}
        >
          Clear filters
        </Button>
      </Box>
    </Box>
  );
}
