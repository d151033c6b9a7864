import { toMinorUnits } from '@paydesk/domain';
import type { SandboxHandle, SandboxOptions } from '../sandbox/core.ts';
import { bearerToken, createSandboxCore, iso, object, text } from '../sandbox/core.ts';
import type { Route, SandboxReply, SandboxRequest } from '../sandbox/http-server.ts';
import { ReplyError, headerValue, readJsonBody } from '../sandbox/http-server.ts';
import { fakeIban, fakePerson } from '../sandbox/people.ts';
import type { Random } from '../sandbox/random.ts';
import { KASHIMI_DEFAULT_SCOPE, KASHIMI_PATHS } from './client.ts';
import type { SandboxBank } from './sandbox-flows.ts';
import {
  EXPIRY_WAIT_MS,
  FAILURE_POINTS,
  REQUIRED_PAYMENT_FIELDS,
  SANDBOX_BANKS,
  happyWalk,
  stepDurationMs,
} from './sandbox-flows.ts';
import { KASHIMI_SIGNATURE_HEADER, signKashimiWebhook } from './webhook.ts';

export interface KashimiSandboxSecrets {
  clientId: string;
  clientSecret: string;
  /** Signs webhooks; the "secret registered with Kashimi". */
  webhookSecret: string;
}

/** Sandbox-only credentials, safe to print; never used against the real Kashimi. */
export const DEFAULT_KASHIMI_SANDBOX_SECRETS: KashimiSandboxSecrets = {
  clientId: 'paydesk-sandbox',
  clientSecret: 'kashimi-sandbox-client-secret',
  webhookSecret: 'kashimi-sandbox-webhook-secret',
};

export interface KashimiOutcomeOdds {
  completed: number;
  failed: number;
  /** UNKNOWN for a while, then resolved. */
  unknown: number;
}

export interface KashimiSandboxOptions extends SandboxOptions {
  secrets?: Partial<KashimiSandboxSecrets>;
  /** Lifetime of access tokens (default 1800, as Kashimi). */
  tokenTtlSeconds?: number;
  outcomes?: Partial<KashimiOutcomeOdds>;
  /**
   * Kashimi's documented inconsistencies: the undocumented AIS_PSU_CONSENT_RECEIVED step,
   * a reason on a PENDING status, INSUFFICIENT_FUNDS, `[]` instead of `null`. On by default.
   */
  quirks?: boolean;
}

/** Decides how the next created payment ends, for tests that need one particular path. */
export type KashimiForcedOutcome =
  | { outcome: 'COMPLETED'; hosted?: boolean; bankId?: string }
  | { outcome: 'FAILED'; at?: string; reason?: string; hosted?: boolean; bankId?: string }
  | { outcome: 'UNKNOWN'; resolvesTo?: 'COMPLETED' | 'FAILED'; hosted?: boolean; bankId?: string };

export interface KashimiStatusEntry {
  id: string;
  paymentId: string;
  status: string;
  detailedStatus: string;
  failureReasons: string[] | null;
  createdAt: string;
}

interface PlannedEntry {
  at: number;
  status: string;
  detailedStatus: string;
  failureReasons: string[] | null;
  revealsBank: boolean;
  revealsSender: boolean;
}

export interface KashimiSandboxPayment {
  id: string;
  endToEndId: string;
  /** Kashimi shows its own bank selection (no provider id was given). */
  hosted: boolean;
  /** The bank the payer uses; for hosted payments it is known to clients only after selection. */
  bank: SandboxBank;
  bankKnown: boolean;
  sender: { name: string; account: { iban: string } };
  senderKnown: boolean;
  request: {
    paymentScheme: string;
    amount: number;
    currency: string;
    recipient: unknown;
    sender: unknown;
    remittanceInformation: string;
    metadata: Record<string, unknown>;
  };
  createdAt: number;
  webhookUrl: string | undefined;
  /** Records revealed so far, oldest first: what the archive endpoint returns. */
  history: KashimiStatusEntry[];
  /** Every record the payment will show, with its due time. */
  plan: readonly PlannedEntry[];
}

export interface KashimiSandboxState {
  payments: Map<string, KashimiSandboxPayment>;
  tokens: Map<string, { expiresAt: number; scopes: string[] }>;
  tokensIssued: number;
}

