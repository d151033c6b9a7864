import { currencyExponent, fromMinorUnits } from '@paydesk/domain';
import { KashaClient } from '../kasha/client.ts';
import type { KashaSandbox } from '../kasha/sandbox.ts';
import { KashimiClient } from '../kashimi/client.ts';
import type { KashimiBank } from '../kashimi/schemas.ts';
import type { KashimiSandbox } from '../kashimi/sandbox.ts';
import { KlaviClient } from '../klavi/client.ts';
import type { KlaviSandbox } from '../klavi/sandbox.ts';
import type { Provider } from '../types.ts';
import { fakePerson } from './people.ts';
import type { Random, Seed } from './random.ts';
import { createRandom, randomSeed } from './random.ts';

export type TrafficKind = 'kashimi' | 'klavi' | 'kasha-payin' | 'kasha-payout';

export interface DemoTrafficOptions {
  sandboxes: { kashimi?: KashimiSandbox; klavi?: KlaviSandbox; kasha?: KashaSandbox };
  /** Average arrivals per minute, spread like real traffic (exponential gaps). 0 creates only on `createOne`. */
  ratePerMinute: number;
  /** Relative weights of what arrives (default: Kashimi 35, Klavi 25, Kasha pay-ins 32, Kasha payouts 8). */
  mix?: Partial<Record<TrafficKind, number>>;
  seed?: Seed;
  onCreated?: (created: CreatedTraffic) => void;
  /** Failed creations (often injected faults); the driver carries on. */
  onError?: (error: unknown, kind: TrafficKind) => void;
  fetch?: typeof fetch;
}

export interface CreatedTraffic {
  kind: TrafficKind;
  provider: Provider;
  /** The provider's payment / transaction id. */
  id: string;
  merchantReference: string;
  /** Major units as sent to the provider. */
  amount: string;
  currency: string;
}

export interface DemoTraffic {
  /** Creates one payment now, through the sandbox's own HTTP API. */
  createOne(kind?: TrafficKind): Promise<CreatedTraffic>;
  /** Stops the arrivals and waits for creations in flight. */
  stop(): Promise<void>;
  readonly created: number;
  readonly failed: number;
}

const DEFAULT_MIX: Record<TrafficKind, number> = { kashimi: 35, klavi: 25, 'kasha-payin': 32, 'kasha-payout': 8 };

const KASHA_PAYIN_COUNTRIES: readonly (readonly [string, number])[] = [
  ['BR', 25],
  ['MX', 20],
  ['CO', 10],
  ['GB', 10],
  ['AR', 8],
  ['IN', 8],
  ['CL', 7],
  ['PE', 6],
  ['ES', 6],
];
const KASHA_PAYOUT_COUNTRIES: readonly (readonly [string, number])[] = [
  ['BR', 30],
  ['MX', 25],
  ['IN', 15],
  ['CO', 10],
  ['AR', 10],
  ['PE', 10],
];
const CURRENCY_OF: Readonly<Record<string, string>> = {
  BR: 'BRL',
  MX: 'MXN',
  CO: 'COP',
  GB: 'GBP',
  AR: 'ARS',
  IN: 'INR',
  CL: 'CLP',
  PE: 'PEN',
  ES: 'EUR',
};
// Typical basket in each currency's major units, so amounts look local.
const TYPICAL_AMOUNT: Readonly<Record<string, number>> = {
  EUR: 45,
  BRL: 150,
  MXN: 600,
  COP: 120_000,
  GBP: 35,
  ARS: 30_000,
  INR: 2_500,
  CLP: 25_000,
  PEN: 110,
};
const LANGUAGE_OF: Readonly<Record<string, string>> = { BR: 'PT', GB: 'EN', IN: 'EN' };

/**
 * Creates payments through the sandboxes' own APIs at a realistic pace, so a dashboard
 * connected to them shows live arrivals, failures and payouts waiting for approval.
 */
