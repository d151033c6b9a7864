import { kashaErrorCode, toMinorUnits } from '@paydesk/domain';
import type { SandboxHandle, SandboxOptions } from '../sandbox/core.ts';
import { createSandboxCore, iso, object, text } from '../sandbox/core.ts';
import { EffectLedger } from '../sandbox/effects.ts';
import type { Route, SandboxReply, SandboxRequest } from '../sandbox/http-server.ts';
import { ReplyError, headerValue, readJsonBody } from '../sandbox/http-server.ts';
import { KASHA_HEADERS, KASHA_PATHS } from './api-paths.ts';
import { kashaEventKey } from './events.ts';
import { signKasha, verifyKashaWebhook } from './webhook.ts';

export interface KashaSandboxSecrets {
  apiKey: string;
  /** Verifies request signatures and signs callbacks. */
  secret: string;
}

/** Sandbox-only credentials, safe to print; never used against the real Kasha. */
export const DEFAULT_KASHA_SANDBOX_SECRETS: KashaSandboxSecrets = {
  apiKey: 'paydesk-sandbox-api-key',
  secret: 'kasha-sandbox-signing-secret',
};

export type KashaSandboxStatus = 'PENDING' | 'PROCESSING' | 'COMPLETED' | 'DECLINED' | 'ERROR' | 'REFUNDED';

/** Decides how the next pay-in (after posting) or payout (after approval) ends. */
export interface KashaForcedOutcome {
  kind: 'payin' | 'payout';
  status: 'COMPLETED' | 'DECLINED' | 'ERROR';
  /** Error code for DECLINED (default: a typical one) and ERROR (default 1100). */
  code?: string;
  /** For ERROR 1100: what a lookup shows once Kasha has settled it. */
  settlesTo?: 'COMPLETED' | 'DECLINED';
}

export interface KashaSandboxOptions extends SandboxOptions {
  secrets?: Partial<KashaSandboxSecrets>;
  /** Kasha's documented inconsistencies (a COMPLETED carrying error 999). On by default. */
  quirks?: boolean;
}

export interface KashaHistoryEntry {
  status: KashaSandboxStatus;
  errors: { code: string; msg: string } | null;
  at: number;
}

interface OfferedOption {
  paymentOptionId: string;
  name: string;
  extraData: unknown[];
}

export interface KashaSandboxTransaction {
  id: string;
  sessionId: string;
  type: 'payin' | 'payout';
  country: string;
  currency: string;
  amount: number;
  method: string | null;
  status: KashaSandboxStatus;
  errors: { code: string; msg: string } | null;
  merchantReference: string;
  paymentReference: string | null;
  userId: string | null;
  customer: Record<string, unknown>;
  notificationUrl: string | undefined;
  options: OfferedOption[];
  /** A session takes one payment (or payout) only. */
  completed: boolean;
  createdAt: number;
  updatedAt: number;
  history: KashaHistoryEntry[];
}

export interface KashaSandboxState {
  transactions: Map<string, KashaSandboxTransaction>;
  /** Stored answers of money-moving calls by idempotency key. */
  idempotency: Map<string, { fingerprint: string; reply: SandboxReply }>;
}

export interface KashaSandbox extends SandboxHandle {
  readonly provider: 'kasha';
  readonly credentials: KashaSandboxSecrets;
  readonly state: KashaSandboxState;
  /** Approvals, declines and refunds applied, to assert "exactly one effect". */
  readonly effects: EffectLedger;
  forceNextOutcome(outcome: KashaForcedOutcome): void;
  findByMerchantReference(merchantReference: string): KashaSandboxTransaction | undefined;
}

/** Kasha error body (decided): `statusCode` plus `errorReason`, like its success answers. */
export function kashaErrorBody(
  status: number,
  message: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { statusCode: String(status), errorReason: message, ...extra };
}

