import { KASHA_PAYOUT_STATUSES, kashaTransactionStatus } from './catalogs/kasha.ts';
import { describeKashimiDetailedStatus, KASHIMI_PHASES, KASHIMI_TOP_STATUSES, kashimiPhase } from './catalogs/kashimi.ts';
import { KLAVI_STAGE_LABELS, klaviStatus, type KlaviStage } from './catalogs/klavi.ts';
import { describeFailureCode, FAILURE_CATEGORY_LABELS, isFailureCategory, type FailureCodeDescription } from './failure.ts';
import { isProvider, type Provider } from './providers.ts';
import { UNIFIED_STATUS_LABELS, UNIFIED_STATUS_MEANINGS, isFinalStatus, type UnifiedStatus } from './status.ts';

// Turns a payment and its status events into what the detail page shows: the provider's
// own lifecycle (Kashimi's seven phases, Klavi's stages, Kasha's steps) with what was
// traversed, skipped or where it stopped, and a timeline whose rows explain themselves.

export interface JourneyPayment {
  provider: string;
  direction: string;
  status: string;
  providerStatus: string;
  detailedStatus: string | null;
  phase: number | null;
  failureCategory: string | null;
  failureCodes: readonly string[];
}

export interface JourneyEvent {
  source: string;
  status: string;
  providerStatus: string;
  detailedStatus: string | null;
  phase: number | null;
  failureCategory: string | null;
  failureCodes: readonly string[];
  occurredAt: Date;
}

export type StepState = 'done' | 'skipped' | 'current' | 'failed' | 'uncertain' | 'not_reached';

export interface JourneyStep {
  key: string;
  label: string;
  summary: string;
  state: StepState;
  /** When the payment first entered the step; null when it never did. */
  enteredAt: Date | null;
}

export interface JourneyFailure {
  category: string;
  categoryLabel: string;
  codes: FailureCodeDescription[];
}

export interface Journey {
  kind: 'kashimi_phases' | 'klavi_stages' | 'kasha_steps';
  title: string;
  steps: JourneyStep[];
  /** Why it failed, attached to the failed step; null unless the payment failed. */
  failure: JourneyFailure | null;
}

function asStatus(value: string): UnifiedStatus {
  return (['PENDING', 'COMPLETED', 'FAILED', 'UNKNOWN', 'REFUNDED'] as const).find((s) => s === value) ?? 'UNKNOWN';
}

/** The state of the step the payment stopped in, from its unified status. */
function stateOfLastStep(status: UnifiedStatus): StepState {
  switch (status) {
    case 'COMPLETED':
    case 'REFUNDED':
      return 'done';
    case 'FAILED':
      return 'failed';
    case 'UNKNOWN':
      return 'uncertain';
    case 'PENDING':
      return 'current';
  }
}

/**
 * Lays ordered steps out around the last one reached: earlier steps are done when they
 * were seen and skipped when not (providers leave steps out), later ones not reached.
 */
function layOut<K extends string | number>(
  order: readonly K[],
  reached: ReadonlyMap<K, Date>,
  last: K | null,
  status: UnifiedStatus,
  describe: (key: K) => { label: string; summary: string },
): JourneyStep[] {
  const lastIndex = last === null ? -1 : order.indexOf(last);
  return order.map((key, index) => {
    let state: StepState;
    if (index < lastIndex) state = reached.has(key) ? 'done' : 'skipped';
    else if (index === lastIndex) state = stateOfLastStep(status);
    else state = status === 'COMPLETED' || status === 'REFUNDED' ? 'skipped' : 'not_reached';
    return { key: String(key), ...describe(key), state, enteredAt: reached.get(key) ?? null };
  });
}

function providerEvents(events: readonly JourneyEvent[]): JourneyEvent[] {
  // Manual resolutions are ours, not a provider step; they change the outcome only.
  return [...events].filter((e) => e.source !== 'manual').sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
}

function firstSeen<K>(events: readonly JourneyEvent[], keyOf: (e: JourneyEvent) => K | null): Map<K, Date> {
  const seen = new Map<K, Date>();
  for (const event of events) {
    const key = keyOf(event);
    if (key !== null && !seen.has(key)) seen.set(key, event.occurredAt);
  }
  return seen;
}

function lastKey<K>(events: readonly JourneyEvent[], keyOf: (e: JourneyEvent) => K | null, fallback: K | null): K | null {
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const key = keyOf(events[i]!);
    if (key !== null) return key;
  }
  return fallback;
}

