import { readFunnelRows, type FunnelRow } from '@paydesk/db';
import {
  describeFailureCode,
  FAILURE_CATEGORY_LABELS,
  isFailureCategory,
  KASHIMI_PHASES,
  KLAVI_FUNNEL_STEPS,
  KLAVI_STAGE_LABELS,
  klaviFunnelStep,
  outcomeOfStatus,
} from '@paydesk/domain';
import { procedureWith } from '../../trpc.ts';
import { bankNames } from './bank-names.ts';
import { applyPendingChanges, rangeFor, type AnalyticsServices } from './context.ts';
import { analyticsInputSchema, filtersOf, type AnalyticsInput } from './input.ts';
import { describeRange } from './range.ts';

const TOP_REASONS = 3;

export interface FunnelReason {
  category: string;
  categoryLabel: string;
  code: string;
  meaning: string;
  count: number;
}

export interface FunnelStep {
  /** Kashimi phase number as text, or the Klavi step. */
  key: string;
  label: string;
  summary: string;
  /** Payments that got to this step or further. */
  reached: number;
  /** Failed while at this step. */
  stopped: number;
  /** Pending or unknown, at this step now. */
  stillThere: number;
  topReasons: FunnelReason[];
}

function reasonsOf(provider: 'kashimi' | 'klavi', rows: readonly FunnelRow[]): FunnelReason[] {
  const counts = new Map<string, FunnelReason>();
  for (const row of rows) {
    const key = `${row.failure_category}\u0000${row.failure_code}`;
    const entry = counts.get(key);
    if (entry) {
      entry.count += row.payments;
      continue;
    }
    counts.set(key, {
      category: row.failure_category,
      categoryLabel: isFailureCategory(row.failure_category)
        ? FAILURE_CATEGORY_LABELS[row.failure_category]
        : row.failure_category || FAILURE_CATEGORY_LABELS.unknown,
      code: row.failure_code,
      meaning: describeFailureCode(provider, row.failure_code || null).meaning,
      count: row.payments,
    });
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)).slice(0, TOP_REASONS);
}

interface StepDefinition {
  key: string;
  label: string;
  summary: string;
}

type StepOf = (row: FunnelRow) => number;
interface FunnelOptions {
  /** Rows without a step still count as having reached the first one (Klavi's request). */
  isFirstStepReachedByAll: boolean;
}

interface StepCounts {
  total: number;
  completed: number;
  /** Per step: payments that got to it or further. */
  reached: number[];
  /** Per step: payments that failed while at it. */
  stopped: number[];
  /** Per step: payments pending or unknown at it now. */
  stillThere: number[];
}

function newStepCounts(stepCount: number): StepCounts {
  const zeros = () => Array<number>(stepCount).fill(0);
  return { total: 0, completed: 0, reached: zeros(), stopped: zeros(), stillThere: zeros() };
}

/** Counts one row in; returns its step (-1: none). */
function countRow(counts: StepCounts, row: FunnelRow, stepOf: StepOf, options: FunnelOptions): number {
  counts.total += row.payments;
  const outcome = outcomeOfStatus(row.status);
  if (outcome === 'completed') counts.completed += row.payments;
  const step = stepOf(row);
  if (step < 0) {
    if (options.isFirstStepReachedByAll) counts.reached[0]! += row.payments;
    return step;
  }
  for (let i = 0; i <= step; i++) counts.reached[i]! += row.payments;
  if (outcome === 'failed') counts.stopped[step]! += row.payments;
  else if (outcome === 'open') counts.stillThere[step]! += row.payments;
  return step;
}

/** A funnel over ordered steps, with the top reasons of the payments that stopped at each. */
function buildFunnel(provider: 'kashimi' | 'klavi', rows: readonly FunnelRow[], steps: readonly StepDefinition[], stepOf: StepOf, options: FunnelOptions) {
  const counts = newStepCounts(steps.length);
  const failedRows: FunnelRow[][] = steps.map(() => []);
  for (const row of rows) {
    const step = countRow(counts, row, stepOf, options);
    if (step >= 0 && outcomeOfStatus(row.status) === 'failed') failedRows[step]!.push(row);
  }
  return {
    total: counts.total,
    completed: counts.completed,
    steps: steps.map((step, i) => ({
      ...step,
      reached: counts.reached[i]!,
      stopped: counts.stopped[i]!,
      stillThere: counts.stillThere[i]!,
      topReasons: reasonsOf(provider, failedRows[i]!),
    })),
  };
}

/**
 * Per bank, only what the bank table shows (reached and stopped per step), in one pass: a
 * 90-day read has about a thousand rows over dozens of banks, and building each bank a
 * whole funnel, reasons and all, cost more than reading the rows.
 */
