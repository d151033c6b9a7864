import {
  canonicalKashaCode,
  KASHA_TRANSACTION_STATUSES,
  kashaErrorCode,
  kashaTransactionStatus,
} from './catalogs/kasha.ts';
import { KASHIMI_DETAILED_STATUSES, kashimiFailureReason, kashimiPhase, kashimiTopStatus } from './catalogs/kashimi.ts';
import { lookupCode } from './catalogs/lookup.ts';
import { KLAVI_STAGE_LABELS, klaviReasonCode, klaviStatus } from './catalogs/klavi.ts';
import type { FailureCategory } from './failure.ts';
import { categorizeFailure } from './failure.ts';
import type { Provider } from './providers.ts';
import type { UnifiedStatus } from './status.ts';
import { UNIFIED_STATUS_LABELS, isFinalStatus } from './status.ts';

// Normalisers never reject what a provider sends: unknown values are kept raw, the
// unified status falls back to UNKNOWN (keep looking) and `known` turns false so the
// screen can say "not in our catalogue".

export type NormalizedStatus = {
  status: UnifiedStatus;
  /** The provider's status exactly as received. */
  providerStatus: string;
  detailedStatus: string | null;
  /** Kashimi phase 1–7; null for other providers and unknown detailed statuses. */
  phase: number | null;
  /** Set only when the unified status is FAILED, or UNKNOWN because the outcome is uncertain. */
  failureCategory: FailureCategory | null;
  /** Every raw reason/error code received, in order, even on non-failed statuses. */
  failureCodes: string[];
  isFinal: boolean;
  /** False when any part (status, detailed status, a code) is missing from our catalogs. */
  known: boolean;
};

