import { isProvider, METHOD_LABELS, PROVIDER_LABELS, type PaymentMethod } from '@paydesk/domain';
import type { SplitDimension } from '@paydesk/db';

/** How a split value reads on screen; '' is a payment without that dimension. Banks read by name, with their id. */
export function splitLabel(split: SplitDimension, value: string, bankNames?: ReadonlyMap<string, string>): string {
  if (value === '') return split === 'bank' ? 'No bank (cards, wallets…)' : '(none)';
  if (split === 'bank') return bankLabel(value, bankNames);
  if (split === 'provider' && isProvider(value)) return PROVIDER_LABELS[value];
  if (split === 'method' && value in METHOD_LABELS) return METHOD_LABELS[value as PaymentMethod];
  return value;
}

/** "ING (de-ing)": the name people know, and the id the filters and the search take. */
export function bankLabel(bankId: string, bankNames?: ReadonlyMap<string, string>): string {
  const name = bankNames?.get(bankId);
  return name && name !== bankId ? `${name} (${bankId})` : bankId;
}
