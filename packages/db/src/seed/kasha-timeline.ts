import { fromMinorUnits, KASHA_ERROR_CODES, normalizeKashaStatus, type Direction } from '@paydesk/domain';
import type { CardBrand, KashaOption } from './kasha-methods.ts';
import type { Random, Weighted } from './random.ts';
import { DAY, deliveryDelay, HOUR, iso, MINUTE, payerDelay, SECOND, type TimelineEvent } from './timeline.ts';

// Kasha: cards and local methods. Card outcomes arrive within seconds (minutes with
// 3-D Secure); cash vouchers are paid within days or never; payouts wait for the
// merchant's APPROVE or DECLINE, then for the processor. Which changes reach us, and how,
// follows packages/providers/src/kasha/DECISIONS.md: a callback when a pay-in ends, when a
// payout is created, approved, declined or ends, and when a refund is applied; a settled
// ERROR 1100 shows only in a lookup.

const THREE_DS_CODES = new Set(['3003', '3010']);

const CARD_DECLINES: Weighted<string> = [
  ['3000', 28],
  ['3001', 20],
  ['3003', 10],
  ['3010', 8],
  ['3002', 7],
  ['3004', 4],
  ['3009', 3],
  ['3007', 3],
  ['3015', 2.5],
  ['3006', 2],
  ['3023', 2],
  ['3014', 1.5],
  ['3016', 1.2],
  ['3026', 1.2],
  ['3022', 1],
  ['3025', 1],
  ['3024', 0.8],
  ['999', 0.8],
  ['3013', 0.6],
  ['998', 0.5],
  ['3012', 0.4],
  ['3011', 0.4],
  ['3005', 0.4],
  ['1008', 0.3],
  ['1000', 0.3],
  ['3017', 0.3],
  ['3008', 0.3],
  ['3021', 0.3],
  ['994', 0.3],
  ['997', 0.3],
  ['1007', 0.2],
  ['996', 0.1],
  ['995', 0.1],
  ['3020', 0.1],
  ['1009', 0.1],
  ['3019', 0.05],
];

const REDIRECT_DECLINES: Weighted<string> = [
  ['3018', 45],
  ['3000', 10],
  ['3001', 8],
  ['999', 5],
  ['1004', 3],
  ['1002', 3],
  ['998', 3],
  ['1001', 2],
  ['3022', 2],
  ['3002', 2],
  ['1008', 1],
  ['1007', 1],
];

const VOUCHER_VALIDATION: Weighted<string> = [
  ['1002', 4],
  ['1004', 3],
  ['1001', 2],
  ['1006', 1.5],
  ['1000', 1],
];

const PAYOUT_DECLINES: Weighted<string> = [
  ['1005', 30],
  ['999', 20],
  ['1002', 15],
  ['998', 10],
  ['1003', 5],
  ['1004', 5],
  ['997', 5],
  ['3022', 5],
  ['1008', 5],
];

/** Why finance staff decline a payout request. */
export const PAYOUT_DECLINE_REASONS: Weighted<string> = [
  ['Account holder name does not match the customer', 30],
  ['Identity documents not verified yet', 20],
  ['Duplicate withdrawal request', 15],
  ['Bonus terms not met', 15],
  ['Suspected fraud, see risk case', 10],
  ['Customer asked to cancel', 10],
];

/** A processor in trouble: declines with its code become common for a few hours. */
export interface KashaIncident {
  readonly chance: number;
  readonly code: '998' | '1100';
}

export interface KashaTimelineInput {
  readonly random: Random;
  readonly transactionId: string;
  readonly sessionId: string;
  readonly merchantReference: string;
  readonly paymentReference: string | null;
  readonly direction: Direction;
  readonly option: KashaOption;
  readonly cardBrand: CardBrand | null;
  readonly country: string;
  readonly currency: string;
  readonly amountMinor: number;
  readonly customer: {
    readonly name: string;
    readonly email: string;
    readonly phone: string | null;
    readonly document: string | null;
  };
  readonly merchantUserId: string;
  readonly createdAt: number;
  readonly now: number;
  readonly incident: KashaIncident | null;
  readonly withPayloads: boolean;
}