function rawStatus(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function nonBlank(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed.length > 0 ? trimmed : null;
}

function cleanCodes(values: unknown): string[] {
  if (!Array.isArray(values)) return [];
  return values.map(nonBlank).filter((code): code is string => code !== null);
}

// The first code that names a real cause decides; codes that only say "no reason"
// (or that we do not know) give way to what the status itself implies.
function pickCategory(provider: Provider, codes: readonly string[], fallback: FailureCategory | null): FailureCategory {
  for (const code of codes) {
    const category = categorizeFailure(provider, code);
    if (category !== 'unknown') return category;
  }
  return fallback ?? 'unknown';
}

function build(status: UnifiedStatus, fields: Omit<NormalizedStatus, 'status' | 'isFinal'>): NormalizedStatus {
  return { status, ...fields, isFinal: isFinalStatus(status) };
}

export type KashimiStatusInput = {
  status: string | null | undefined;
  detailedStatus?: string | null;
  failureReasons?: readonly (string | null | undefined)[] | null;
};

/** Kashimi latest-status / archive / webhook fields → unified status. */
export function normalizeKashimiStatus(input: KashimiStatusInput): NormalizedStatus {
  const top = kashimiTopStatus(input.status);
  const detailedStatus = nonBlank(input.detailedStatus);
  const detail = detailedStatus === null ? undefined : lookupCode(KASHIMI_DETAILED_STATUSES, detailedStatus)?.entry;
  const failureCodes = cleanCodes(input.failureReasons);
  // The top-level status is authoritative: every detailed status maps to one, and an
  // unrecognised top level means Kashimi itself is unsure.
  const status: UnifiedStatus = top?.unified ?? 'UNKNOWN';
  const failureCategory =
    status === 'FAILED' ? pickCategory('kashimi', failureCodes, detail?.fallbackCategory ?? null) : null;
  const known =
    top !== undefined &&
    (detailedStatus === null || detail !== undefined) &&
    failureCodes.every((code) => kashimiFailureReason(code) !== undefined);
  return build(status, {
    providerStatus: rawStatus(input.status),
    detailedStatus,
    phase: detail?.phase ?? null,
    failureCategory,
    failureCodes,
    known,
  });
}

export type KlaviStatusInput = {
  status: string | null | undefined;
  statusReason?: { code?: string | null; message?: string | null } | null;
};

/**
 * Klavi status endpoint fields → unified status. A status we do not know (Klavi's own
 * example misspells one) becomes UNKNOWN rather than PENDING: it is not final, so
 * polling continues, and unlike PENDING it stays visible as something to look at.
 */
export function normalizeKlaviStatus(input: KlaviStatusInput): NormalizedStatus {
  const entry = klaviStatus(input.status);
  const code = nonBlank(input.statusReason?.code);
  const failureCodes = code === null ? [] : [code];
  const status: UnifiedStatus = entry?.unified ?? 'UNKNOWN';
  const failureCategory =
    status === 'FAILED' ? pickCategory('klavi', failureCodes, entry?.fallbackCategory ?? null) : null;
  return build(status, {
    providerStatus: rawStatus(input.status),
    detailedStatus: null,
    phase: null,
    failureCategory,
    failureCodes,
    known: entry !== undefined && (code === null || klaviReasonCode(code) !== undefined),
  });
}

export type KashaStatusInput = {
  status: string | null | undefined;
  errorCode?: string | number | null;
  /**
   * True when the payout is one our finance staff declined (see `isDeclinedByMerchant`).
   * Kasha reports that decline as DECLINED, just like a processor's refusal, and only our
   * own decision tells the two apart.
   */
  isMerchantDecline?: boolean;
};

const KASHA_UNCERTAIN_CODE = '1100';

/** Kasha transaction, payout or callback fields → unified status. */
export function normalizeKashaStatus(input: KashaStatusInput): NormalizedStatus {
  const entry = kashaTransactionStatus(input.status);
  const rawCode = nonBlank(input.errorCode);
  const code = canonicalKashaCode(rawCode);
  const failureCodes = rawCode === null ? [] : [rawCode];
  const common = {
    providerStatus: rawStatus(input.status),
    detailedStatus: null,
    phase: null,
    failureCodes,
    known: entry !== undefined && (code === null || kashaErrorCode(code) !== undefined),
  };

  // A success is a success even with a code attached (Kasha's own example shows a
  // COMPLETED transaction carrying error 999); the code is still kept.
  if (entry?.unified === 'COMPLETED' || entry?.unified === 'REFUNDED') {
    return build(entry.unified, { ...common, failureCategory: null });
  }
  if (code === KASHA_UNCERTAIN_CODE) return build('UNKNOWN', { ...common, failureCategory: 'uncertain' });
  if (entry === undefined) return build('UNKNOWN', { ...common, failureCategory: null });
  if (entry.unified === 'UNKNOWN') {
    // ERROR: with a definitive code it is a failure; without one the outcome is open.
    return code === null
      ? build('UNKNOWN', { ...common, failureCategory: entry.fallbackCategory })
      : build('FAILED', { ...common, failureCategory: pickCategory('kasha', failureCodes, 'unknown') });
  }
  if (entry.unified === 'FAILED') {
    // Our decline is the reason unless a code names another cause; the code is kept either way.
    const fallback =
      input.isMerchantDecline === true && entry === KASHA_TRANSACTION_STATUSES.DECLINED
        ? 'merchant_declined'
        : entry.fallbackCategory;
    return build('FAILED', { ...common, failureCategory: pickCategory('kasha', failureCodes, fallback) });
  }
  return build(entry.unified, { ...common, failureCategory: null });
}

/** Short label for a timeline row: Kashimi phase, Klavi stage or Kasha step. */
export function stageOf(provider: Provider, normalized: NormalizedStatus): string {
  const fallback = UNIFIED_STATUS_LABELS[normalized.status];
  switch (provider) {
    case 'kashimi':
      return kashimiPhase(normalized.phase)?.label ?? fallback;
    case 'klavi': {
      const entry = klaviStatus(normalized.providerStatus);
      return entry ? KLAVI_STAGE_LABELS[entry.stage] : fallback;
    }
    case 'kasha':
      return kashaTransactionStatus(normalized.providerStatus)?.step ?? fallback;
  }
}