const KLAVI_ORDER = ['start', 'consent', 'payment', 'settlement'] as const;
type KlaviShownStage = (typeof KLAVI_ORDER)[number];
const KLAVI_STAGE_SUMMARIES: Readonly<Record<KlaviShownStage, string>> = {
  start: 'Klavi receives the request and sets it up.',
  consent: 'The customer approves the payment in their bank app.',
  payment: 'The customer’s bank checks and accepts the payment.',
  settlement: 'The Pix transfer is carried out and the money arrives.',
};

function klaviStageOf(providerStatus: string): KlaviShownStage | null {
  const stage: KlaviStage | undefined = klaviStatus(providerStatus)?.stage;
  return stage === undefined || stage === 'end' ? null : stage;
}

type KashaStep = 'created' | 'processing' | 'outcome' | 'refunded';

function kashaStepOf(providerStatus: string): KashaStep | null {
  switch (providerStatus.toUpperCase()) {
    case 'PENDING':
      return 'created';
    case 'PROCESSING':
      return 'processing';
    case 'REFUNDED':
      return 'refunded';
    case 'COMPLETED':
    case 'DECLINED':
    case 'ERROR':
    case 'CANCELLED':
    case 'EXPIRED':
      return 'outcome';
    default:
      return null;
  }
}

function failureOf(payment: JourneyPayment): JourneyFailure | null {
  if (payment.status !== 'FAILED' && !(payment.status === 'UNKNOWN' && payment.failureCodes.length > 0)) return null;
  const provider: Provider = isProvider(payment.provider) ? payment.provider : 'kasha';
  const category = payment.failureCategory ?? 'unknown';
  return {
    category,
    categoryLabel: isFailureCategory(category) ? FAILURE_CATEGORY_LABELS[category] : category,
    codes: payment.failureCodes.map((code) => describeFailureCode(provider, code)),
  };
}

/** The provider's lifecycle for one payment, with what happened at each step. */
export function describeJourney(payment: JourneyPayment, events: readonly JourneyEvent[]): Journey {
  const ordered = providerEvents(events);
  const status = asStatus(payment.status);
  const failure = failureOf(payment);
  switch (payment.provider) {
    case 'kashimi': {
      const phases = KASHIMI_PHASES.map((p) => p.phase);
      const keyOf = (e: JourneyEvent) => (e.phase !== null && e.phase >= 1 && e.phase <= 7 ? e.phase : null);
      const steps = layOut(phases, firstSeen(ordered, keyOf), lastKey(ordered, keyOf, payment.phase), status, (phase) => {
        const info = kashimiPhase(phase)!;
        return { label: `${phase}. ${info.label}`, summary: info.summary };
      });
      return { kind: 'kashimi_phases', title: 'Kashimi phases', steps: steps.map((s) => ({ ...s, key: `phase-${s.key}` })), failure };
    }
    case 'klavi': {
      const keyOf = (e: JourneyEvent) => klaviStageOf(e.providerStatus);
      const steps = layOut(KLAVI_ORDER, firstSeen(ordered, keyOf), lastKey(ordered, keyOf, klaviStageOf(payment.providerStatus) ?? 'start'), status, (stage) => ({
        label: KLAVI_STAGE_LABELS[stage],
        summary: KLAVI_STAGE_SUMMARIES[stage],
      }));
      return { kind: 'klavi_stages', title: 'Klavi stages: consent → payment → settlement', steps, failure };
    }
    default: {
      const isPayout = payment.direction === 'payout';
      const keyOf = (e: JourneyEvent) => kashaStepOf(e.providerStatus);
      const reached = firstSeen(ordered, keyOf);
      const order: KashaStep[] = ['created', 'processing', 'outcome'];
      if (reached.has('refunded') || payment.providerStatus.toUpperCase() === 'REFUNDED') order.push('refunded');
      const last = lastKey(ordered, keyOf, kashaStepOf(payment.providerStatus));
      const outcomeStatus = [...ordered].reverse().find((e) => kashaStepOf(e.providerStatus) === 'outcome')?.providerStatus ?? payment.providerStatus;
      const steps = layOut(order, reached, last, status, (step) => {
        switch (step) {
          case 'created':
            return isPayout
              ? { label: 'Awaiting our approval', summary: KASHA_PAYOUT_STATUSES.PENDING.meaning }
              : { label: 'Created', summary: 'Kasha created the transaction; the customer has not paid yet.' };
          case 'processing':
            return { label: 'With processor', summary: 'Sent to the payment processor; waiting for its answer.' };
          case 'outcome': {
            const info = kashaTransactionStatus(outcomeStatus);
            const isOutcome = kashaStepOf(outcomeStatus) === 'outcome';
            return {
              label: isOutcome && info ? info.step : 'Outcome',
              summary: isOutcome && info ? info.meaning : 'Completed, declined or an error.',
            };
          }
          case 'refunded':
            return { label: 'Refunded', summary: 'The money went back to the customer.' };
        }
      });
      return { kind: 'kasha_steps', title: isPayout ? 'Kasha payout steps' : 'Kasha steps', steps, failure };
    }
  }
}

