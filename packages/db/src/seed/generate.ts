import type { Direction } from '@paydesk/domain';
import { approximateEur, drawAmountMinor, type AmountProfile } from './amounts.ts';
import { ArrivalSchedule } from './arrivals.ts';
import { assemblePayment, type PaymentContext, type ProviderPart, type StaffOptions } from './assemble.ts';
import { KASHIMI_BANKS, KLAVI_BANKS } from './banks.ts';
import { makeCustomer } from './customers.ts';
import { kashaIncidentAt, kashimiIncidentAt, klaviIncidentAt, planIncidents, type IncidentPlan } from './incidents.ts';
import { binPool, KASHA_COUNTRIES, type KashaOption } from './kasha-methods.ts';
import { buildKashaTimeline } from './kasha-timeline.ts';
import { buildKashimiTimeline } from './kashimi-timeline.ts';
import { buildKlaviTimeline } from './klavi-timeline.ts';
import { MARKETS } from './markets.ts';
import { hashSeed, Random, type Weighted } from './random.ts';
import type { GeneratedPayment } from './rows.ts';
import { DAY } from './timeline.ts';

export type * from './rows.ts';
export type { StaffOptions } from './assemble.ts';

export interface GenerateOptions extends StaffOptions {
  readonly seed: number;
  /** Payments in the whole data set; times are spread over the window by this count. */
  readonly count: number;
  /** The end of the window: nothing happens after it, and what was still running stays pending. */
  readonly now: Date;
  /** Length of the window, ending at `now`. */
  readonly days: number;
  /** First payment number to produce (inclusive), to split one data set across workers. */
  readonly from?: number;
  /** Payment number to stop before; defaults to `count`. */
  readonly to?: number;
  /** Keep the provider's raw status object on each event (default true). */
  readonly withPayloads?: boolean;
  /** Added to payment numbers in merchant references, to append a second data set. */
  readonly referenceOffset?: number;
}

// What each way of paying typically costs, in euros (see drawAmountMinor).
const AMOUNTS: Readonly<Record<string, AmountProfile>> = {
  open_banking: { medianEur: 85, sigma: 0.95, minEur: 1, maxEur: 15_000, roundShare: 0.35 },
  pix: { medianEur: 35, sigma: 1.0, minEur: 0.5, maxEur: 8_000, roundShare: 0.4 },
  card: { medianEur: 45, sigma: 1.0, minEur: 1, maxEur: 5_000, roundShare: 0.3 },
  redirect: { medianEur: 30, sigma: 1.0, minEur: 1, maxEur: 3_000, roundShare: 0.35 },
  voucher: { medianEur: 25, sigma: 0.8, minEur: 2, maxEur: 1_500, roundShare: 0.5 },
  transfer: { medianEur: 120, sigma: 1.0, minEur: 5, maxEur: 10_000, roundShare: 0.5 },
  payout: { medianEur: 180, sigma: 1.1, minEur: 5, maxEur: 20_000, roundShare: 0.45 },
};

const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

const KASHIMI_CURRENCIES: Readonly<Record<string, Weighted<string>>> = {
  PL: [
    ['PLN', 85],
    ['EUR', 15],
  ],
  SE: [
    ['SEK', 90],
    ['EUR', 10],
  ],
  GB: [['GBP', 1]],
};

interface Plan {
  readonly options: GenerateOptions;
  readonly now: number;
  readonly schedule: ArrivalSchedule;
  readonly incidents: IncidentPlan;
  /** Returning customers per country: how many distinct customers each country has. */
  readonly customersPerCountry: ReadonlyMap<string, number>;
}

