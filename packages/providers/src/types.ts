import type { Direction, PaymentMethod, Provider } from '@paydesk/domain';

export type { Direction, PaymentMethod, Provider };

/** How an event reached us. Ingestion treats every channel the same; the channel is kept for support. */
export type EventSource = 'webhook' | 'status' | 'archive' | 'lookup';

/**
 * Facts an event may carry about the payment besides its status. They let ingestion create
 * a payment it has never seen without a second call, when the provider sends enough.
 */
export interface ProviderEventHints {
  /** Integer minor units of `currency`. */
  amountMinor?: number;
  currency?: string;
  merchantReference?: string;
  paymentReference?: string;
  direction?: Direction;
  method?: PaymentMethod;
  /** The provider's own name for the method ("Card", "Pix", "Bank Transfer"). */
  methodName?: string;
  country?: string;
  /** Bank or institution id as the provider names it. */
  institutionId?: string;
  institutionName?: string;
  /** Human-readable text that came with a reason code. */
  reasonMessage?: string;
}

/**
 * One status change of one payment, in the same shape for every provider and every
 * channel (webhook, latest-status poll, history archive, transaction lookup), so all of
 * them feed one ingestion pipeline.
 */
export interface ProviderStatusEvent {
  provider: Provider;
  /**
   * Stable identity of this status change at the provider. The same change seen twice
   * (a retried webhook, a poll that repeats the webhook) gets the same key, so a unique
   * index on (provider, eventKey) applies it at most once.
   */
  eventKey: string;
  /** Id of the webhook delivery envelope when the provider sends one apart from the status (Klavi). */
  deliveryId?: string;
  providerPaymentId: string;
  /** When the provider says the status changed (not when we heard about it). */
  occurredAt: Date;
  /** Top-level status exactly as sent; may be a value no catalog knows. */
  rawStatus: string;
  detailedStatus?: string;
  /** Raw reason / error codes, as sent, possibly empty. */
  reasonCodes: string[];
  source: EventSource;
  /** The provider's JSON for this event, untouched, for the timeline and for support. */
  payload: unknown;
  hints?: ProviderEventHints;
}

/** What a provider's payment lookup says about a payment, for creating it on our side. */
export interface ProviderPaymentSnapshot {
  provider: Provider;
  providerPaymentId: string;
  direction: Direction;
  method: PaymentMethod;
  methodName?: string;
  amountMinor: number;
  currency: string;
  country?: string;
  institutionId?: string;
  institutionName?: string;
  merchantReference?: string;
  paymentReference?: string;
  /** A second provider-side reference besides the id (Kasha: the session id). */
  providerReference?: string;
  /** The merchant's own id for the customer, when the provider echoes it (Kasha `userId`). */
  merchantUserId?: string;
  /** Card details a provider may report; none of our three documents them today. */
  card?: { bin?: string; last4?: string };
  customer?: {
    name?: string;
    email?: string;
    phone?: string;
    document?: string;
  };
  createdAt: Date;
  rawStatus: string;
  detailedStatus?: string;
  reasonCodes: string[];
  payload: unknown;
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

export type ParseResult<T> = { ok: true; event: T } | { ok: false; reason: string };

/** Request headers as Node, Express or fetch hand them over. */
export type HeaderSource = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

/** Raw webhook body: the exact bytes received, or their text. */
export type RawBody = Buffer | Uint8Array | string;

/** Anything that can tell the time; `Date` and epoch milliseconds are both accepted. */
export interface ClockLike {
  now(): Date | number;
}

/** Current time in epoch milliseconds from any ClockLike. */
export function readClock(clock: ClockLike | undefined): number {
  const value = clock ? clock.now() : Date.now();
  return typeof value === 'number' ? value : value.getTime();
}