export interface DescribedEvent {
  /** Phase, stage or step label. */
  step: string;
  /** What this status means, from the provider's catalog. */
  meaning: string;
  /** False when the provider sent something our catalogs do not know. */
  isKnown: boolean;
  statusLabel: string;
  failures: FailureCodeDescription[];
  /** Time until the next event (or until now for the latest of an open payment); null for the final one. */
  durationMs: number | null;
  /** True for the latest event of a payment that is still open. */
  isOngoing: boolean;
}

function explainEvent(provider: string, direction: string, event: JourneyEvent): { step: string; meaning: string; isKnown: boolean } {
  if (event.source === 'manual') {
    return { step: 'Manual resolution', meaning: 'Set by a person after confirming the outcome with the provider.', isKnown: true };
  }
  switch (provider) {
    case 'kashimi': {
      if (event.status === 'UNKNOWN') {
        return {
          step: kashimiPhase(event.phase)?.label ?? 'Unknown outcome',
          meaning: KASHIMI_TOP_STATUSES.UNKNOWN.meaning,
          isKnown: true,
        };
      }
      const detail = describeKashimiDetailedStatus(event.detailedStatus);
      return {
        step: detail.known ? `${detail.phase}. ${detail.phaseLabel}` : UNIFIED_STATUS_LABELS[asStatus(event.status)],
        meaning: detail.description,
        isKnown: detail.known,
      };
    }
    case 'klavi': {
      const info = klaviStatus(event.providerStatus);
      return info
        ? { step: KLAVI_STAGE_LABELS[info.stage], meaning: info.meaning, isKnown: true }
        : { step: UNIFIED_STATUS_LABELS[asStatus(event.status)], meaning: 'Klavi sent a status we do not know yet; it is kept as received and checked again.', isKnown: false };
    }
    default: {
      const upper = event.providerStatus.toUpperCase();
      const payout = direction === 'payout' ? KASHA_PAYOUT_STATUSES[upper as keyof typeof KASHA_PAYOUT_STATUSES] : undefined;
      const info = kashaTransactionStatus(event.providerStatus);
      if (!info && !payout) {
        return { step: UNIFIED_STATUS_LABELS[asStatus(event.status)], meaning: 'Kasha sent a status we do not know yet; it is kept as received.', isKnown: false };
      }
      return { step: info?.step ?? upper, meaning: payout?.meaning ?? info!.meaning, isKnown: true };
    }
  }
}

/** Explains each event in time order and how long the payment stayed at each. */
export function describeTimeline(payment: JourneyPayment, events: readonly JourneyEvent[], now: Date): DescribedEvent[] {
  const provider: Provider = isProvider(payment.provider) ? payment.provider : 'kasha';
  const isOpen = !isFinalStatus(asStatus(payment.status));
  return events.map((event, index) => {
    const next = events[index + 1];
    const explained = explainEvent(payment.provider, payment.direction, event);
    const isLast = next === undefined;
    return {
      ...explained,
      statusLabel: UNIFIED_STATUS_LABELS[asStatus(event.status)],
      failures: event.failureCodes.map((code) => describeFailureCode(provider, code)),
      durationMs: next ? next.occurredAt.getTime() - event.occurredAt.getTime() : isOpen ? Math.max(0, now.getTime() - event.occurredAt.getTime()) : null,
      isOngoing: isLast && isOpen,
    };
  });
}

/** What an open or uncertain status means for the person looking, and what happens next. */
export function explainStatus(status: string): string {
  return UNIFIED_STATUS_MEANINGS[asStatus(status)];
}