export function startDemoTraffic(options: DemoTrafficOptions): DemoTraffic {
  const random = createRandom(options.seed ?? randomSeed());
  const { kashimi, klavi, kasha } = options.sandboxes;
  const common = { timeoutMs: 5_000, ...(options.fetch ? { fetch: options.fetch } : {}) };
  const kashimiClient = kashimi
    ? new KashimiClient({ ...common, baseUrl: kashimi.url, credentials: kashimi.credentials, clock: kashimi.clock })
    : undefined;
  const klaviClient = klavi
    ? new KlaviClient({ ...common, baseUrl: klavi.url, credentials: klavi.credentials, clock: klavi.clock })
    : undefined;
  const kashaClient = kasha
    ? new KashaClient({ ...common, baseUrl: kasha.url, credentials: kasha.credentials })
    : undefined;
  let banks: Promise<KashimiBank[]> | undefined;

  const available = Object.entries({ ...DEFAULT_MIX, ...options.mix }).filter(([kind, weight]) => {
    if (weight <= 0) return false;
    if (kind === 'kashimi') return kashimiClient !== undefined;
    if (kind === 'klavi') return klaviClient !== undefined;
    return kashaClient !== undefined;
  }) as [TrafficKind, number][];

  let created = 0;
  let failed = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const inFlight = new Set<Promise<unknown>>();

  const createKashimi = async (): Promise<CreatedTraffic> => {
    if (!kashimiClient) throw new Error('no Kashimi sandbox');
    banks ??= kashimiClient.listBanks().catch((error: unknown) => {
      banks = undefined;
      throw error;
    });
    const list = await banks;
    // A few integrations send a non-EUR currency by mistake; Kashimi refuses those at registration.
    const currency = random.chance(0.005) ? 'GBP' : 'EUR';
    const amount = localAmount(random, 'EUR');
    const hosted = random.chance(0.35);
    const bank = random.pick(list);
    const endToEndId = `PD-${random.digits(6)}-${random.digits(8)}`;
    const payer = fakePerson(random, bank.countryCode);
    const answer = await kashimiClient.initiatePayment({
      ...(hosted ? {} : { providerId: bank.id }),
      amount: Number(amount),
      currency,
      recipient: { name: 'Paydesk Demo GmbH', account: { iban: 'DE89370400440532013000' } },
      ...(random.chance(0.5) ? { sender: { name: payer.name } } : {}),
      remittanceInformation: `Order ${random.digits(7)}`,
      metadata: { endToEndId, redirectUri: 'https://shop.paydesk.example/checkout/return' },
    });
    return { kind: 'kashimi', provider: 'kashimi', id: answer.id, merchantReference: endToEndId, amount, currency };
  };

  const createKlavi = async (): Promise<CreatedTraffic> => {
    if (!klaviClient || !klavi) throw new Error('no Klavi sandbox');
    const amount = localAmount(random, 'BRL');
    const participant = random.weighted(klavi.participants.map((p) => [p, p.popularity] as const));
    const payer = fakePerson(random, 'BR');
    const clientRequestId = `PD-${random.digits(12)}`;
    const answer = await klaviClient.createPayment({
      clientRequestId,
      participantId: participant.id,
      amount,
      description: `Pedido ${random.digits(6)}`,
      payer: { name: payer.name, document: payer.document?.number ?? random.digits(11), email: payer.email },
    });
    return {
      kind: 'klavi',
      provider: 'klavi',
      id: answer.id,
      merchantReference: clientRequestId,
      amount,
      currency: 'BRL',
    };
  };

  const kashaCustomer = (country: string) => {
    const person = fakePerson(random, country);
    return {
      name: person.name,
      email: person.email,
      phone: person.phone,
      userDevice: random.pick(['MOBILE', 'MOBILE', 'DESKTOP']),
      ip: `${random.int(11, 220)}.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`,
      ...(person.document ? { identify: person.document } : {}),
    };
  };

  const createKashaPayin = async (): Promise<CreatedTraffic> => {
    if (!kashaClient) throw new Error('no Kasha sandbox');
    const country = random.weighted(KASHA_PAYIN_COUNTRIES);
    const currency = CURRENCY_OF[country]!;
    const amount = localAmount(random, currency);
    const merchantReference = `PD-${country}-${random.digits(10)}`;
    const session = await kashaClient.createPaymentSession({
      country,
      currency,
      amount: Number(amount),
      redirectUrl: 'https://shop.paydesk.example/checkout/return',
      language: LANGUAGE_OF[country] ?? 'ES',
      customer: kashaCustomer(country),
      merchantReference,
      paymentReference: `Invoice ${random.digits(6)}`,
      userId: `user-${random.digits(6)}`,
    });
    const card = session.paymentOptions.find((option) => option.name === 'Card');
    const local = session.paymentOptions.filter((option) => option.name !== 'Card');
    const option = card && (local.length === 0 || random.chance(0.55)) ? card : random.pick(local);
    await kashaClient.postPayment({
      sessionId: session.sessionId,
      paymentOptionId: option.paymentOptionId,
      optionId: null,
      extraData:
        option.name === 'Card'
          ? {
              cardnum: `${random.pick(['411111', '520000', '555555', '378282'])}******${random.digits(4)}`,
              cardholder: 'CARDHOLDER',
              expirymonth: String(random.int(1, 12)).padStart(2, '0'),
              expiryyear: String(random.int(2027, 2031)),
              cardcvv: random.digits(3),
            }
          : {},
    });
    return { kind: 'kasha-payin', provider: 'kasha', id: session.transactionId, merchantReference, amount, currency };
  };

  const createKashaPayout = async (): Promise<CreatedTraffic> => {
    if (!kashaClient) throw new Error('no Kasha sandbox');
    const country = random.weighted(KASHA_PAYOUT_COUNTRIES);
    const currency = CURRENCY_OF[country]!;
    const amount = localAmount(random, currency, 3);
    const merchantReference = `PD-PO-${country}-${random.digits(10)}`;
    const customer = kashaCustomer(country);
    const session = await kashaClient.createPayoutSession({
      country,
      currency,
      amount: Number(amount),
      redirectUrl: 'https://shop.paydesk.example/payouts/return',
      customer,
      merchantReference,
    });
    const option = random.pick(session.paymentOptions);
    await kashaClient.createPayout({
      sessionId: session.sessionId,
      paymentOptionId: option.paymentOptionId,
      extraData: { name: customer.name, account: random.digits(12) },
    });
    return { kind: 'kasha-payout', provider: 'kasha', id: session.transactionId, merchantReference, amount, currency };
  };

  const createOne = async (kind?: TrafficKind): Promise<CreatedTraffic> => {
    if (available.length === 0) throw new Error('startDemoTraffic needs at least one sandbox');
    const chosen = kind ?? random.weighted(available);
    const result =
      chosen === 'kashimi'
        ? await createKashimi()
        : chosen === 'klavi'
          ? await createKlavi()
          : chosen === 'kasha-payin'
            ? await createKashaPayin()
            : await createKashaPayout();
    created += 1;
    options.onCreated?.(result);
    return result;
  };

  const scheduleNext = (): void => {
    if (stopped || options.ratePerMinute <= 0) return;
    const meanGapMs = 60_000 / options.ratePerMinute;
    const gap = -Math.log(1 - random.next()) * meanGapMs;
    timer = setTimeout(() => {
      const kind = random.weighted(available);
      const work = createOne(kind).catch((error: unknown) => {
        failed += 1;
        options.onError?.(error, kind);
      });
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
      scheduleNext();
    }, gap);
  };
  scheduleNext();

  return {
    createOne,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await Promise.allSettled([...inFlight]);
    },
    get created() {
      return created;
    },
    get failed() {
      return failed;
    },
  };
}

/** A log-normal amount around the currency's typical basket, as a decimal string in major units. */
function localAmount(random: Random, currency: string, scale = 1): string {
  const typical = (TYPICAL_AMOUNT[currency] ?? 50) * scale;
  // Box–Muller: a normal draw for the log-normal spread (most baskets near typical, a long tail).
  const normal = Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
  const major = Math.min(typical * 60, Math.max(typical / 40, typical * Math.exp(0.8 * normal)));
  const exponent = currencyExponent(currency);
  // Large currencies are priced in round numbers; others to the cent.
  const step = typical >= 10_000 ? 100 * 10 ** exponent : 1;
  const minor = Math.max(step, Math.round((major * 10 ** exponent) / step) * step);
  return fromMinorUnits(minor, currency);
}