function makePlan(options: GenerateOptions): Plan {
  if (!Number.isInteger(options.count) || options.count < 1) throw new RangeError('count must be a positive integer');
  if (!(options.days > 0)) throw new RangeError('days must be positive');
  const now = options.now.getTime();
  const start = now - options.days * DAY;
  const weights = new Map<string, number>();
  const totalWeight = MARKETS.reduce((sum, m) => sum + m.weight, 0);
  for (const m of MARKETS) weights.set(m.country, (weights.get(m.country) ?? 0) + m.weight);
  // About 2.5 payments per customer on average, a few regulars paying far more often.
  const customersPerCountry = new Map(
    [...weights].map(([country, weight]) => [
      country,
      Math.max(20, Math.round((options.count * weight) / totalWeight / 2.5)),
    ]),
  );
  return {
    options,
    now,
    schedule: new ArrivalSchedule(MARKETS, start, now),
    incidents: planIncidents(options.seed, MARKETS, start, now),
    customersPerCountry,
  };
}

/**
 * Payments with their timelines, one at a time, so a million never sit in memory.
 * Payment number n is derived from (seed, n) alone: the same options give the same
 * data byte for byte, and any range [from, to) can be produced on its own.
 */
export function* generatePayments(options: GenerateOptions): Generator<GeneratedPayment, void, undefined> {
  const plan = makePlan(options);
  const to = Math.min(options.to ?? options.count, options.count);
  for (let index = options.from ?? 0; index < to; index++) yield generatePayment(plan, index);
}

function generatePayment(plan: Plan, index: number): GeneratedPayment {
  const { options } = plan;
  const random = new Random(hashSeed(options.seed, index));
  const { at: createdAt, hour } = plan.schedule.timeAt((index + random.next()) / options.count);
  const market = plan.schedule.marketAt(hour, random);
  const poolSize = plan.customersPerCountry.get(market.country) ?? 20;
  const customer = makeCustomer(options.seed, market.country, Math.floor(poolSize * random.next() ** 1.5));
  // Staff-related draws come from their own stream so that passing staff ids or not
  // leaves every other column unchanged.
  const staffRandom = random.fork(1);
  const sequence = String((options.referenceOffset ?? 0) + index + 1).padStart(6, '0');
  const year = new Date(createdAt).getUTCFullYear();
  const base = {
    id: random.uuid(),
    random,
    createdAt,
    customer,
    market,
    sequence,
    year,
    withPayloads: options.withPayloads ?? true,
  };
  const part =
    market.provider === 'kashimi'
      ? kashimiPayment(plan, base)
      : market.provider === 'klavi'
        ? klaviPayment(plan, base)
        : kashaPayment(plan, base);
  return assemblePayment(base, part, options, plan.now, staffRandom);
}

interface Base extends PaymentContext {
  readonly random: Random;
  readonly sequence: string;
  readonly year: number;
  readonly withPayloads: boolean;
}

function kashimiPayment(plan: Plan, base: Base): ProviderPart {
  const { random, market } = base;
  const banks = KASHIMI_BANKS[market.country] ?? [];
  const bank = random.weighted(banks.map((b) => [b, b.weight] as const));
  const currency = random.weighted(KASHIMI_CURRENCIES[market.country] ?? [['EUR', 1]]);
  const amountMinor = drawAmountMinor(random, currency, AMOUNTS.open_banking!);
  const hosted = random.chance(0.4);
  const paymentId = random.uuid();
  const events = buildKashimiTimeline({
    random,
    paymentId,
    createdAt: base.createdAt,
    now: plan.now,
    bank,
    hosted,
    currency,
    amountEur: approximateEur(amountMinor, currency),
    incident: kashimiIncidentAt(plan.incidents, bank.id, base.createdAt),
    withPayloads: base.withPayloads,
  });
  // The merchant sends its order number as the endToEndId, which is what the providers
  // package reads back as the merchant reference.
  const endToEndId = `ORD-${base.year}-${base.sequence}`;
  return {
    direction: 'payin',
    method: 'open_banking',
    providerPaymentId: paymentId,
    providerReference: endToEndId,
    merchantReference: endToEndId,
    paymentReference: `PAYDESK ${random.chars(REFERENCE_ALPHABET, 8)}`,
    amountMinor,
    currency,
    bankId: bank.id,
    bankName: bank.name,
    document: null,
    cardBin: null,
    cardLast4: null,
    metadata: { bankSelection: hosted ? 'hosted' : 'custom' },
    events,
  };
}

