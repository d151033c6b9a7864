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

/** A funnel over ordered steps; `stepOf` gives a row's step index (-1: no step). */
function buildFunnel(
  provider: 'kashimi' | 'klavi',
  rows: readonly FunnelRow[],
  steps: readonly StepDefinition[],
  stepOf: (row: FunnelRow) => number,
  options: { isFirstStepReachedByAll: boolean },
) {
  const reached = Array<number>(steps.length).fill(0);
  const stopped = Array<number>(steps.length).fill(0);
  const stillThere = Array<number>(steps.length).fill(0);
  const failedRows: FunnelRow[][] = steps.map(() => []);
  let total = 0;
  let completed = 0;
  for (const row of rows) {
    total += row.payments;
    const outcome = outcomeOfStatus(row.status);
    if (outcome === 'completed') completed += row.payments;
    const step = stepOf(row);
    for (let i = 0; i <= step; i++) reached[i]! += row.payments;
    if (step < 0) {
      if (options.isFirstStepReachedByAll) reached[0]! += row.payments;
      continue;
    }
    if (outcome === 'failed') {
      stopped[step]! += row.payments;
      failedRows[step]!.push(row);
    } else if (outcome === 'open') stillThere[step]! += row.payments;
  }
  return {
    total,
    completed,
    steps: steps.map((step, i) => ({
      ...step,
      reached: reached[i]!,
      stopped: stopped[i]!,
      stillThere: stillThere[i]!,
      topReasons: reasonsOf(provider, failedRows[i]!),
    })),
  };
}

function byBank(rows: readonly FunnelRow[], build: (rows: FunnelRow[]) => ReturnType<typeof buildFunnel>) {
  // Node 20 has no Map.groupBy. Rows are pushed, not copied: a 90-day read has thousands.
  const groups = new Map<string, FunnelRow[]>();
  for (const row of rows) {
    const group = groups.get(row.bank_id);
    if (group) group.push(row);
    else groups.set(row.bank_id, [row]);
  }
  return [...groups]
    .map(([bankId, bankRows]) => {
      const funnel = build(bankRows);
      return { bankId, total: funnel.total, completed: funnel.completed, reached: funnel.steps.map((s) => s.reached), stopped: funnel.steps.map((s) => s.stopped) };
    })
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
  const kashimiRows = rows.filter((row) => row.provider === 'kashimi');
  const klaviRows = rows.filter((row) => row.provider === 'klavi');
  const buildKashimi = (r: readonly FunnelRow[]) => buildFunnel('kashimi', r, KASHIMI_STEPS, kashimiStep, { isFirstStepReachedByAll: false });
  const buildKlavi = (r: readonly FunnelRow[]) => buildFunnel('klavi', r, KLAVI_STEPS, klaviStep, { isFirstStepReachedByAll: true });
  const kashimi = buildKashimi(kashimiRows);
  const klavi = buildKlavi(klaviRows);
  const endedRows = klaviRows.filter((row) => klaviStep(row) < 0);
  const noPhaseRows = kashimiRows.filter((row) => kashimiStep(row) < 0);
  return {
    range: describeRange(range),
    kashimi: {
      ...kashimi,
      withoutPhase: noPhaseRows.reduce((sum, row) => sum + row.payments, 0),
      byBank: byBank(bankRows.filter((row) => row.provider === 'kashimi'), buildKashimi),
    },
    klavi: {
      ...klavi,
      endedWithoutStage: endedRows.reduce((sum, row) => sum + row.payments, 0),
      endedReasons: reasonsOf('klavi', endedRows.filter((row) => outcomeOfStatus(row.status) === 'failed')),
      byBank: byBank(bankRows.filter((row) => row.provider === 'klavi'), buildKlavi),
    },
  };
}

export const funnelProcedure = procedureWith('analytics.read')
  .input(analyticsInputSchema)
  .query(({ ctx, input }) => loadFunnel({ db: ctx.db, now: ctx.clock.now(), timeZone: ctx.config.businessTimeZone }, input));
