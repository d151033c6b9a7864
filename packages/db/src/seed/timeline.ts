import {
  nextStatusCheckAt,
  type Direction,
  type NormalizedStatus,
  type Provider,
  type UnifiedStatus,
} from '@paydesk/domain';
import type { Random } from './random.ts';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/**
 * How an event reached us, named as the providers package names its channels: a push,
 * a latest-status poll, Kashimi's history, or a Kasha transaction lookup.
 */
export type EventSource = 'webhook' | 'status' | 'archive' | 'lookup';

/** One status a payment went through, already normalised the way ingestion does it. */
export interface TimelineEvent {
  /** When the provider says the status changed. */
  readonly at: number;
  /** When we learnt of it. */
  readonly recordedAt: number;
  readonly source: EventSource;
  readonly key: string;
  readonly normalized: NormalizedStatus;
  readonly payload: Record<string, unknown> | null;
}

/** A step a system performs on its own: about a second, rarely more than a few. */
export function processingDelay(random: Random): number {
  return Math.min(20 * SECOND, Math.max(200, random.logNormal(1.2 * SECOND, 0.6)));
}

/** A step where the payer acts (log in, approve in the app): usually a minute, sometimes many. */
export function payerDelay(random: Random, median = 45 * SECOND): number {
  return Math.min(25 * MINUTE, Math.max(4 * SECOND, random.logNormal(median, 0.9)));
}

/** How long a delivery takes to reach us after the provider sends it. */
export function deliveryDelay(random: Random): number {
  return Math.max(80, random.logNormal(450, 0.7));
}

/** What decides how often a poller looks at a payment (the domain's nextStatusCheckAt). */
export interface CheckSubject {
  readonly provider: Provider;
  readonly direction: Direction;
  readonly status: UnifiedStatus;
}

export interface CheckHistory {
  /** Checks made after `from`, up to and including `until`. */
  readonly count: number;
  readonly last: number | null;
  /** The first check after `until`; null when the status needs none. */
  readonly next: number | null;
}

/** Gaps between checks for one kind of payment: growing at first, then steady. */
interface CheckRhythm {
  /** Gap before check k+1, while it still grows. */
  readonly growing: readonly number[];
  /** The gap once it stops growing; null when the status needs no checks. */
  readonly steady: number | null;
}

const rhythms = new Map<string, CheckRhythm>();

// The domain's schedule depends only on the payment and its attempt count, not on the
// clock, so its gaps are read once per kind of payment and reused for every payment.
function rhythmOf(subject: CheckSubject): CheckRhythm {
  const key = `${subject.provider}|${subject.direction}|${subject.status}`;
  let rhythm = rhythms.get(key);
  if (!rhythm) {
    const gap = (attempts: number) =>
      nextStatusCheckAt({ ...subject, checkAttempts: attempts }, new Date(0))?.getTime() ?? null;
    const growing: number[] = [];
    let steady = gap(0);
    for (let attempts = 0; steady !== null && attempts < 64; attempts++) {
      const following = gap(attempts + 1);
      if (following === steady) break;
      growing.push(steady);
      steady = following;
    }
    rhythm = { growing, steady };
    rhythms.set(key, rhythm);
  }
  return rhythm;
}

/**
 * The status checks a poller makes on a payment whose status last changed at `from`,
 * following the domain's schedule (nextStatusCheckAt: backing off with each attempt,
 * restarting at zero when the status changes), up to and including `until`.
 */
export function checksBetween(subject: CheckSubject, from: number, until: number): CheckHistory {
  const { growing, steady } = rhythmOf(subject);
  if (steady === null) return { count: 0, last: null, next: null };
  let at = from;
  let count = 0;
  for (const gap of growing) {
    if (at + gap > until) return { count, last: count === 0 ? null : at, next: at + gap };
    at += gap;
    count += 1;
  }
  const more = Math.max(0, Math.floor((until - at) / steady));
  const last = count + more === 0 ? null : at + more * steady;
  return { count: count + more, last, next: at + (more + 1) * steady };
}

/** The first check at or after `at`, for a status that last changed at `from`. */
export function firstCheckAtOrAfter(subject: CheckSubject, from: number, at: number): number {
  const history = checksBetween(subject, from, at - 1);
  return history.next ?? Number.POSITIVE_INFINITY;
}

export function iso(at: number): string {
  return new Date(at).toISOString();
}
