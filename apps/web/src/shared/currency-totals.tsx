import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { countFormat, formatMoney } from './format.ts';

export interface CurrencyTotal {
  currency: string;
  count: number;
  amountMinor: number;
}

/**
 * Money totals, one line per currency: amounts in different currencies are never added
 * up. The sums come from the server in integer minor units; this only formats them.
 */
export function CurrencyTotals({ totals, label, noun = 'payout' }: { totals: readonly CurrencyTotal[]; label: string; noun?: string }) {
  if (totals.length === 0) return null;
  return (
    <Box component="ul" aria-label={label} sx={{ listStyle: 'none', p: 0, m: 0, display: 'grid', gap: 0.5 }}>
      {totals.map((total) => (
        <Typography component="li" key={total.currency} sx={{ fontVariantNumeric: 'tabular-nums' }}>
          <strong>{formatMoney(total.amountMinor, total.currency)}</strong> in {countFormat.format(total.count)} {total.count === 1 ? noun : `${noun}s`}
        </Typography>
      ))}
    </Box>
  );
}