export interface KashimiSandbox extends SandboxHandle {
  readonly provider: 'kashimi';
  readonly credentials: KashimiSandboxSecrets;
  readonly banks: readonly SandboxBank[];
  readonly state: KashimiSandboxState;
  forceNextOutcome(outcome: KashimiForcedOutcome): void;
  /** Makes every issued token invalid, as if Kashimi rotated them. */
  revokeTokens(): void;
}

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Kashimi's documented error body. */
export function kashimiErrorBody(
  status: number,
  message: string,
): { title: string; httpStatusCode: number; message: string } {
  return { title: TITLES[status] ?? 'Error', httpStatusCode: status, message };
}

const fail = (status: number, message: string): ReplyError =>
  new ReplyError({ status, body: kashimiErrorBody(status, message) });

/** A stateful fake of Kashimi's API: token, banks, initiation, latest status, archive, details, and signed webhooks. */
export async function startKashimiSandbox(options: KashimiSandboxOptions = {}): Promise<KashimiSandbox> {
  const secrets: KashimiSandboxSecrets = { ...DEFAULT_KASHIMI_SANDBOX_SECRETS, ...options.secrets };
  const core = createSandboxCore('kashimi', options, {
    sign: (body) => ({ [KASHIMI_SIGNATURE_HEADER]: signKashimiWebhook(body, secrets.webhookSecret) }),
    signatureHeader: KASHIMI_SIGNATURE_HEADER,
  });
  const { clock, random } = core;
  const tokenTtlSeconds = options.tokenTtlSeconds ?? 1800;
  const quirks = options.quirks ?? true;
  const odds: KashimiOutcomeOdds = { completed: 0.7, failed: 0.27, unknown: 0.03, ...options.outcomes };
  const state: KashimiSandboxState = { payments: new Map(), tokens: new Map(), tokensIssued: 0 };
  const byEndToEndId = new Map<string, string>();
  const forced: KashimiForcedOutcome[] = [];
  const allowedScopes = KASHIMI_DEFAULT_SCOPE.split(' ');

  const requireToken = (request: SandboxRequest, scope: string): void => {
    const token = bearerToken(headerValue(request.headers, 'authorization'));
    const grant = token === undefined ? undefined : state.tokens.get(token);
    if (!grant || grant.expiresAt <= clock.now()) throw fail(401, 'Access token is missing, invalid or expired');
    if (!grant.scopes.includes(scope)) throw fail(403, `Access token lacks the ${scope} scope`);
  };

  const issueToken = (request: SandboxRequest): SandboxReply => {
    const basic = /^Basic\s+(\S+)$/i.exec(headerValue(request.headers, 'authorization') ?? '')?.[1];
    const decoded = basic === undefined ? '' : Buffer.from(basic, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const clientId = decoded.slice(0, Math.max(0, colon));
    const clientSecret = decoded.slice(colon + 1);
    if (colon < 0 || clientId !== secrets.clientId || clientSecret !== secrets.clientSecret) {
      throw fail(401, 'Client authentication failed');
    }
    const form = new URLSearchParams(request.rawBody.toString('utf8'));
    if (form.get('grant_type') !== 'client_credentials') throw fail(400, 'grant_type must be client_credentials');
    const scopes = (form.get('scope') ?? KASHIMI_DEFAULT_SCOPE).split(/\s+/).filter(Boolean);
    const unknown = scopes.filter((scope) => !allowedScopes.includes(scope));
    if (unknown.length > 0) throw fail(400, `Unknown scope: ${unknown.join(' ')}`);
    const token = `ksh_${random.uuid().replaceAll('-', '')}`;
    state.tokens.set(token, { expiresAt: clock.now() + tokenTtlSeconds * 1000, scopes });
    state.tokensIssued += 1;
    return {
      status: 200,
      headers: { 'cache-control': 'no-store' },
      body: { access_token: token, token_type: 'Bearer', expires_in: tokenTtlSeconds, scope: scopes.join(' ') },
    };
  };

  const bankJson = (bank: SandboxBank) => ({
    id: bank.id,
    name: bank.name,
    countryCode: bank.countryCode,
    logoUrl: `https://cdn.sandbox.kashimi.invalid/banks/${bank.id}/logo.svg`,
    iconUrl: `https://cdn.sandbox.kashimi.invalid/banks/${bank.id}/icon.svg`,
    paymentSchemes: bank.paymentSchemes,
    requiredPaymentFields: REQUIRED_PAYMENT_FIELDS,
    subsidiaries: [],
  });

  const latest = (payment: KashimiSandboxPayment): KashimiStatusEntry => payment.history[payment.history.length - 1]!;

  const paymentJson = (payment: KashimiSandboxPayment) => {
    const current = latest(payment);
    return {
      id: payment.id,
      status: current.status,
      detailedStatus: current.detailedStatus,
      failureReasons: current.failureReasons,
      provider: payment.bankKnown
        ? { id: payment.bank.id, name: payment.bank.name, countryCode: payment.bank.countryCode }
        : null,
      paymentScheme: payment.request.paymentScheme,
      amount: payment.request.amount,
      currency: payment.request.currency,
      sender: payment.senderKnown ? payment.sender : (payment.request.sender ?? null),
      recipient: payment.request.recipient,
      remittanceInformation: payment.request.remittanceInformation,
      metadata: payment.request.metadata,
      redirectUrl: redirectUrl(payment.id),
      createdAt: iso(payment.createdAt),
      updatedAt: current.createdAt,
    };
  };

  const findPayment = (request: SandboxRequest): KashimiSandboxPayment => {
    const id = request.query.get('paymentId');
    if (!id) throw fail(400, 'paymentId is required');
    const payment = state.payments.get(id);
    if (!payment) throw fail(404, `Payment ${id} not found`);
    return payment;
  };

  const reveal = (payment: KashimiSandboxPayment, entry: PlannedEntry): void => {
    const record: KashimiStatusEntry = {
      id: random.uuid(),
      paymentId: payment.id,
      status: entry.status,
      detailedStatus: entry.detailedStatus,
      failureReasons: entry.failureReasons,
      createdAt: iso(entry.at),
    };
    payment.history.push(record);
    if (entry.revealsBank) payment.bankKnown = true;
    if (entry.revealsSender) payment.senderKnown = true;
    const isFirst = payment.history.length === 1;
    const isFinal = record.status === 'COMPLETED' || record.status === 'FAILED';
    // Kashimi notifies at initiation and at the final status; the steps between are only in the archive.
    if ((isFirst || isFinal) && payment.webhookUrl) {
      core.webhooks.send(
        payment.webhookUrl,
        {
          eventId: record.id,
          event: 'PAYMENT_STATUS_UPDATED',
          paymentId: record.paymentId,
          status: record.status,
          detailedStatus: record.detailedStatus,
          failureReasons: record.failureReasons,
          createdAt: record.createdAt,
        },
        { eventKey: record.id, paymentId: payment.id },
      );
    }
  };

  const initiate = (request: SandboxRequest): SandboxReply => {
    requireToken(request, 'payments:write');
    const body = readJsonBody(request, kashimiErrorBody);
    const input = validateInitiation(body);
    const existing = byEndToEndId.get(input.endToEndId);
    if (existing) throw fail(409, `A payment with endToEndId ${input.endToEndId} already exists (${existing})`);

    const force = forced.shift();
    const hosted = force?.hosted ?? input.providerId === undefined;
    const bank = pickBank(random, input.providerId ?? force?.bankId);
    if (!bank) throw fail(422, `Unknown provider id ${input.providerId ?? ''}`);
    const scheme = input.paymentScheme ?? bank.paymentSchemes[0]!;
    if (!bank.paymentSchemes.includes(scheme)) throw fail(422, `${bank.name} does not support ${scheme}`);

    const id = random.uuid();
    const createdAt = clock.now();
    const senderName = text(object(body['sender'])?.['name']) ?? fakePerson(random, bank.countryCode).name;
    const payment: KashimiSandboxPayment = {
      id,
      endToEndId: input.endToEndId,
      hosted,
      bank,
      bankKnown: !hosted,
      sender: { name: senderName, account: { iban: fakeIban(random, bank.countryCode, bank.bic) } },
      senderKnown: false,
      request: {
        paymentScheme: scheme,
        amount: input.amount,
        currency: input.currency,
        recipient: body['recipient'],
        sender: body['sender'] ?? null,
        remittanceInformation: input.remittanceInformation,
        metadata: input.metadata,
      },
      createdAt,
      webhookUrl: text(input.metadata['webhookUrl']) ?? options.webhookUrl,
      history: [],
      plan: planPayment({
        random,
        bank,
        hosted,
        amount: input.amount,
        currency: input.currency,
        createdAt,
        odds,
        quirks,
        force,
      }),
    };
    state.payments.set(id, payment);
    byEndToEndId.set(input.endToEndId, id);

    const [first, ...rest] = payment.plan;
    reveal(payment, first!);
    for (const entry of rest) clock.schedule(entry.at, () => reveal(payment, entry));

    const current = latest(payment);
    return {
      status: 201,
      body: {
        id,
        status: current.status,
        detailedStatus: current.detailedStatus,
        redirectUrl: redirectUrl(id),
        createdAt: current.createdAt,
      },
    };
  };

  const routes: Route[] = [
    { method: 'POST', pattern: KASHIMI_PATHS.token, handler: issueToken },
    {
      method: 'GET',
      pattern: KASHIMI_PATHS.banks,
      handler: (request) => {
        requireToken(request, 'providers:read');
        return { status: 200, body: SANDBOX_BANKS.map(bankJson) };
      },
    },
    { method: 'POST', pattern: KASHIMI_PATHS.payments, handler: initiate },
    {
      method: 'GET',
      pattern: `${KASHIMI_PATHS.payments}/:paymentId`,
      handler: (request) => {
        requireToken(request, 'payments:read');
        const id = request.params['paymentId'] ?? '';
        const payment = state.payments.get(id);
        if (!payment) throw fail(404, `Payment ${id} not found`);
        return { status: 200, body: paymentJson(payment) };
      },
    },
    {
      method: 'GET',
      pattern: KASHIMI_PATHS.latestStatus,
      handler: (request) => {
        requireToken(request, 'payments:read');
        return { status: 200, body: latest(findPayment(request)) };
      },
    },
    {
      method: 'GET',
      pattern: KASHIMI_PATHS.statusArchive,
      handler: (request) => {
        requireToken(request, 'payments:read');
        return { status: 200, body: findPayment(request).history };
      },
    },
  ];

  const handle = await core.start(routes, kashimiErrorBody);
  return {
    ...handle,
    provider: 'kashimi',
    credentials: secrets,
    banks: SANDBOX_BANKS,
    state,
    forceNextOutcome: (outcome) => forced.push(outcome),
    revokeTokens: () => state.tokens.clear(),
  };
}

function redirectUrl(paymentId: string): string {
  return `https://pay.sandbox.kashimi.invalid/flow/${paymentId}`;
}

interface ValidInitiation {
  providerId: string | undefined;
  paymentScheme: string | undefined;
  amount: number;
  currency: string;
  remittanceInformation: string;
  endToEndId: string;
  metadata: Record<string, unknown>;
}

function validateInitiation(body: Record<string, unknown>): ValidInitiation {
  const amount = body['amount'];
  if (typeof amount !== 'number' || !(amount > 0)) throw fail(422, 'amount must be a positive number');
  const currency = text(body['currency']);
  if (!currency || !/^[A-Z]{3}$/.test(currency)) throw fail(422, 'currency must be an ISO 4217 code');
  try {
    toMinorUnits(amount, currency);
  } catch {
    throw fail(422, `amount ${amount} has too many decimals for ${currency}`);
  }
  const recipient = object(body['recipient']);
  if (!text(recipient?.['name'])) throw fail(422, 'recipient.name is required');
  if (!text(object(recipient?.['account'])?.['iban'])) throw fail(422, 'recipient.account.iban is required');
  const remittanceInformation = text(body['remittanceInformation']);
  if (!remittanceInformation || remittanceInformation.length > 140) {
    throw fail(422, 'remittanceInformation is required (at most 140 characters)');
  }
  const metadata = object(body['metadata']);
  const endToEndId = text(metadata?.['endToEndId']);
  if (!metadata || !endToEndId || endToEndId.length > 35)
    throw fail(422, 'metadata.endToEndId is required (at most 35 characters)');
  if (!text(metadata['redirectUri'])) throw fail(422, 'metadata.redirectUri is required');
  const provider = body['provider'];
  const providerId = provider === undefined || provider === null ? undefined : text(object(provider)?.['id']);
  if (provider !== undefined && provider !== null && providerId === undefined)
    throw fail(422, 'provider.id must be a string');
  const paymentScheme =
    body['paymentScheme'] === undefined || body['paymentScheme'] === null ? undefined : text(body['paymentScheme']);
  return { providerId, paymentScheme, amount, currency, remittanceInformation, endToEndId, metadata };
}

function pickBank(random: Random, id: string | undefined): SandboxBank | undefined {
  if (id !== undefined) return SANDBOX_BANKS.find((bank) => bank.id === id);
  return random.weighted(SANDBOX_BANKS.map((bank) => [bank, bank.popularity] as const));
}

interface PlanInput {
  random: Random;
  bank: SandboxBank;
  hosted: boolean;
  amount: number;
  currency: string;
  createdAt: number;
  odds: KashimiOutcomeOdds;
  quirks: boolean;
  force: KashimiForcedOutcome | undefined;
}

/** Every status record the payment will show, decided up front so the walk is consistent. */
function planPayment(input: PlanInput): PlannedEntry[] {
  const { random, bank, hosted, quirks, force } = input;
  const walk = happyWalk(bank.traits, hosted);

  // Some failures follow from the request itself, whatever the odds say.
  let failure: { at: string; reason: string } | undefined;
  let outcome: 'COMPLETED' | 'FAILED' | 'UNKNOWN';
  const mustFail =
    input.currency !== 'EUR' ? 'CURRENCY_INVALID' : input.amount > bank.limit ? 'AMOUNT_EXCEEDS_LIMIT' : undefined;
  if (mustFail) {
    if (!walk.includes('PAYMENT_REGISTRATION_PENDING')) {
      const consentStart = walk.findIndex((step) => step.startsWith('PAYMENT_CONSENT_'));
      walk.splice(consentStart, 0, 'PAYMENT_REGISTRATION_PENDING');
    }
    outcome = 'FAILED';
    failure = { at: 'PAYMENT_REGISTRATION_PENDING', reason: mustFail };
  } else {
    outcome =
      force?.outcome ??
      random.weighted([
        ['COMPLETED', input.odds.completed],
        ['FAILED', input.odds.failed],
        ['UNKNOWN', input.odds.unknown],
      ] as const);
    if (outcome === 'FAILED') {
      const forcedAt = force?.outcome === 'FAILED' && force.at && walk.includes(force.at) ? force.at : undefined;
      const at =
        forcedAt ??
        random.weighted(
          walk.filter((step) => FAILURE_POINTS[step]).map((step) => [step, FAILURE_POINTS[step]!.weight] as const),
        );
      const point = FAILURE_POINTS[at]!;
      let reason = (force?.outcome === 'FAILED' ? force.reason : undefined) ?? random.weighted(point.reasons);
      // Kashimi's own example uses a code missing from its reason table.
      if (quirks && reason === 'AMOUNT_EXCEEDS_AVAILABLE_FUNDS' && random.chance(0.25)) reason = 'INSUFFICIENT_FUNDS';
      failure = { at, reason };
    }
  }

  const pendingReasons = (): string[] | null => (quirks && random.chance(0.2) ? [] : null);
  const failsOnFunds = failure?.reason === 'AMOUNT_EXCEEDS_AVAILABLE_FUNDS' || failure?.reason === 'INSUFFICIENT_FUNDS';
  const senderStep = walk.includes('SENDER_ACCOUNT_SELECTION_CALLBACK_PROCESSING_PENDING')
    ? 'SENDER_ACCOUNT_SELECTION_CALLBACK_PROCESSING_PENDING'
    : 'PAYMENT_EXECUTION_PENDING';

  const plan: PlannedEntry[] = [];
  let at = input.createdAt;
  const push = (status: string, detailedStatus: string, failureReasons: string[] | null): void => {
    plan.push({
      at,
      status,
      detailedStatus,
      failureReasons,
      revealsBank: detailedStatus === 'PROVIDER_SELECTION_CALLBACK_PROCESSING_PENDING',
      revealsSender: detailedStatus === senderStep,
    });
  };

  for (const step of walk) {
    push('PENDING', step, pendingReasons());
    if (failure?.at === step) {
      at += failure.reason === 'PAYMENT_EXPIRED' ? EXPIRY_WAIT_MS : stepDurationMs(step, random);
      const reasons = quirks && random.chance(0.03) ? [] : [failure.reason];
      push('FAILED', FAILURE_POINTS[step]!.failed, reasons);
      return plan;
    }
    at += stepDurationMs(step, random);
    if (quirks && step === 'SENDER_ACCOUNT_INFORMATION_CONSENT_CALLBACK_PROCESSING_PENDING' && random.chance(0.3)) {
      // As in Kashimi's example: an undocumented step, sometimes carrying a reason while still PENDING.
      push('PENDING', 'AIS_PSU_CONSENT_RECEIVED', failsOnFunds ? ['INSUFFICIENT_FUNDS'] : null);
      at += random.int(300, 1_500);
    }
  }

  if (outcome === 'UNKNOWN') {
    push('UNKNOWN', 'PAYMENT_EXECUTION_PENDING', null);
    at += random.int(30_000, 180_000);
    const resolvesTo =
      (force?.outcome === 'UNKNOWN' ? force.resolvesTo : undefined) ?? (random.chance(0.75) ? 'COMPLETED' : 'FAILED');
    if (resolvesTo === 'FAILED') {
      push('FAILED', 'PAYMENT_EXECUTION_FAILED', [random.pick(['PROVIDER_TECHNICAL_ERROR', 'UNKNOWN_ERROR'])]);
      return plan;
    }
  }
  push('COMPLETED', 'PAYMENT_EXECUTION_COMPLETED', null);
  return plan;
}
