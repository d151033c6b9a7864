import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import { describeFilter, removeTokenAt, tokenizeSearch, type FreeTextKind, type SearchQuery } from '@paydesk/domain';

const TEXT_KIND_LABELS: Readonly<Record<FreeTextKind, string>> = {
  uuid: 'an exact id',
  email: 'a reference, else the customer email',
  email_part: 'a reference, else emails containing it',
  phone: 'a reference, else the phone number',
  card_last4: 'a reference, else the card’s last four',
  name: 'a reference, else names and emails containing it',
  too_short: 'an exact reference (names need 3+ characters)',
};

/** One chip per active filter, each removable, and "clear all". */
export function ActiveFilters({ q, query, onChange }: { q: string; query: SearchQuery; onChange: (q: string) => void }) {
  if (q.trim() === '') return null;
  const fieldTokens = tokenizeSearch(q).filter((token) => token.field !== null);
  return (
    <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, alignItems: 'center' }} aria-label="Active filters" role="group">
      {query.text && (
        <Chip
          label={`“${query.text.raw}” as ${TEXT_KIND_LABELS[query.text.kind]}`}
          onDelete={() => onChange(fieldTokens.map((token) => token.raw).join(' '))}
        />
      )}
      {query.filters.map((filter, index) => {
        const token = fieldTokens[index];
        if (!token) return null;
        const label = describeFilter(filter);
        return <Chip key={`${token.start}-${token.raw}`} label={label} onDelete={() => onChange(removeTokenAt(q, token.start))} />;
      })}
      <Button size="small" onClick={() => onChange('')}>
        Clear all
      </Button>
    </Box>
  );
}