const fail = (status: number, message: string, extra: Record<string, unknown> = {}): ReplyError =>
  new ReplyError({ status, body: kashaErrorBody(status, message, extra) });

/** Kasha's generic validation code, used for business refusals (decided). */
const VALIDATION = '1000';
const SESSION_LIFETIME_MS = 30 * 60_000;

const LOCAL_METHODS: Readonly<Record<string, readonly string[]>> = {
  BR: ['Pix', 'Boleto'],
  MX: ['OXXO', 'SPEI'],
  AR: ['Rapipago', 'Bank Transfer'],
  CO: ['PSE', 'Efecty'],
  CL: ['Webpay', 'Khipu'],
  PE: ['PagoEfectivo', 'Yape'],
  IN: ['UPI', 'Netbanking'],
  ES: ['Bizum'],
  GB: ['Bank Transfer'],
};

const PAYOUT_METHODS: Readonly<Record<string, readonly string[]>> = {
  BR: ['Pix', 'Bank Transfer'],
  MX: ['SPEI'],
  IN: ['IMPS', 'Bank Transfer'],
};

const CARD_DECLINES: readonly (readonly [string, number])[] = [
  ['3000', 25],
  ['3001', 18],
  ['3010', 8],
  ['3003', 8],
  ['3002', 6],
  ['3004', 5],
  ['3007', 4],
  ['3009', 3],
  ['3006', 3],
  ['3023', 3],
  ['3014', 2],
  ['3022', 2],
  ['3016', 2],
  ['3026', 2],
  ['3013', 1],
  ['3015', 1],
  ['3024', 1],
  ['3025', 1],
  ['3017', 1],
  ['3021', 0.5],
  ['3011', 0.5],
  ['3012', 0.5],
  ['994', 1],
  ['998', 1],
  ['999', 1],
];

const LOCAL_DECLINES: readonly (readonly [string, number])[] = [
  ['3018', 20],
  ['1002', 8],
  ['1004', 6],
  ['1001', 4],
  ['1009', 3],
  ['1007', 3],
  ['1008', 3],
  ['1005', 2],
  ['1003', 2],
  ['1006', 1],
  ['1000', 2],
  ['997', 2],
  ['998', 2],
  ['999', 2],
  ['995', 1],
  ['996', 1],
];

const PAYOUT_DECLINES: readonly (readonly [string, number])[] = [
  ['1005', 5],
  ['1002', 2],
  ['1004', 1],
  ['998', 1],
  ['999', 1],
];

/**
 * A stateful fake of Kasha API v2: signed requests, card and local pay-ins, payouts that
 * wait for APPROVE/DECLINE, refund by merchant reference, lookups, and signed callbacks.
 */
