import { z } from 'zod';
import { kashaErrorCode } from './catalogs/kasha.ts';
import { kashimiFailureReason } from './catalogs/kashimi.ts';
import { klaviReasonCode } from './catalogs/klavi.ts';
import type { Provider } from './providers.ts';
import { PROVIDER_LABELS } from './providers.ts';

// One taxonomy across providers so analytics can compare them; the provider's own code
// is always kept beside the category for drill-down. Every category but one comes from
// what a provider reports: `merchant_declined` comes from our own payout decision, because
// Kasha reports a payout we declined exactly like one its processor refused.
export type FailureCategory =
  | 'insufficient_funds'
  | 'limit_exceeded'
  | 'payer_abandoned'
  | 'consent_denied'
  | 'invalid_details'
  | 'authentication_failed'
  | 'card_invalid'
  | 'issuer_declined'
  | 'blocked_risk'
  | 'duplicate'
  | 'unsupported'
  | 'provider_technical'
  | 'configuration'
  | 'merchant_declined'
  | 'uncertain'
  | 'unknown';

export const FAILURE_CATEGORIES = [
  'insufficient_funds',
  'limit_exceeded',
  'payer_abandoned',
  'consent_denied',
  'invalid_details',
  'authentication_failed',
  'card_invalid',
  'issuer_declined',
  'blocked_risk',
  'duplicate',
  'unsupported',
  'provider_technical',
  'configuration',
  'merchant_declined',
  'uncertain',
  'unknown',
] as const satisfies readonly FailureCategory[];

export const failureCategorySchema = z.enum(FAILURE_CATEGORIES);

export const FAILURE_CATEGORY_LABELS: Readonly<Record<FailureCategory, string>> = {
  insufficient_funds: 'Insufficient funds',
  limit_exceeded: 'Amount outside limits',
  payer_abandoned: 'Abandoned or expired',
  consent_denied: 'Consent refused',
  invalid_details: 'Invalid details',
  authentication_failed: 'Authentication failed',
  card_invalid: 'Card not usable',
  issuer_declined: 'Declined by bank or issuer',
  blocked_risk: 'Blocked (risk)',
  duplicate: 'Duplicate',
  unsupported: 'Not supported',
  provider_technical: 'Technical error',
  configuration: 'Our setup',
  merchant_declined: 'Declined by us',
  uncertain: 'Outcome uncertain',
  unknown: 'Unknown reason',
};

export const FAILURE_CATEGORY_DESCRIPTIONS: Readonly<Record<FailureCategory, string>> = {
  insufficient_funds: 'The customer did not have enough money in the account or on the card.',
  limit_exceeded: 'The amount or number of payments was above a limit, or below a minimum.',
  payer_abandoned: 'The customer cancelled, stopped half-way, never paid, or ran out of time.',
  consent_denied: 'The customer refused to approve the payment or to share account access.',
  invalid_details: 'Something sent was wrong or badly formatted: account, phone, document, name or amount.',
  authentication_failed: 'The customer could not prove who they are: wrong bank login, security code or 3-D Secure.',
  card_invalid: 'The card cannot be used: expired, unknown number, or flagged to be kept by the bank.',
  issuer_declined: 'The customer’s bank, card issuer or card scheme said no, often without a reason.',
  blocked_risk: 'Stopped by a block or fraud check: customer, card, account or country.',
  duplicate: 'The same payment was already made or is already running.',
  unsupported: 'This payment is not possible here: currency, country, card type, route or account not allowed.',
  provider_technical: 'A technical fault at the provider or bank (outage, maintenance, timeout).',
  configuration: 'Our own integration was refused (certificates or set-up); engineers need to fix it.',
  merchant_declined:
    'Our finance staff declined the payout, so it was never sent: our own decision, not a refusal by the provider, the bank or the customer. It still counts as failed.',
  uncertain: 'We do not know whether the money moved. Do not retry: look the status up or confirm with the provider.',
  unknown: 'No reason was given, or the provider sent a code we do not know yet.',
};

/** True when the value is one of our failure categories. */
export function isFailureCategory(value: unknown): value is FailureCategory {
  return typeof value === 'string' && (FAILURE_CATEGORIES as readonly string[]).includes(value);
}

type CatalogFailure = { meaning: string; category: FailureCategory };

function lookupFailure(provider: Provider, code: string): CatalogFailure | undefined {
  switch (provider) {
    case 'kashimi': {
      const entry = kashimiFailureReason(code);
      return entry && { meaning: entry.meaning, category: entry.category };
    }
    case 'klavi': {
      const entry = klaviReasonCode(code);
      return entry && { meaning: entry.meaning, category: entry.category };
    }
    case 'kasha': {
      const entry = kashaErrorCode(code);
      return entry && { meaning: entry.description, category: entry.category };
    }
  }
}

function cleanCode(rawCode: string | number | null | undefined): string | null {
  if (rawCode === null || rawCode === undefined) return null;
  const code = String(rawCode).trim();
  return code.length > 0 ? code : null;
}

/** The failure category of a provider's raw code; codes we do not know are 'unknown'. */
export function categorizeFailure(provider: Provider, rawCode: string | number | null | undefined): FailureCategory {
  const code = cleanCode(rawCode);
  if (code === null) return 'unknown';
  return lookupFailure(provider, code)?.category ?? 'unknown';
}

export type FailureCodeDescription = {
  code: string | null;
  known: boolean;
  meaning: string;
  category: FailureCategory;
  categoryLabel: string;
};

/** Everything a screen needs to explain one raw failure code; never throws. */
export function describeFailureCode(
  provider: Provider,
  rawCode: string | number | null | undefined,
): FailureCodeDescription {
  const code = cleanCode(rawCode);
  const found = code === null ? undefined : lookupFailure(provider, code);
  if (found) {
    return {
      code,
      known: true,
      meaning: found.meaning,
      category: found.category,
      categoryLabel: FAILURE_CATEGORY_LABELS[found.category],
    };
  }
  const meaning =
    code === null
      ? 'No reason was given.'
      : `${PROVIDER_LABELS[provider]} sent a code we do not know yet; it is kept exactly as received.`;
  return { code, known: false, meaning, category: 'unknown', categoryLabel: FAILURE_CATEGORY_LABELS.unknown };
}
