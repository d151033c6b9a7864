import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { countFormat, formatMoney } from './format.ts';

export interface CurrencyTotal {
  currency: string;
  count: number;
  amountMinor: number;
}

/**
 * Money totals, one entry per currency: amounts in different currencies are never added
 * up. The sums come from the server in integer minor units; this only formats them. The
 * entries flow on as many lines as they need, so ten currencies do not push the table
 * below them off the screen.
 */
export function CurrencyTotals({ totals, label, noun = 'payout' }: { totals: readonly CurrencyTotal[]; label: string; noun?: string }) {
  if (totals.length === 0) return null;
  return (
    <Box component="ul" aria-label={label} sx={{ listStyle: 'none', p: 0, m: 0, display: 'flex', flexWrap: 'wrap', columnGap: 3, rowGap: 0.5 }}>
      {totals.map((total) => (
        <Typography component="li" key={total.currency} sx={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
          <strong>{formatMoney(total.amountMinor, total.currency)}</strong> in {countFormat.format(total.count)} {total.count === 1 ? noun : `${noun}s`}
        </Typography>
      ))}
    </Box>
  );
}
