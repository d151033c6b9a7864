import {
  normalizeKashaStatus,
  normalizeKashimiStatus,
  normalizeKlaviStatus,
  type NormalizedStatus,
} from '@paydesk/domain';

/** The provider-facing part of an event or a snapshot: enough to decide a unified status. */
export interface RawStatusFacts {
  provider: 'kashimi' | 'klavi' | 'kasha';
  rawStatus: string;
  detailedStatus?: string | undefined;
  reasonCodes: readonly string[];
}

/** What we know of a payment beyond the provider's report; today only our payout decision. */
export interface OwnFacts {
  /** A Kasha payout our finance staff declined: its DECLINED is our decision, not a failure. */
  isMerchantDecline?: boolean;
}

/** One provider status, in the unified terms of the domain's catalogs. */
export function normalizeStatusFacts(facts: RawStatusFacts, own: OwnFacts = {}): NormalizedStatus {
  switch (facts.provider) {
    case 'kashimi':
      return normalizeKashimiStatus({
        status: facts.rawStatus,
        detailedStatus: facts.detailedStatus ?? null,
        failureReasons: facts.reasonCodes,
      });
    case 'klavi':
      return normalizeKlaviStatus({ status: facts.rawStatus, statusReason: facts.reasonCodes[0] ? { code: facts.reasonCodes[0] } : null });
    case 'kasha':
      return normalizeKashaStatus({ status: facts.rawStatus, errorCode: facts.reasonCodes[0] ?? null, isMerchantDecline: own.isMerchantDecline === true });
  }
}
