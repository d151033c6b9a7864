import { normalizeKashimiStatus } from '@paydesk/domain';
import type { KashimiBank } from './banks.ts';
import {
  consentSteps,
  executionStep,
  followUpSteps,
  phaseOneSteps,
  registrationSteps,
  senderAccountSteps,
  senderAuthorizationSteps,
  type Step,
  type Wait,
} from './kashimi-steps.ts';
import type { Random } from './random.ts';
import {
  deliveryDelay,
  firstCheckAtOrAfter,
  HOUR,
  iso,
  MINUTE,
  payerDelay,
  processingDelay,
  SECOND,
  type TimelineEvent,
} from './timeline.ts';

// Plans a Kashimi payment's statuses step by step (kashimi-steps.ts), then decides which
// channel brought each one to us and when.

/** A bank having a bad few hours: technical failures become common at its technical steps. */
export interface KashimiIncident {
  readonly chance: number;
  readonly reason: 'PROVIDER_TECHNICAL_ERROR' | 'PROVIDER_SYSTEM_MAINTENANCE';
}

export interface KashimiTimelineInput {
  readonly random: Random;
  readonly paymentId: string;
  readonly createdAt: number;
  readonly now: number;
  readonly bank: KashimiBank;
  /** Kashimi hosts the bank choice (phase 1) instead of the merchant's own picker. */
  readonly hosted: boolean;
  readonly currency: string;
  readonly amountEur: number;
  readonly incident: KashimiIncident | null;
  readonly withPayloads: boolean;
}

interface PlannedStatus {
  readonly at: number;
  readonly status: 'PENDING' | 'COMPLETED' | 'FAILED' | 'UNKNOWN';
  readonly detailed: string;
  readonly reasons: readonly string[] | null;
}

function waitFor(random: Random, wait: Wait, bank: KashimiBank): number {
  switch (wait) {
    case 'processing':
      return processingDelay(random);
    case 'payer':
      return payerDelay(random);
    case 'bankChoice':
      return payerDelay(random, 20 * SECOND);
    case 'execution':
      // SEPA Instant settles in seconds; a plain credit transfer waits for the next cycle.
      return random.chance(bank.flow.instant) ? random.float(2, 25) * SECOND : random.float(1, 28) * HOUR;
  }
}

function planStatuses(input: KashimiTimelineInput): PlannedStatus[] {
  const { random, bank, incident } = input;
  const steps: Step[] = [
    ...(input.hosted ? phaseOneSteps() : []),
    ...followUpSteps(random, bank, input.hosted),
    ...senderAuthorizationSteps(bank),
    ...senderAccountSteps(random, bank),
    ...registrationSteps(bank, input.currency),
    ...consentSteps(random, bank),
    executionStep(input.amountEur),
  ];
  const planned: PlannedStatus[] = [];
  let at = input.createdAt;
  for (const step of steps) {
    planned.push({ at, status: 'PENDING', detailed: step.detailed, reasons: null });
    for (const failure of step.failures) {
      const incidentHazard = failure.technical && incident ? incident.chance : 0;
      if (random.chance(failure.hazard + incidentHazard)) {
        const reason = random.chance(failure.hazard / (failure.hazard + incidentHazard))
          ? random.weighted(failure.reasons)
          : incident!.reason;
        const delay = failure.after === 'expiry' ? 30 * MINUTE + random.float(0, 5 * MINUTE) : processingDelay(random);
        planned.push({
          at: at + delay,
          status: 'FAILED',
          detailed: failure.detailed ?? step.detailed,
          reasons: [reason],
        });
        return planned;
      }
    }
    if (step.canStall && random.chance(0.004)) return planned;
    if (step.wait === 'execution' && random.chance(0.016)) return [...planned, ...planUnknown(random, at)];
    at += waitFor(random, step.wait, bank);
  }
  planned.push({ at, status: 'COMPLETED', detailed: 'PAYMENT_EXECUTION_COMPLETED', reasons: null });
  return planned;
}

