import type { Direction, PaymentMethod, Provider } from './providers.ts';
import type { UnifiedStatus } from './status.ts';

// How long a payment usually sits in each step before moving on, and so when it counts
// as stuck. No provider publishes step durations, so most numbers are our operating
// estimates; the `basis` of each rule says where it comes from. Two come straight from
// provider documents: Kasha's payment session expires after 30 minutes, and Klavi's
// partial acceptance (several approvers on the payer's side) can last 24 hours.
// Steps where the payer acts get half an hour (people usually finish in a minute or two
// and the slowest finish within ~25 minutes); automatic steps finish in seconds, so ten
// minutes already means something is wrong.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface StepRule {
  readonly provider: Provider;
  /** What the step is called on screen. */
  readonly label: string;
  /** Matches only this unified status (UNKNOWN rules); any open status when absent. */
  readonly status?: UnifiedStatus;
  /** Kashimi phase; `null` matches payments whose phase is not known. */
  readonly phase?: number | null;
  /** Provider statuses, upper case. */
  readonly providerStatuses?: readonly string[];
  readonly direction?: Direction;
  readonly methods?: readonly PaymentMethod[];
  /**
   * Longer than this in the step is unusual. Null for steps that wait on purpose (for our
   * own payout approval, or a payment scheduled for a later date): never "stuck".
   */
  readonly usualMaxMs: number | null;
  readonly basis: string;
}

const PAYER = 'Payer acts here; most finish in a minute or two (our estimate).';
const SYSTEM = 'Automatic step that finishes in seconds (our estimate).';

/** First matching rule wins; the last rule of each provider catches everything else. */
export const STEP_RULES: readonly StepRule[] = [
  {
    provider: 'kashimi',
    label: 'Unknown outcome',
    status: 'UNKNOWN',
    usualMaxMs: HOUR,
    basis: 'Kashimi: keep polling UNKNOWN and ask Kashimi support if it lasts; we escalate after an hour.',
  },
  { provider: 'kashimi', label: 'Bank selection', phase: 1, usualMaxMs: 30 * MINUTE, basis: PAYER },
  { provider: 'kashimi', label: 'Extra details', phase: 2, usualMaxMs: 30 * MINUTE, basis: PAYER },
  { provider: 'kashimi', label: 'Bank login', phase: 3, usualMaxMs: 30 * MINUTE, basis: PAYER },
  { provider: 'kashimi', label: 'Paying account', phase: 4, usualMaxMs: 30 * MINUTE, basis: PAYER },
  { provider: 'kashimi', label: 'Payment registration', phase: 5, usualMaxMs: 10 * MINUTE, basis: SYSTEM },
  { provider: 'kashimi', label: 'Payment approval', phase: 6, usualMaxMs: 30 * MINUTE, basis: PAYER },
  {
    provider: 'kashimi',
    label: 'Payment execution',
    phase: 7,
    usualMaxMs: HOUR,
    basis: 'Kashimi’s own example executes in seconds; an hour leaves room for slow banks (our estimate).',
  },
  { provider: 'kashimi', label: 'Step not known', usualMaxMs: 30 * MINUTE, basis: PAYER },

  { provider: 'klavi', label: 'Started', providerStatuses: ['STARTED'], usualMaxMs: 10 * MINUTE, basis: SYSTEM },
  {
    provider: 'klavi',
    label: 'Waiting for customer approval',
    providerStatuses: ['CONSENT_AWAITING_AUTHORIZATION'],
    usualMaxMs: 30 * MINUTE,
    basis: PAYER,
  },
  { provider: 'klavi', label: 'Approved, being sent', providerStatuses: ['CONSENT_AUTHORIZED'], usualMaxMs: 10 * MINUTE, basis: SYSTEM },
  {
    provider: 'klavi',
    label: 'Partially accepted',
    providerStatuses: ['PAYMENT_PARTIALLY_ACCEPTED'],
    usualMaxMs: DAY,
    basis: 'Klavi: partial acceptance can last up to 24 hours while other approvers decide.',
  },
  {
    provider: 'klavi',
    label: 'Scheduled',
    providerStatuses: ['PAYMENT_SCHEDULED'],
    usualMaxMs: null,
    basis: 'Scheduled for a later date on purpose.',
  },
  {
    provider: 'klavi',
    label: 'Bank processing',
    providerStatuses: ['PAYMENT_PENDING', 'PAYMENT_READY_FOR_SETTLEMENT', 'PAYMENT_SETTLEMENT_PROCESSING'],
    usualMaxMs: 30 * MINUTE,
    basis: 'Pix settles within seconds once the bank accepts; half an hour is generous (our estimate).',
  },
  { provider: 'klavi', label: 'Status not known', usualMaxMs: HOUR, basis: 'A status outside Klavi’s list; we look after an hour.' },

  {
    provider: 'kasha',
    label: 'Awaiting our approval',
    direction: 'payout',
    providerStatuses: ['PENDING'],
    usualMaxMs: null,
    basis: 'Waits for our own approve/decline (the payout queue), not for Kasha.',
  },
  {
    provider: 'kasha',
    label: 'Payout with processor',
    direction: 'payout',
    providerStatuses: ['PROCESSING'],
    usualMaxMs: DAY,
    basis: 'Bank payouts usually complete within a business day (our estimate).',
  },
  {
    provider: 'kasha',
    label: 'Waiting for payment',
    direction: 'payin',
    providerStatuses: ['PENDING'],
    methods: ['card', 'wallet'],
    usualMaxMs: 30 * MINUTE,
    basis: 'Kasha: a payment session expires after 30 minutes.',
  },
  {
    provider: 'kasha',
    label: 'Waiting for the transfer',
    direction: 'payin',
    providerStatuses: ['PENDING'],
    methods: ['bank_transfer'],
    usualMaxMs: 2 * DAY,
    basis: 'Customers pay bank transfers within two days or not at all (our estimate).',
  },
  {
    provider: 'kasha',
    label: 'Waiting for the voucher payment',
    direction: 'payin',
    providerStatuses: ['PENDING'],
    methods: ['local_method'],
    usualMaxMs: 3 * DAY,
    basis: 'Cash vouchers are paid within about three days or never (our estimate).',
  },
  { provider: 'kasha', label: 'With processor', providerStatuses: ['PROCESSING'], usualMaxMs: HOUR, basis: SYSTEM },
  { provider: 'kasha', label: 'Outcome uncertain', status: 'UNKNOWN', usualMaxMs: HOUR, basis: 'Kasha 1100: a person or a status lookup settles it.' },
  { provider: 'kasha', label: 'Open', usualMaxMs: HOUR, basis: 'Anything else open at Kasha; we look after an hour.' },
];

