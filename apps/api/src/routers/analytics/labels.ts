import { isProvider, METHOD_LABELS, PROVIDER_LABELS, type PaymentMethod } from '@paydesk/domain';
import type { SplitDimension } from '@paydesk/db';

/** How a split value reads on screen; '' is a payment without that dimension. */
export function splitLabel(split: SplitDimension, value: string): string {
  if (value === '') return split === 'bank' ? 'No bank (cards, wallets…)' : '(none)';
  if (split === 'provider' && isProvider(value)) return PROVIDER_LABELS[value];
  if (split === 'method' && value in METHOD_LABELS) return METHOD_LABELS[value as PaymentMethod];
  return value;
}
