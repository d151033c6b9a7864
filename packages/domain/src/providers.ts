import { z } from 'zod';

export type Provider = 'kashimi' | 'klavi' | 'kasha';

export const PROVIDERS = ['kashimi', 'klavi', 'kasha'] as const satisfies readonly Provider[];

export const PROVIDER_LABELS: Readonly<Record<Provider, string>> = {
  kashimi: 'Kashimi',
  klavi: 'Klavi',
  kasha: 'Kasha',
};

export const PROVIDER_DESCRIPTIONS: Readonly<Record<Provider, string>> = {
  kashimi: 'Open banking payments from European bank accounts (EUR, SEPA).',
  klavi: 'Pix payments started through Brazil Open Finance (BRL).',
  kasha: 'Card and local payment methods in many countries, plus payouts.',
};

export const providerSchema = z.enum(PROVIDERS);

/** True when the value is one of our three provider ids. */
/** A provider as staff read it; a value we do not know is shown as sent, never dropped. */
export function providerName(value: string): string {
  return isProvider(value) ? PROVIDER_LABELS[value] : value;
}

/** A payment method as staff read it; a value we do not know is shown as sent. */
export function methodName(value: string): string {
  return value in METHOD_LABELS ? METHOD_LABELS[value as PaymentMethod] : value;
}

export function isProvider(value: unknown): value is Provider {
  return typeof value === 'string' && (PROVIDERS as readonly string[]).includes(value);
}

export type Direction = 'payin' | 'payout';

export const DIRECTIONS = ['payin', 'payout'] as const satisfies readonly Direction[];

export const DIRECTION_LABELS: Readonly<Record<Direction, string>> = {
  payin: 'Pay-in',
  payout: 'Payout',
};

export const directionSchema = z.enum(DIRECTIONS);

export type PaymentMethod = 'open_banking' | 'pix' | 'card' | 'bank_transfer' | 'local_method' | 'wallet';

export const PAYMENT_METHODS = [
  'open_banking',
  'pix',
  'card',
  'bank_transfer',
  'local_method',
  'wallet',
] as const satisfies readonly PaymentMethod[];

export const METHOD_LABELS: Readonly<Record<PaymentMethod, string>> = {
  open_banking: 'Open banking',
  pix: 'Pix',
  card: 'Card',
  bank_transfer: 'Bank transfer',
  local_method: 'Local method',
  wallet: 'Wallet',
};

export const paymentMethodSchema = z.enum(PAYMENT_METHODS);

/** What each provider can carry, so filters and forms only offer real combinations. */
export const PROVIDER_CAPABILITIES: Readonly<
  Record<Provider, { readonly directions: readonly Direction[]; readonly methods: readonly PaymentMethod[] }>
> = {
  kashimi: { directions: ['payin'], methods: ['open_banking'] },
  klavi: { directions: ['payin'], methods: ['pix'] },
  kasha: { directions: ['payin', 'payout'], methods: ['card', 'bank_transfer', 'local_method', 'wallet'] },
};