export async function startKashaSandbox(options: KashaSandboxOptions = {}): Promise<KashaSandbox> {
  const secrets: KashaSandboxSecrets = { ...DEFAULT_KASHA_SANDBOX_SECRETS, ...options.secrets };
  const core = createSandboxCore('kasha', options, {
    sign: (body) => ({ [KASHA_HEADERS.signature]: signKasha(body, secrets.secret) }),
    signatureHeader: KASHA_HEADERS.signature,
  });
  const { clock, random } = core;
  const quirks = options.quirks ?? true;
  const state: KashaSandboxState = { transactions: new Map(), idempotency: new Map() };
  const sessions = new Map<string, string>();
  const byReference = new Map<string, string>();
  const effects = new EffectLedger();
  const forced: KashaForcedOutcome[] = [];

  const takeForced = (kind: 'payin' | 'payout'): KashaForcedOutcome | undefined => {
    const index = forced.findIndex((entry) => entry.kind === kind);
    return index < 0 ? undefined : forced.splice(index, 1)[0];
  };

  const authenticate = (request: SandboxRequest): void => {
    if (headerValue(request.headers, KASHA_HEADERS.apiKey) !== secrets.apiKey) throw fail(401, 'Invalid API key');
    const verdict = verifyKashaWebhook(request.rawBody, request.headers, secrets.secret);
    if (!verdict.ok) throw fail(401, `Invalid signature: ${verdict.reason}`);
  };

  const txJson = (tx: KashaSandboxTransaction) => ({
    id: tx.id,
    sessionId: tx.sessionId,
    type: tx.type,
    country: tx.country,
    currency: tx.currency,
    paymentAmount: tx.amount,
    method: tx.method,
    status: tx.status,
    paymentReference: tx.paymentReference,
    merchantReference: tx.merchantReference,
    userId: tx.userId,
    customer: tx.customer,
    errors: tx.errors,
    createdAt: iso(tx.createdAt),
    updatedAt: iso(tx.updatedAt),
  });

  /** Moves a transaction to a new status; `notify` sends the callback. */
  const setStatus = (
    tx: KashaSandboxTransaction,
    status: KashaSandboxStatus,
    code: string | undefined,
    notify: boolean,
  ): void => {
    const errors = code === undefined ? null : { code, msg: kashaErrorCode(code)?.reason ?? 'Miscellaneous error' };
    tx.status = status;
    tx.errors = errors;
    tx.updatedAt = clock.now();
    tx.history.push({ status, errors, at: tx.updatedAt });
    const url = tx.notificationUrl ?? options.webhookUrl;
    if (!notify || !url) return;
    core.webhooks.send(url, txJson(tx), {
      eventKey: kashaEventKey({ id: tx.id, status, updatedAt: iso(tx.updatedAt), errorCode: code }),
      paymentId: tx.id,
    });
  };

  /** Schedules the end of a transaction that is with the processor. */
  const scheduleOutcome = (
    tx: KashaSandboxTransaction,
    delayMs: number,
    force: KashaForcedOutcome | undefined,
  ): void => {
    const card = tx.method === 'Card';
    const status =
      force?.status ??
      random.weighted(
        tx.type === 'payout'
          ? ([
              ['COMPLETED', 88],
              ['DECLINED', 9],
              ['ERROR', 3],
            ] as const)
          : card
            ? ([
                ['COMPLETED', 74],
                ['DECLINED', 24],
                ['ERROR', 2],
              ] as const)
            : ([
                ['COMPLETED', 72],
                ['DECLINED', 25],
                ['ERROR', 3],
              ] as const),
      );
    const declines = tx.type === 'payout' ? PAYOUT_DECLINES : card ? CARD_DECLINES : LOCAL_DECLINES;
    clock.scheduleIn(delayMs, () => {
      if (status === 'COMPLETED') {
        // Kasha's own example shows a COMPLETED transaction still carrying an error code.
        setStatus(tx, 'COMPLETED', quirks && random.chance(0.01) ? '999' : undefined, true);
      } else if (status === 'DECLINED') {
        setStatus(tx, 'DECLINED', force?.code ?? random.weighted(declines), true);
      } else {
        // 1100: nobody knows yet. Kasha settles it later; only a lookup shows the result.
        setStatus(tx, 'ERROR', force?.code ?? '1100', true);
        const settlesTo = force?.settlesTo ?? (random.chance(0.7) ? 'COMPLETED' : 'DECLINED');
        clock.scheduleIn(random.int(120_000, 600_000), () => {
          if (tx.status !== 'ERROR') return;
          setStatus(tx, settlesTo, settlesTo === 'DECLINED' ? '999' : undefined, false);
        });
      }
    });
  };

  const optionsFor = (kind: 'payin' | 'payout', country: string): OfferedOption[] => {
    const names =
      kind === 'payin'
        ? ['Card', ...(LOCAL_METHODS[country] ?? ['Bank Transfer'])]
        : [...(PAYOUT_METHODS[country] ?? ['Bank Transfer'])];
    return names.map((name) => ({ paymentOptionId: random.uuid(), name, extraData: extraDataFor(name) }));
  };

  const startSession = (request: SandboxRequest, kind: 'payin' | 'payout'): KashaSandboxTransaction => {
    authenticate(request);
    const body = readJsonBody(request, kashaErrorBody);
    const country = text(body['country']);
    const currency = text(body['currency']);
    const amount = body['amount'];
    if (!country || !/^[A-Z]{2}$/.test(country))
      throw fail(400, 'country must be an ISO alpha-2 code', { code: VALIDATION });
    if (!currency || !/^[A-Z]{3}$/.test(currency))
      throw fail(400, 'currency must be an ISO alpha-3 code', { code: VALIDATION });
    if (typeof amount !== 'number' || !(amount > 0)) throw fail(400, 'Invalid amount.', { code: '1009' });
    try {
      toMinorUnits(amount, currency);
    } catch {
      throw fail(400, 'Invalid amount.', { code: '1009' });
    }
    if (!text(body['redirectUrl'])) throw fail(400, 'redirectUrl is required', { code: VALIDATION });
    const customer = object(body['customer']);
    if (!customer || !text(customer['name'])) throw fail(400, 'customer.name is required', { code: VALIDATION });
    if (kind === 'payin' && !text(body['language'])) throw fail(400, 'language is required', { code: VALIDATION });
    const merchantReference = text(body['merchantReference']) ?? `ksh-${random.digits(12)}`;
    if (byReference.has(merchantReference)) throw fail(400, 'merchantReference must be unique', { code: VALIDATION });

    const now = clock.now();
    const tx: KashaSandboxTransaction = {
      id: random.uuid(),
      sessionId: random.uuid(),
      type: kind,
      country,
      currency,
      amount,
      method: null,
      status: 'PENDING',
      errors: null,
      merchantReference,
      paymentReference: text(body['paymentReference']) ?? null,
      userId: text(body['userId']) ?? null,
      customer,
      notificationUrl: text(body['notificationUrl']),
      options: optionsFor(kind, country),
      completed: false,
      createdAt: now,
      updatedAt: now,
      history: [{ status: 'PENDING', errors: null, at: now }],
    };
    state.transactions.set(tx.id, tx);
    sessions.set(tx.sessionId, tx.id);
    byReference.set(merchantReference, tx.id);
    return tx;
  };

  const sessionJson = (tx: KashaSandboxTransaction) => ({
    transactionId: tx.id,
    sessionId: tx.sessionId,
    paymentOptions: tx.options.map((option) => ({ ...option, logo: null })),
  });

  const completeSession = (
    request: SandboxRequest,
    kind: 'payin' | 'payout',
  ): { tx: KashaSandboxTransaction; option: OfferedOption } => {
    authenticate(request);
    const body = readJsonBody(request, kashaErrorBody);
    const txId = sessions.get(text(body['sessionId']) ?? '');
    const tx = txId === undefined ? undefined : state.transactions.get(txId);
    if (!tx || tx.type !== kind) throw fail(404, 'Session not found');
    if (tx.completed) throw fail(400, 'Only one payment is allowed for each session', { code: VALIDATION });
    if (clock.now() - tx.createdAt > SESSION_LIFETIME_MS) throw fail(400, 'Session expired', { code: VALIDATION });
    const option = tx.options.find((candidate) => candidate.paymentOptionId === body['paymentOptionId']);
    if (!option) throw fail(400, 'Unknown paymentOptionId for this session', { code: VALIDATION });
    tx.completed = true;
    tx.method = option.name;
    return { tx, option };
  };

  /** Money-moving calls answer a repeated idempotency key with the first answer, and apply nothing again. */
  const idempotent = (request: SandboxRequest, work: () => SandboxReply): SandboxReply => {
    const key = headerValue(request.headers, KASHA_HEADERS.idempotencyKey);
    if (!key) return work();
    const scoped = `${request.path} ${key}`;
    const fingerprint = request.rawBody.toString('utf8');
    const stored = state.idempotency.get(scoped);
    if (stored) {
      if (stored.fingerprint !== fingerprint) {
        throw fail(422, 'Idempotency key was already used for a different request', { code: VALIDATION });
      }
      return stored.reply;
    }
    let reply: SandboxReply;
    try {
      reply = work();
    } catch (error) {
      if (!(error instanceof ReplyError)) throw error;
      reply = error.reply;
    }
    // Refusals are stored too: a repeat must not turn a refusal into an effect later.
    state.idempotency.set(scoped, { fingerprint, reply });
    return reply;
  };

  const confirmPayout = (request: SandboxRequest): SandboxReply => {
    authenticate(request);
    return idempotent(request, () => {
      const body = readJsonBody(request, kashaErrorBody);
      const action = body['action'];
      if (action !== 'APPROVE' && action !== 'DECLINE')
        throw fail(400, 'action must be APPROVE or DECLINE', { code: VALIDATION });
      const tx = state.transactions.get(text(body['transactionId']) ?? '');
      if (!tx || tx.type !== 'payout' || !tx.completed) throw fail(404, 'Payout not found');
      if (tx.status !== 'PENDING') {
        throw fail(400, `Payout is ${tx.status}, not PENDING`, {
          code: VALIDATION,
          status: tx.status,
          transactionId: tx.id,
        });
      }
      const key = headerValue(request.headers, KASHA_HEADERS.idempotencyKey);
      const effect = {
        transactionId: tx.id,
        merchantReference: tx.merchantReference,
        amount: tx.amount,
        currency: tx.currency,
        at: clock.now(),
        ...(key ? { idempotencyKey: key } : {}),
      };
      if (action === 'DECLINE') {
        setStatus(tx, 'DECLINED', undefined, true);
        effects.record({ kind: 'payout.decline', ...effect });
        return {
          status: 200,
          body: {
            statusCode: '000',
            status: 'DECLINED',
            transactionId: tx.id,
            merchantReference: tx.merchantReference,
            result: 'Payout was declined.',
          },
        };
      }
      setStatus(tx, 'PROCESSING', undefined, true);
      effects.record({ kind: 'payout.approve', ...effect });
      scheduleOutcome(tx, random.int(5_000, 60_000), takeForced('payout'));
      return {
        status: 200,
        body: {
          statusCode: '000',
          status: 'PROCESSING',
          transactionId: tx.id,
          merchantReference: tx.merchantReference,
          result: 'Payout request was submitted successfully.',
        },
      };
    });
  };

  const refund = (request: SandboxRequest): SandboxReply => {
    authenticate(request);
    return idempotent(request, () => {
      const body = readJsonBody(request, kashaErrorBody);
      const merchantReference = text(body['merchantReference']);
      if (!merchantReference) throw fail(400, 'merchantReference is required', { code: VALIDATION });
      const txId = byReference.get(merchantReference);
      const tx = txId === undefined ? undefined : state.transactions.get(txId);
      if (!tx) throw fail(404, 'Transaction not found', { merchantReference });
      if (tx.type !== 'payin') throw fail(400, 'Payouts cannot be refunded', { code: VALIDATION, merchantReference });
      if (tx.status === 'REFUNDED') {
        throw fail(400, 'Transaction already refunded.', {
          code: VALIDATION,
          status: 'REFUNDED',
          merchantReference,
          transactionId: tx.id,
        });
      }
      if (tx.status !== 'COMPLETED') {
        throw fail(400, `Transaction is ${tx.status}; only COMPLETED payments can be refunded`, {
          code: VALIDATION,
          status: tx.status,
          merchantReference,
          transactionId: tx.id,
        });
      }
      setStatus(tx, 'REFUNDED', undefined, true);
      const key = headerValue(request.headers, KASHA_HEADERS.idempotencyKey);
      effects.record({
        kind: 'refund',
        transactionId: tx.id,
        merchantReference,
        amount: tx.amount,
        currency: tx.currency,
        at: clock.now(),
        ...(key ? { idempotencyKey: key } : {}),
      });
      return {
        status: 200,
        body: {
          statusCode: '000',
          errorReason: 'Success',
          paymentAmount: tx.amount,
          status: 'REFUNDED',
          currency: tx.currency,
          country: tx.country,
          paymentOptionName: tx.method,
          userId: tx.userId,
          type: tx.type,
          _id: tx.id,
          // Kasha's refund answer writes dates day-first without a zone, unlike its other answers.
          createdAt: dayFirst(tx.createdAt),
          updatedAt: dayFirst(tx.updatedAt),
        },
      };
    });
  };

  const routes: Route[] = [
    {
      method: 'POST',
      pattern: KASHA_PATHS.paymentOptions,
      handler: (request) => ({ status: 200, body: sessionJson(startSession(request, 'payin')) }),
    },
    {
      method: 'POST',
      pattern: KASHA_PATHS.payments,
      handler: (request) => {
        const { tx, option } = completeSession(request, 'payin');
        const card = option.name === 'Card';
        const force = takeForced('payin');
        scheduleOutcome(tx, card ? random.int(8_000, 60_000) : random.int(20_000, 180_000), force);
        const threeDs = !card || random.chance(0.75);
        return {
          status: 200,
          body: threeDs
            ? {
                statusCode: '300',
                resultType: 'redirect',
                result: {
                  transactionId: tx.id,
                  redirectUrl: `https://checkout.sandbox.kasha.invalid/${card ? '3ds' : 'pay'}/${tx.id}`,
                },
              }
            : { statusCode: '000', resultType: 'success', result: { transactionId: tx.id } },
        };
      },
    },
    {
      method: 'POST',
      pattern: KASHA_PATHS.payoutOptions,
      // Kasha documents this answer as an array holding the session.
      handler: (request) => ({ status: 200, body: [sessionJson(startSession(request, 'payout'))] }),
    },
    {
      method: 'POST',
      pattern: KASHA_PATHS.payouts,
      handler: (request) => {
        const { tx } = completeSession(request, 'payout');
        // The payout now waits for APPROVE/DECLINE; the callback tells the back office it exists.
        setStatus(tx, 'PENDING', undefined, true);
        return { status: 200, body: { statusCode: 0, resultType: 'success', result: { transactionId: tx.id } } };
      },
    },
    { method: 'POST', pattern: KASHA_PATHS.confirmPayout, handler: confirmPayout },
    { method: 'POST', pattern: KASHA_PATHS.refunds, handler: refund },
    {
      method: 'GET',
      pattern: KASHA_PATHS.transactionPattern,
      handler: (request) => {
        authenticate(request);
        const tx = state.transactions.get(request.params['transactionId'] ?? '');
        if (!tx) throw fail(404, 'Transaction not found');
        return { status: 200, body: txJson(tx) };
      },
    },
  ];

  const handle = await core.start(routes, kashaErrorBody);
  return {
    ...handle,
    provider: 'kasha',
    credentials: secrets,
    state,
    effects,
    forceNextOutcome: (outcome) => forced.push(outcome),
    findByMerchantReference: (merchantReference) => {
      const id = byReference.get(merchantReference);
      return id === undefined ? undefined : state.transactions.get(id);
    },
  };
}

function extraDataFor(name: string): unknown[] {
  const field = (fieldName: string, label: string) => ({
    label,
    name: fieldName,
    type: 'string',
    values: [],
    required: true,
  });
  if (name === 'Card') {
    return [
      field('cardnum', 'Card Number'),
      field('cardholder', 'Owner'),
      field('expirymonth', 'Expiry month'),
      field('expiryyear', 'Expiry year'),
      field('cardcvv', 'CVV'),
    ];
  }
  if (name === 'Pix') return [field('document', 'CPF')];
  return [];
}

function dayFirst(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}