export interface StepSubject {
  provider: string;
  direction: string;
  method: string;
  status: string;
  providerStatus: string;
  phase: number | null;
}

function matches(rule: StepRule, subject: StepSubject): boolean {
  if (rule.provider !== subject.provider) return false;
  if (rule.status !== undefined && rule.status !== subject.status) return false;
  if (rule.phase !== undefined && rule.phase !== subject.phase) return false;
  if (rule.direction !== undefined && rule.direction !== subject.direction) return false;
  if (rule.methods !== undefined && !(rule.methods as readonly string[]).includes(subject.method)) return false;
  if (rule.providerStatuses !== undefined && !rule.providerStatuses.includes(subject.providerStatus.toUpperCase())) return false;
  return true;
}

/** The rule for the step a payment is in now; undefined only for a provider we do not know. */
export function stepRuleFor(subject: StepSubject): StepRule | undefined {
  return STEP_RULES.find((rule) => matches(rule, subject));
}

/** True when an open payment has been in its current step longer than usual. */
export function isStuck(subject: StepSubject & { statusAt: Date }, now: Date): boolean {
  if (subject.status !== 'PENDING' && subject.status !== 'UNKNOWN') return false;
  const usual = stepRuleFor(subject)?.usualMaxMs;
  if (usual === null || usual === undefined) return false;
  return now.getTime() - subject.statusAt.getTime() > usual;
}

export type UncertaintyReason = 'unknown' | 'kasha_1100' | 'partially_accepted' | 'stuck';

export const UNCERTAINTY_LABELS: Readonly<Record<UncertaintyReason, string>> = {
  unknown: 'Outcome unknown',
  kasha_1100: 'Kasha 1100: confirm with Kasha',
  partially_accepted: 'Partially accepted',
  stuck: 'Stuck longer than usual',
};

/** Why a payment belongs in the uncertain queue; empty when it does not. */
export function uncertaintyOf(
  subject: StepSubject & { statusAt: Date; failureCodes: readonly string[] },
  now: Date,
): UncertaintyReason[] {
  if (subject.status !== 'PENDING' && subject.status !== 'UNKNOWN') return [];
  const reasons: UncertaintyReason[] = [];
  if (subject.provider === 'kasha' && subject.failureCodes.some((code) => code.replace(/^0+(?=\d)/, '') === '1100')) {
    reasons.push('kasha_1100');
  } else if (subject.status === 'UNKNOWN') {
    reasons.push('unknown');
  }
  if (subject.provider === 'klavi' && subject.providerStatus.toUpperCase() === 'PAYMENT_PARTIALLY_ACCEPTED') reasons.push('partially_accepted');
  if (isStuck(subject, now)) reasons.push('stuck');
  return reasons;
}