/** The bank's answer could not be read; most such payments settle within a day or two. */
function planUnknown(random: Random, executionAt: number): PlannedStatus[] {
  const unknownAt = executionAt + random.float(30 * SECOND, 10 * MINUTE);
  const unknown: PlannedStatus = {
    at: unknownAt,
    status: 'UNKNOWN',
    detailed: 'PAYMENT_EXECUTION_PENDING',
    reasons: null,
  };
  if (random.chance(0.3)) return [unknown];
  const settledAt = unknownAt + random.float(20 * MINUTE, 40 * HOUR);
  return [
    unknown,
    random.chance(0.85)
      ? { at: settledAt, status: 'COMPLETED', detailed: 'PAYMENT_EXECUTION_COMPLETED', reasons: null }
      : {
          at: settledAt,
          status: 'FAILED',
          detailed: 'PAYMENT_EXECUTION_FAILED',
          reasons: [
            random.weighted([
              ['UNKNOWN_ERROR', 2],
              ['PAYMENT_ABORTED_BY_PROVIDER', 1],
            ]),
          ],
        },
  ];
}

/**
 * The statuses of one Kashimi payment as ingestion would have stored them by `now`:
 * the first and the last (final or UNKNOWN) arrive by webhook, the steps between are
 * read from Kashimi's history endpoint, which ingestion asks for two seconds after each
 * webhook and then on the poller's schedule.
 */
export function buildKashimiTimeline(input: KashimiTimelineInput): TimelineEvent[] {
  const { random, now } = input;
  const allPlanned = planStatuses(input);
  const planned = allPlanned.filter((status) => status.at <= now);
  // A payment created in the last instants before `now` has its first status anyway.
  if (planned.length === 0) planned.push({ ...allPlanned[0]!, at: Math.min(allPlanned[0]!.at, now) });
  const ids = planned.map(() => random.uuid());
  const deliveries = planned.map(() => deliveryDelay(random));
  const last = planned[planned.length - 1]!;
  const lastIsPushed = planned.length > 1 && last.status !== 'PENDING';
  const firstRecordedAt = planned[0]!.at + deliveries[0]!;
  const lastRecordedAt = lastIsPushed ? last.at + deliveries[planned.length - 1]! : Number.POSITIVE_INFINITY;
  const pending = { provider: 'kashimi', direction: 'payin', status: 'PENDING' } as const;
  return planned.map((status, index) => {
    const isWebhook = index === 0 || (index === planned.length - 1 && lastIsPushed);
    const historyReadAt = Math.min(
      status.at <= firstRecordedAt + 2 * SECOND
        ? firstRecordedAt + 2 * SECOND
        : firstCheckAtOrAfter(pending, firstRecordedAt, status.at),
      lastRecordedAt + 2 * SECOND,
    );
    const recordedAt = isWebhook ? status.at + deliveries[index]! : historyReadAt;
    const raw = {
      id: ids[index]!,
      paymentId: input.paymentId,
      status: status.status,
      detailedStatus: status.detailed,
      failureReasons: status.reasons,
      createdAt: iso(status.at),
    };
    return {
      at: status.at,
      recordedAt: Math.max(status.at, Math.min(now, recordedAt)),
      source: isWebhook ? 'webhook' : 'archive',
      key: raw.id,
      normalized: normalizeKashimiStatus({
        status: raw.status,
        detailedStatus: raw.detailedStatus,
        failureReasons: raw.failureReasons,
      }),
      payload: input.withPayloads
        ? isWebhook
          ? { eventId: raw.id, event: 'PAYMENT_STATUS_UPDATED', ...withoutId(raw) }
          : raw
        : null,
    };
  });
}

function withoutId<T extends { id: string }>(record: T): Omit<T, 'id'> {
  const { id: _id, ...rest } = record;
  return rest;
}
