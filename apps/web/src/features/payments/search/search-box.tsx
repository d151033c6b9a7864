import ClearIcon from '@mui/icons-material/Close';
import SearchIcon from '@mui/icons-material/Search';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import InputAdornment from '@mui/material/InputAdornment';
import TextField from '@mui/material/TextField';
import { parseSearchQuery, type SearchError } from '@paydesk/domain';
import { useState, type FormEvent } from 'react';
import { SearchHelp } from './search-help.tsx';

/**
 * The one search box. It edits a draft; Enter checks the syntax first and shows what is
 * wrong inline instead of running a search that would come back empty.
 */
export function SearchBox({ initial, onSubmit, isBusy }: { initial: string; onSubmit: (q: string) => void; isBusy: boolean }) {
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<readonly SearchError[]>([]);
  // The query can change from outside (filter chips, controls, back and forward): the draft
  // follows it. Adjusted during render rather than by remounting, so focus stays in the box.
  const [lastInitial, setLastInitial] = useState(initial);
  if (initial !== lastInitial) {
    setLastInitial(initial);
    setDraft(initial);
    setErrors([]);
  }
  const submit = (text: string) => {
    const result = parseSearchQuery(text);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors([]);
    onSubmit(text.trim());
  };
  const onFormSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit(draft);
  };
  return (
    <Box component="form" role="search" aria-label="Search payments" onSubmit={onFormSubmit} sx={{ display: 'flex', gap: 1, alignItems: 'flex-start' }}>
      <TextField
        fullWidth
        label="Search payments"
        placeholder="Reference, email, name, phone, last four digits… or field:value (see ?)"
        value={draft}
        onChange={(event) => {
          setDraft(event.target.value);
          if (errors.length > 0) setErrors([]);
        }}
        error={errors.length > 0}
        helperText={
          errors.length > 0 ? (
            <span role="alert">
              {errors.map((error) => (
                <span key={`${error.start}-${error.token}`} style={{ display: 'block' }}>
                  {/* Most messages already quote what was typed; the token is shown only where one does not. */}
                  {error.token && !error.message.includes(error.token) ? <code>{error.token}</code> : null} {error.message}
                </span>
              ))}
            </span>
          ) : (
            'Exact references open the payment directly. Try provider:kasha status:failed created:today'
          )
        }
        slotProps={{
          htmlInput: { spellCheck: false, autoComplete: 'off' },
          input: {
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon />
              </InputAdornment>
            ),
            endAdornment: (
              <InputAdornment position="end">
                {draft.length > 0 && (
                  <IconButton
                    aria-label="Clear the search"
                    onClick={() => {
                      setDraft('');
                      setErrors([]);
                      onSubmit('');
                    }}
                  >
                    <ClearIcon />
                  </IconButton>
                )}
                <SearchHelp onExample={(example) => setDraft((current) => `${current.trim()} ${example}`.trim())} />
              </InputAdornment>
            ),
          },
        }}
      />
      <Button type="submit" variant="contained" loading={isBusy} sx={{ mt: 1 }}>
        Search
      </Button>
    </Box>
  );
}