/** What the merchant did with a payout, when it did it by `now`. */
export interface PayoutDecisionPlan {
  readonly action: 'APPROVE' | 'DECLINE';
  readonly decidedAt: number;
  readonly declineReason: string | null;
}

export interface KashaTimeline {
  readonly events: TimelineEvent[];
  readonly decision: PayoutDecisionPlan | null;
  /** When a completed pay-in was refunded, if it was by `now`. */
  readonly refundedAt: number | null;
}

interface PlannedStatus {
  readonly at: number;
  readonly status: 'PENDING' | 'PROCESSING' | 'COMPLETED' | 'DECLINED' | 'ERROR' | 'REFUNDED';
  readonly code: string | null;
  /** Seen only by looking the transaction up (no callback announces it). */
  readonly lookupOnly?: boolean;
}

// Strong customer authentication makes 3-D Secure the rule in Europe and India.
const THREE_DS_SHARE: Readonly<Record<string, number>> = { GB: 0.85, ES: 0.85, IN: 0.9, JP: 0.6, BR: 0.35 };

function pickDecline(random: Random, table: Weighted<string>, keep: (code: string) => boolean): string {
  return random.weighted(table.filter(([code]) => keep(code)));
}

/** Uncertain outcome (1100): a person settles about half of them with Kasha within days. */
function planUncertain(random: Random, at: number): PlannedStatus[] {
  const uncertain: PlannedStatus = { at, status: 'ERROR', code: '1100' };
  if (random.chance(0.45)) return [uncertain];
  const settledAt = at + random.float(1, 72) * HOUR;
  return [
    uncertain,
    random.chance(0.7)
      ? { at: settledAt, status: 'COMPLETED', code: null, lookupOnly: true }
      : { at: settledAt, status: 'DECLINED', code: '999', lookupOnly: true },
  ];
}

function planPayin(input: KashaTimelineInput): PlannedStatus[] {
  const { random, option, createdAt, incident } = input;
  const start: PlannedStatus = { at: createdAt, status: 'PENDING', code: null };
  if (incident && random.chance(incident.chance)) {
    const at = createdAt + random.float(5, 40) * SECOND;
    return incident.code === '1100'
      ? [start, ...planUncertain(random, at)]
      : [start, { at, status: 'DECLINED', code: incident.code }];
  }
  switch (option.kind) {
    case 'card': {
      const threeDs = random.chance(THREE_DS_SHARE[input.country] ?? 0.3);
      const at = createdAt + (threeDs ? payerDelay(random, 35 * SECOND) : random.float(2, 8) * SECOND);
      const outcome = random.weighted<string>([
        ['completed', 78],
        ['declined', threeDs ? 21.3 : 18],
        ['uncertain', 0.7],
      ]);
      if (outcome === 'completed') return [start, { at, status: 'COMPLETED', code: null }];
      if (outcome === 'uncertain') return [start, ...planUncertain(random, at)];
      const code = pickDecline(
        random,
        CARD_DECLINES,
        (c) =>
          (threeDs || !THREE_DS_CODES.has(c)) &&
          (c !== '3016' || input.cardBrand === 'visa') &&
          (c !== '3026' || input.cardBrand === 'mastercard'),
      );
      return [start, { at, status: 'DECLINED', code }];
    }
    case 'redirect': {
      const outcome = random.weighted<string>([
        ['completed', 83],
        ['declined', 16.4],
        ['uncertain', 0.6],
      ]);
      if (outcome === 'completed')
        return [start, { at: createdAt + payerDelay(random, 50 * SECOND), status: 'COMPLETED', code: null }];
      if (outcome === 'uncertain')
        return [start, ...planUncertain(random, createdAt + payerDelay(random, 50 * SECOND))];
      const code = random.weighted(REDIRECT_DECLINES);
      // "Not received" means the payer never confirmed: the 30-minute session ran out.
      const at =
        code === '3018' ? createdAt + random.float(30, 35) * MINUTE : createdAt + payerDelay(random, 40 * SECOND);
      return [start, { at, status: 'DECLINED', code }];
    }
    case 'voucher': {
      const outcome = random.weighted<string>([
        ['paid', 55],
        ['unpaid', 41],
        ['invalid', 4],
      ]);
      if (outcome === 'invalid')
        return [
          start,
          {
            at: createdAt + random.float(1, 3) * SECOND,
            status: 'DECLINED',
            code: random.weighted(VOUCHER_VALIDATION),
          },
        ];
      if (outcome === 'unpaid')
        return [start, { at: createdAt + 3 * DAY + random.float(0, 2) * HOUR, status: 'DECLINED', code: '3018' }];
      return [
        start,
        { at: createdAt + Math.min(3 * DAY, random.logNormal(5 * HOUR, 1.2)), status: 'COMPLETED', code: null },
      ];
    }
    case 'transfer': {
      const outcome = random.weighted<string>([
        ['completed', 86],
        ['unpaid', 10],
        ['badAccount', 2],
        ['misc', 1.6],
        ['uncertain', 0.4],
      ]);
      if (outcome === 'completed')
        return [
          start,
          { at: createdAt + Math.min(2 * DAY, random.logNormal(20 * MINUTE, 1.3)), status: 'COMPLETED', code: null },
        ];
      if (outcome === 'unpaid')
        return [start, { at: createdAt + 2 * DAY + random.float(0, 3) * HOUR, status: 'DECLINED', code: '3018' }];
      if (outcome === 'uncertain') return [start, ...planUncertain(random, createdAt + random.float(1, 6) * HOUR)];
      return [
        start,
        {
          at: createdAt + random.float(1, 5) * SECOND,
          status: 'DECLINED',
          code: outcome === 'badAccount' ? '1005' : '999',
        },
      ];
    }
  }
}