function byBank(rows: readonly FunnelRow[], stepCount: number, stepOf: StepOf, options: FunnelOptions, bankNames: ReadonlyMap<string, string>) {
  const banks = new Map<string, StepCounts>();
  for (const row of rows) {
    let counts = banks.get(row.bank_id);
    if (!counts) banks.set(row.bank_id, (counts = newStepCounts(stepCount)));
    countRow(counts, row, stepOf, options);
  }
  return [...banks]
    .map(([bankId, counts]) => ({ bankId, bankName: bankNames.get(bankId) ?? null, total: counts.total, completed: counts.completed, reached: counts.reached, stopped: counts.stopped }))
    .sort((a, b) => b.total - a.total || a.bankId.localeCompare(b.bankId));
}

const KASHIMI_STEPS: StepDefinition[] = KASHIMI_PHASES.map((p) => ({ key: String(p.phase), label: p.label, summary: p.summary }));

/** A completed Kashimi payment went through all seven phases, whatever phase was last reported. */
function kashimiStep(row: FunnelRow): number {
  const phase = outcomeOfStatus(row.status) === 'completed' ? 7 : row.phase;
  return phase >= 1 && phase <= 7 ? phase - 1 : -1;
}

const KLAVI_STEP_SUMMARIES: Record<(typeof KLAVI_FUNNEL_STEPS)[number], string> = {
  start: 'Klavi received the payment request.',
  consent: 'The customer is asked to approve the payment in their bank app.',
  payment: 'The customer’s bank checks and accepts the payment.',
  settlement: 'The Pix transfer is carried out.',
};
const KLAVI_STEPS: StepDefinition[] = KLAVI_FUNNEL_STEPS.map((step) => ({ key: step, label: KLAVI_STAGE_LABELS[step], summary: KLAVI_STEP_SUMMARIES[step] }));

/** -1 for payments that ended without a stage (cancelled, error) or whose status we do not know. */
function klaviStep(row: FunnelRow): number {
  const step = outcomeOfStatus(row.status) === 'completed' ? 'settlement' : klaviFunnelStep(row.provider_status);
  return step === 'ended' || step === 'unknown' ? -1 : KLAVI_FUNNEL_STEPS.indexOf(step);
}

/** Kashimi's seven phases and Klavi's stages: reached, stopped (and why), still there; per bank too. */
export async function loadFunnel(services: AnalyticsServices, input: AnalyticsInput) {
  await applyPendingChanges(services);
  const range = await rangeFor(services, input);
  const filters = filtersOf(input);
  const [rows, bankRows] = await Promise.all([
    readFunnelRows(services.db, { window: range.currentWindow, filters, isPerBank: false }),
    readFunnelRows(services.db, { window: range.currentWindow, filters, isPerBank: true }),
  ]);
  const names = await bankNames(services, bankRows.map((row) => row.bank_id));
  const kashimiRows = rows.filter((row) => row.provider === 'kashimi');
  const klaviRows = rows.filter((row) => row.provider === 'klavi');
  const kashimiOptions = { isFirstStepReachedByAll: false };
  const klaviOptions = { isFirstStepReachedByAll: true };
  const kashimi = buildFunnel('kashimi', kashimiRows, KASHIMI_STEPS, kashimiStep, kashimiOptions);
  const klavi = buildFunnel('klavi', klaviRows, KLAVI_STEPS, klaviStep, klaviOptions);
  const endedRows = klaviRows.filter((row) => klaviStep(row) < 0);
  const noPhaseRows = kashimiRows.filter((row) => kashimiStep(row) < 0);
  return {
    range: describeRange(range),
    kashimi: {
      ...kashimi,
      withoutPhase: noPhaseRows.reduce((sum, row) => sum + row.payments, 0),
      byBank: byBank(bankRows.filter((row) => row.provider === 'kashimi'), KASHIMI_STEPS.length, kashimiStep, kashimiOptions, names),
    },
    klavi: {
      ...klavi,
      endedWithoutStage: endedRows.reduce((sum, row) => sum + row.payments, 0),
      endedReasons: reasonsOf('klavi', endedRows.filter((row) => outcomeOfStatus(row.status) === 'failed')),
      byBank: byBank(bankRows.filter((row) => row.provider === 'klavi'), KLAVI_STEPS.length, klaviStep, klaviOptions, names),
    },
  };
}

export const funnelProcedure = procedureWith('analytics.read')
  .input(analyticsInputSchema)
  .query(({ ctx, input }) => loadFunnel({ db: ctx.db, now: ctx.clock.now(), timeZone: ctx.config.businessTimeZone }, input));