function klaviPayment(plan: Plan, base: Base): ProviderPart {
  const { random } = base;
  const bank = random.weighted(KLAVI_BANKS.map((b) => [b, b.weight] as const));
  const amountMinor = drawAmountMinor(random, 'BRL', AMOUNTS.pix!);
  const paymentId = random.uuid();
  // clientRequestId is the merchant's own reference: the order number.
  const clientRequestId = `ORD-${base.year}-${base.sequence}`;
  const events = buildKlaviTimeline({
    random,
    paymentId,
    clientRequestId,
    createdAt: base.createdAt,
    now: plan.now,
    amountMinor,
    amountEur: approximateEur(amountMinor, 'BRL'),
    incident: klaviIncidentAt(plan.incidents, base.createdAt),
    withPayloads: base.withPayloads,
  });
  return {
    direction: 'payin',
    method: 'pix',
    providerPaymentId: paymentId,
    providerReference: clientRequestId,
    merchantReference: clientRequestId,
    paymentReference: null,
    amountMinor,
    currency: 'BRL',
    bankId: bank.id,
    bankName: bank.name,
    document: base.customer.document,
    cardBin: null,
    cardLast4: null,
    metadata: null,
    events,
  };
}

function kashaPayment(plan: Plan, base: Base): ProviderPart {
  const { random, market } = base;
  const country = KASHA_COUNTRIES[market.country];
  if (!country) throw new Error(`no Kasha options for ${market.country}`);
  const direction: Direction = random.chance(market.country === 'KW' ? 0.1 : 0.22) ? 'payout' : 'payin';
  const option = random.weighted(
    (direction === 'payout' ? country.payout : country.payin).map((o) => [o, o.weight] as const),
  );
  const currency = country.currency;
  const amountMinor = drawAmountMinor(random, currency, AMOUNTS[direction === 'payout' ? 'payout' : option.kind]!);
  const cardBrand = option.kind === 'card' ? random.weighted(country.cardBrands) : null;
  const pool = cardBrand ? binPool(market.country, cardBrand) : null;
  const cardBin = pool ? pool[Math.floor(pool.length * random.next() ** 2)]! : null;
  const cardLast4 = cardBrand ? random.digits(4) : null;
  const transactionId = random.uuid();
  const sessionId = random.uuid();
  const merchantReference = `${direction === 'payout' ? 'WD' : 'ORD'}-${base.year}-${base.sequence}`;
  const paymentReference = direction === 'payin' ? `INV-${random.chars(REFERENCE_ALPHABET, 6)}` : null;
  const timeline = buildKashaTimeline(
    {
      random,
      transactionId,
      sessionId,
      merchantReference,
      paymentReference,
      direction,
      option,
      cardBrand,
      country: market.country,
      currency,
      amountMinor,
      customer: base.customer,
      merchantUserId: base.customer.merchantUserId,
      createdAt: base.createdAt,
      now: plan.now,
      incident: kashaIncidentAt(plan.incidents, market.country, base.createdAt),
      withPayloads: base.withPayloads,
    },
    { chance: plan.options.refundRequestedBy ? 0.022 : 0 },
  );
  return {
    direction,
    method: option.method,
    providerPaymentId: transactionId,
    providerReference: sessionId,
    merchantReference,
    paymentReference,
    amountMinor,
    currency,
    ...optionBank(option),
    document: base.customer.document,
    cardBin,
    cardLast4,
    metadata: cardBrand ? { paymentOption: option.name, cardBrand } : { paymentOption: option.name },
    events: timeline.events,
    decision: timeline.decision,
    refundedAt: timeline.refundedAt,
    optionName: option.name,
  };
}

/** Cards carry no bank we know of; local methods are named by the option the payer chose. */
function optionBank(option: KashaOption): { bankId: string | null; bankName: string | null } {
  return option.kind === 'card' ? { bankId: null, bankName: null } : { bankId: option.id, bankName: option.name };
}