function payoutSettlingTime(random: Random, option: KashaOption): number {
  // Pix, UPI and IMPS settle in seconds; SPEI in minutes; classic bank transfers in hours.
  if (/^(Pix|UPI|IMPS bank transfer|Bank Transfer|Nequi wallet)$/.test(option.name))
    return random.float(5, 300) * SECOND;
  if (option.name === 'SPEI') return random.float(10, 1800) * SECOND;
  return random.float(0.5, 20) * HOUR;
}

function planPayout(input: KashaTimelineInput): { planned: PlannedStatus[]; decision: PayoutDecisionPlan | null } {
  const { random, createdAt, option } = input;
  const planned: PlannedStatus[] = [{ at: createdAt, status: 'PENDING', code: null }];
  // A few requests sit forgotten in the queue for weeks; most are handled within a day.
  if (random.chance(0.03)) return { planned, decision: null };
  const decidedAt = createdAt + Math.min(10 * DAY, random.logNormal(10 * HOUR, 1.0));
  if (random.chance(0.07)) {
    planned.push({ at: decidedAt + random.float(0.5, 2) * SECOND, status: 'DECLINED', code: null });
    return {
      planned,
      decision: { action: 'DECLINE', decidedAt, declineReason: random.weighted(PAYOUT_DECLINE_REASONS) },
    };
  }
  const processingAt = decidedAt + random.float(0.5, 2) * SECOND;
  planned.push({ at: processingAt, status: 'PROCESSING', code: null });
  const incident = input.incident && random.chance(input.incident.chance) ? input.incident.code : null;
  const outcome =
    incident ??
    random.weighted<string>([
      ['completed', 93],
      ['declined', 6],
      ['1100', 1],
    ]);
  if (outcome === '1100') {
    planned.push(...planUncertain(random, processingAt + random.float(10, 120) * SECOND));
  } else if (outcome === 'completed') {
    planned.push({ at: processingAt + payoutSettlingTime(random, option), status: 'COMPLETED', code: null });
  } else {
    const code = outcome === 'declined' ? random.weighted(PAYOUT_DECLINES) : outcome;
    planned.push({ at: processingAt + random.float(10, 7200) * SECOND, status: 'DECLINED', code });
  }
  return { planned, decision: { action: 'APPROVE', decidedAt, declineReason: null } };
}

/**
 * The callbacks of one Kasha transaction that reached us by `now`, with the merchant's
 * payout decision and any refund that belong to it.
 */
export function buildKashaTimeline(input: KashaTimelineInput, refund: { chance: number }): KashaTimeline {
  const { random, now } = input;
  let planned: PlannedStatus[];
  let decision: PayoutDecisionPlan | null = null;
  if (input.direction === 'payout') {
    ({ planned, decision } = planPayout(input));
  } else {
    planned = planPayin(input);
  }
  // Refunds are drawn for every completed pay-in so that turning them on or off changes
  // nothing else in the data set.
  const last = planned[planned.length - 1]!;
  const refundDraw = random.next();
  const refundDelay = Math.min(60 * DAY, HOUR + random.exponential(5 * DAY));
  const refundLag = random.float(1, 5) * SECOND;
  let refundedAt: number | null = null;
  if (input.direction === 'payin' && last.status === 'COMPLETED' && refundDraw < refund.chance) {
    refundedAt = last.at + refundDelay;
    planned.push({ at: refundedAt + refundLag, status: 'REFUNDED', code: null });
  }

  let visible = planned.filter((status) => status.at <= now);
  // A payment created in the last instants before `now` has its first status anyway.
  if (visible.length === 0) visible = [{ ...planned[0]!, at: Math.min(planned[0]!.at, now) }];
  // No callback announces a pay-in's start: a card payment shows up when it ends; a
  // local-method one, which can run for days, is looked up once the checkout reports it.
  if (input.direction === 'payin' && visible.length > 1 && input.option.kind === 'card') visible = visible.slice(1);
  if (decision && decision.decidedAt > now) decision = null;
  if (refundedAt !== null && visible[visible.length - 1]?.status !== 'REFUNDED') refundedAt = null;

  const amount = Number(fromMinorUnits(input.amountMinor, input.currency));
  const { customer } = input;
  const events = visible.map((status, index): TimelineEvent => {
    const updatedAt = iso(status.at);
    const isLookup = status.lookupOnly === true || (input.direction === 'payin' && status.status === 'PENDING');
    const recordedAt =
      isLookup && index === 0 ? status.at + random.float(2, 30) * SECOND : status.at + deliveryDelay(random);
    const raw = {
      id: input.transactionId,
      sessionId: input.sessionId,
      type: input.direction,
      country: input.country,
      method: input.option.name,
      status: status.status,
      paymentReference: input.paymentReference,
      merchantReference: input.merchantReference,
      userId: input.merchantUserId,
      customer: {
        name: customer.name,
        email: customer.email,
        phone: customer.phone,
        ...(customer.document === null
          ? {}
          : { identify: { number: customer.document, type: DOCUMENT_TYPES[input.country] ?? 'ID' } }),
      },
      errors: status.code === null ? null : { code: status.code, msg: errorMessage(status.code) },
      currency: input.currency,
      paymentAmount: amount,
      createdAt: iso(input.createdAt),
      updatedAt,
    };
    return {
      at: status.at,
      recordedAt: Math.max(status.at, Math.min(now, recordedAt)),
      source: isLookup ? 'lookup' : 'webhook',
      // As the providers package keys Kasha changes: transaction, status, code and time.
      key: `${input.transactionId}:${status.status}:${status.code ?? ''}:${updatedAt}`,
      // A payout the merchant declined fails as `merchant_declined`, as ingestion records it
      // from our decision row; the plan decides here, so the payment is the same whether or
      // not staff ids are given to credit the decision to.
      normalized: normalizeKashaStatus({
        status: status.status,
        errorCode: status.code,
        isMerchantDecline: decision?.action === 'DECLINE',
      }),
      payload: input.withPayloads ? raw : null,
    };
  });
  return { events, decision, refundedAt };
}

const DOCUMENT_TYPES: Readonly<Record<string, string>> = {
  BR: 'BRA_CPF',
  MX: 'MEX_CURP',
  CO: 'COL_CC',
  CL: 'CHL_RUT',
  PE: 'PER_DNI',
  AR: 'ARG_DNI',
  ES: 'DNI',
  KW: 'KWT_CIVIL_ID',
  IN: 'IND_PAN',
};

function errorMessage(code: string): string {
  return Object.hasOwn(KASHA_ERROR_CODES, code)
    ? KASHA_ERROR_CODES[code as keyof typeof KASHA_ERROR_CODES].reason
    : 'Error';
}
