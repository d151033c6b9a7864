import { toMinorUnits } from '@paydesk/domain';
import type { SandboxHandle, SandboxOptions } from '../sandbox/core.ts';
import { bearerToken, createSandboxCore, iso, object, text } from '../sandbox/core.ts';
import type { Route, SandboxReply, SandboxRequest } from '../sandbox/http-server.ts';
import { ReplyError, headerValue, readJsonBody } from '../sandbox/http-server.ts';
import type { Random } from '../sandbox/random.ts';
import { KLAVI_PATHS } from './client.ts';
import { klaviEventKey } from './events.ts';
import {
  KLAVI_PAYMENT_EVENT_NAME,
  KLAVI_PAYMENT_EVENT_TYPE,
  KLAVI_SIGNATURE_HEADER,
  KLAVI_TIMESTAMP_HEADER,
  signKlaviWebhook,
} from './webhook.ts';

export interface KlaviSandboxSecrets {
  accessKey: string;
  secretKey: string;
  /** Klavi signs webhooks with the secret key; set this only to sign with something else. */
  webhookSecret?: string;
  partnerAppId: string;
}

/** Sandbox-only credentials, safe to print; never used against the real Klavi. */
export const DEFAULT_KLAVI_SANDBOX_SECRETS: KlaviSandboxSecrets = {
  accessKey: 'paydesk-sandbox',
  secretKey: 'klavi-sandbox-secret-key',
  partnerAppId: 'paydesk-sandbox-app',
};

export interface KlaviParticipant {
  id: string;
  name: string;
  popularity: number;
}

/** Institutions the sandbox accepts as `participantId`. */
export const KLAVI_SANDBOX_PARTICIPANTS: readonly KlaviParticipant[] = [
  { id: 'a2d3a5c1-0b1f-4c6e-9a1e-341cbf1a0001', name: 'Itaú Unibanco', popularity: 9 },
  { id: 'a2d3a5c1-0b1f-4c6e-9a1e-341cbf1a0002', name: 'Nubank', popularity: 10 },
  { id: 'a2d3a5c1-0b1f-4c6e-9a1e-341cbf1a0003', name: 'Bradesco', popularity: 7 },
  { id: 'a2d3a5c1-0b1f-4c6e-9a1e-341cbf1a0004', name: 'Banco do Brasil', popularity: 7 },
  { id: 'a2d3a5c1-0b1f-4c6e-9a1e-341cbf1a0005', name: 'Caixa Econômica Federal', popularity: 6 },
  { id: 'a2d3a5c1-0b1f-4c6e-9a1e-341cbf1a0006', name: 'Santander Brasil', popularity: 5 },
  { id: 'a2d3a5c1-0b1f-4c6e-9a1e-341cbf1a0007', name: 'Banco Inter', popularity: 5 },
  { id: 'a2d3a5c1-0b1f-4c6e-9a1e-341cbf1a0008', name: 'C6 Bank', popularity: 3 },
  { id: 'a2d3a5c1-0b1f-4c6e-9a1e-341cbf1a0009', name: 'Mercado Pago', popularity: 4 },
  { id: 'a2d3a5c1-0b1f-4c6e-9a1e-341cbf1a0010', name: 'PicPay', popularity: 3 },
];

export type KlaviFinalStatus =
  'PAYMENT_COMPLETED' | 'PAYMENT_REJECTED' | 'CONSENT_REJECTED' | 'EXPIRED' | 'CANCELED' | 'ERROR';

/** Decides how the next created payment ends, for tests that need one particular path. */
export interface KlaviForcedOutcome {
  status: KlaviFinalStatus;
  reason?: string;
  /** Pass through PAYMENT_PARTIALLY_ACCEPTED (a second approver) on the way. */
  partiallyAccepted?: boolean;
}

export interface KlaviSandboxOptions extends SandboxOptions {
  secrets?: Partial<KlaviSandboxSecrets>;
  /** Lifetime of access tokens (default 3600). */
  tokenTtlSeconds?: number;
  /** Klavi's documented inconsistencies (the misspelt CONSENT_AUTHORIED). On by default. */
  quirks?: boolean;
}

export interface KlaviStatusEntry {
  status: string;
  statusReason: { code: string; message: string } | null;
  statusUpdateAt: string;
}

interface PlannedStatus {
  at: number;
  status: string;
  reason: string | undefined;
}

export interface KlaviSandboxPayment {
  id: string;
  clientRequestId: string;
  participant: KlaviParticipant;
  amount: string;
  currency: string;
  description: string | null;
  payer: { name: string; document: string; email: string | null };
  createdAt: number;
  history: KlaviStatusEntry[];
  plan: readonly PlannedStatus[];
}

export interface KlaviSandboxState {
  payments: Map<string, KlaviSandboxPayment>;
  tokens: Map<string, { expiresAt: number }>;
  tokensIssued: number;
}

export interface KlaviSandbox extends SandboxHandle {
  readonly provider: 'klavi';
  readonly credentials: Required<KlaviSandboxSecrets>;
  readonly participants: readonly KlaviParticipant[];
  readonly state: KlaviSandboxState;
  forceNextOutcome(outcome: KlaviForcedOutcome): void;
  revokeTokens(): void;
}

// Portuguese, as Brazilian institutions word them.
const REASON_MESSAGES: Readonly<Record<string, string>> = {
  SALDO_INSUFICIENTE: 'Saldo insuficiente na conta do pagador',
  VALOR_ACIMA_LIMITE: 'Valor acima do limite permitido',
  REJEITADO_USUARIO: 'Pagamento rejeitado pelo usuário',
  TEMPO_EXPIRADO_AUTORIZACAO: 'Tempo para autorização expirado',
  FALHA_INFRAESTRUTURA: 'Falha de infraestrutura na instituição detentora',
  CONTA_NAO_PERMITE_PAGAMENTO: 'Conta não permite este tipo de pagamento',
  VALOR_INVALIDO: 'Valor inválido',
  NAO_INFORMADO: 'Motivo não informado',
};

/** Klavi error body (decided). */
export function klaviErrorBody(status: number, message: string, code?: string): { code: string; message: string } {
  const fallback: Readonly<Record<number, string>> = {
    400: 'BAD_REQUEST',
    401: 'UNAUTHORIZED',
    404: 'NOT_FOUND',
    405: 'METHOD_NOT_ALLOWED',
    409: 'IDEMPOTENCY_CONFLICT',
    413: 'PAYLOAD_TOO_LARGE',
    416: 'NAO_INFORMADO',
    429: 'TOO_MANY_REQUESTS',
  };
  return { code: code ?? fallback[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'ERROR'), message };
}

const fail = (status: number, message: string, code?: string): ReplyError =>
  new ReplyError({ status, body: klaviErrorBody(status, message, code) });

// Above this the payer's bank refuses the amount, whatever the odds say.
const PAYER_LIMIT_MINOR = 500_000;

/** A stateful fake of Klavi's Pix initiation API, with optional signed envelope webhooks. */
export async function startKlaviSandbox(options: KlaviSandboxOptions = {}): Promise<KlaviSandbox> {
  const merged = { ...DEFAULT_KLAVI_SANDBOX_SECRETS, ...options.secrets };
  const secrets: Required<KlaviSandboxSecrets> = { ...merged, webhookSecret: merged.webhookSecret ?? merged.secretKey };
  const core = createSandboxCore('klavi', options, {
    sign: (body, now) => ({
      [KLAVI_SIGNATURE_HEADER]: signKlaviWebhook(body, secrets.webhookSecret),
      [KLAVI_TIMESTAMP_HEADER]: String(Math.floor(now / 1000)),
    }),
    signatureHeader: KLAVI_SIGNATURE_HEADER,
  });
  const { clock, random } = core;
  const tokenTtlSeconds = options.tokenTtlSeconds ?? 3600;
  const quirks = options.quirks ?? true;
  const state: KlaviSandboxState = { payments: new Map(), tokens: new Map(), tokensIssued: 0 };
  const byClientRequestId = new Map<string, string>();
  const forced: KlaviForcedOutcome[] = [];

  const requireToken = (request: SandboxRequest): void => {
    const token = bearerToken(headerValue(request.headers, 'authorization'));
    const grant = token === undefined ? undefined : state.tokens.get(token);
    if (!grant || grant.expiresAt <= clock.now()) throw fail(401, 'Token ausente, inválido ou expirado');
  };

  const findPayment = (request: SandboxRequest): KlaviSandboxPayment => {
    requireToken(request);
    const id = request.params['id'] ?? '';
    const payment = state.payments.get(id);
    if (!payment) throw fail(404, `Pagamento ${id} não encontrado`);
    return payment;
  };

  const current = (payment: KlaviSandboxPayment): KlaviStatusEntry => payment.history[payment.history.length - 1]!;

  const statusJson = (payment: KlaviSandboxPayment) => {
    const entry = current(payment);
    return {
      id: payment.id,
      clientRequestId: payment.clientRequestId,
      amount: payment.amount,
      currency: payment.currency,
      status: entry.status,
      statusReason: entry.statusReason,
      statusUpdateAt: entry.statusUpdateAt,
    };
  };

  const paymentJson = (payment: KlaviSandboxPayment) => {
    const entry = current(payment);
    return {
      id: payment.id,
      clientRequestId: payment.clientRequestId,
      participantId: payment.participant.id,
      participantName: payment.participant.name,
      amount: payment.amount,
      currency: payment.currency,
      description: payment.description,
      payer: payment.payer,
      creditor: { name: 'Paydesk Demo Ltda', pixKey: 'pagamentos@paydesk.example' },
      status: entry.status,
      statusReason: entry.statusReason,
      consentRedirectUrl: `https://consent.sandbox.klavi.invalid/authorize/${payment.id}`,
      createdAt: iso(payment.createdAt),
      statusUpdateAt: entry.statusUpdateAt,
    };
  };

  const reveal = (payment: KlaviSandboxPayment, planned: PlannedStatus): void => {
    const entry: KlaviStatusEntry = {
      status: planned.status,
      statusReason: planned.reason
        ? { code: planned.reason, message: REASON_MESSAGES[planned.reason] ?? planned.reason }
        : null,
      statusUpdateAt: iso(planned.at),
    };
    payment.history.push(entry);
    if (!options.webhookUrl) return;
    const payload = statusJson(payment);
    core.webhooks.send(
      options.webhookUrl,
      {
        partnerAppId: secrets.partnerAppId,
        eventId: random.uuid(),
        eventType: KLAVI_PAYMENT_EVENT_TYPE,
        eventName: KLAVI_PAYMENT_EVENT_NAME,
        eventTime: iso(clock.now()),
        payload,
      },
      { eventKey: klaviEventKey(payload), paymentId: payment.id },
    );
  };

  const issueToken = (request: SandboxRequest): SandboxReply => {
    const body = readJsonBody(request, klaviErrorBody);
    if (body['accessKey'] !== secrets.accessKey || body['secretKey'] !== secrets.secretKey) {
      throw fail(401, 'Credenciais inválidas');
    }
    const token = `klv_${random.uuid().replaceAll('-', '')}`;
    state.tokens.set(token, { expiresAt: clock.now() + tokenTtlSeconds * 1000 });
    state.tokensIssued += 1;
    return { status: 200, body: { accessToken: token, expireIn: tokenTtlSeconds } };
  };

  const create = (request: SandboxRequest): SandboxReply => {
    requireToken(request);
    const body = readJsonBody(request, klaviErrorBody);
    const clientRequestId = text(body['clientRequestId']);
    if (!clientRequestId || clientRequestId.length > 100)
      throw fail(400, 'clientRequestId é obrigatório (até 100 caracteres)');
    const participant = KLAVI_SANDBOX_PARTICIPANTS.find((p) => p.id === body['participantId']);
    if (!participant) throw fail(400, 'participantId desconhecido');
    const currency = body['currency'] ?? 'BRL';
    if (currency !== 'BRL') throw fail(400, 'Somente BRL é aceito');
    const amount = body['amount'];
    if (typeof amount !== 'string' || !/^\d{1,10}\.\d{2}$/.test(amount) || toMinorUnits(amount, 'BRL') <= 0) {
      throw fail(416, 'amount deve ser um texto decimal com duas casas, por exemplo "1333.00"', 'VALOR_INVALIDO');
    }
    const payer = object(body['payer']);
    const payerName = text(payer?.['name']);
    const document = text(payer?.['document']);
    if (!payerName || !document || !/^(\d{11}|\d{14})$/.test(document)) {
      throw fail(400, 'payer.name e payer.document (CPF ou CNPJ, só dígitos) são obrigatórios');
    }
    const existing = byClientRequestId.get(clientRequestId);
    if (existing)
      throw fail(409, `clientRequestId ${clientRequestId} já usado pelo pagamento ${existing}`, 'IDEMPOTENCY_CONFLICT');

    const id = random.uuid();
    const createdAt = clock.now();
    const payment: KlaviSandboxPayment = {
      id,
      clientRequestId,
      participant,
      amount,
      currency: 'BRL',
      description: text(body['description']) ?? null,
      payer: { name: payerName, document, email: text(payer?.['email']) ?? null },
      createdAt,
      history: [],
      plan: planPayment(random, createdAt, toMinorUnits(amount, 'BRL'), quirks, forced.shift()),
    };
    state.payments.set(id, payment);
    byClientRequestId.set(clientRequestId, id);
    const [first, ...rest] = payment.plan;
    reveal(payment, first!);
    for (const planned of rest) clock.schedule(planned.at, () => reveal(payment, planned));
    return { status: 201, body: paymentJson(payment) };
  };

  const routes: Route[] = [
    { method: 'POST', pattern: KLAVI_PATHS.auth, handler: issueToken },
    { method: 'POST', pattern: KLAVI_PATHS.payments, handler: create },
    {
      method: 'GET',
      pattern: `${KLAVI_PATHS.payments}/:id`,
      handler: (request) => ({ status: 200, body: paymentJson(findPayment(request)) }),
    },
    {
      method: 'GET',
      pattern: `${KLAVI_PATHS.payments}/:id/status`,
      handler: (request) => ({ status: 200, body: statusJson(findPayment(request)) }),
    },
  ];

  const handle = await core.start(routes, klaviErrorBody);
  return {
    ...handle,
    provider: 'klavi',
    credentials: secrets,
    participants: KLAVI_SANDBOX_PARTICIPANTS,
    state,
    forceNextOutcome: (outcome) => forced.push(outcome),
    revokeTokens: () => state.tokens.clear(),
  };
}

/** Consent → payment → settlement, decided up front; rejections carry Open Finance reason codes. */
function planPayment(
  random: Random,
  createdAt: number,
  amountMinor: number,
  quirks: boolean,
  force: KlaviForcedOutcome | undefined,
): PlannedStatus[] {
  const final: KlaviFinalStatus =
    force?.status ??
    (amountMinor > PAYER_LIMIT_MINOR
      ? 'PAYMENT_REJECTED'
      : random.weighted([
          ['PAYMENT_COMPLETED', 74],
          ['CONSENT_REJECTED', 9],
          ['EXPIRED', 4],
          ['PAYMENT_REJECTED', 10],
          ['CANCELED', 1.5],
          ['ERROR', 1.5],
        ] as const));
  const reason =
    force?.reason ??
    (amountMinor > PAYER_LIMIT_MINOR && final === 'PAYMENT_REJECTED'
      ? 'VALOR_ACIMA_LIMITE'
      : final === 'PAYMENT_REJECTED'
        ? random.weighted([
            ['SALDO_INSUFICIENTE', 5],
            ['VALOR_ACIMA_LIMITE', 2],
            ['CONTA_NAO_PERMITE_PAGAMENTO', 1],
            ['NAO_INFORMADO', 0.5],
          ] as const)
        : final === 'CONSENT_REJECTED'
          ? random.weighted([
              ['REJEITADO_USUARIO', 4],
              ['TEMPO_EXPIRADO_AUTORIZACAO', 1],
            ] as const)
          : final === 'EXPIRED'
            ? 'TEMPO_EXPIRADO_AUTORIZACAO'
            : final === 'ERROR'
              ? 'FALHA_INFRAESTRUTURA'
              : undefined);

  const plan: PlannedStatus[] = [];
  let at = createdAt;
  const push = (status: string, withReason = false): void => {
    plan.push({ at, status, reason: withReason ? reason : undefined });
  };

  push('STARTED');
  at += random.int(500, 2_000);
  push('CONSENT_AWAITING_AUTHORIZATION');
  if (final === 'CONSENT_REJECTED' || final === 'EXPIRED') {
    at += final === 'EXPIRED' || reason === 'TEMPO_EXPIRADO_AUTORIZACAO' ? 300_000 : random.int(5_000, 60_000);
    push(final, true);
    return plan;
  }
  at += random.int(5_000, 60_000); // the payer approves in their bank app
  // Klavi's own example misspells this status; clients must keep it, not choke on it.
  push(quirks && random.chance(0.05) ? 'CONSENT_AUTHORIED' : 'CONSENT_AUTHORIZED');
  at += random.int(500, 3_000);
  if (force?.partiallyAccepted ?? random.chance(0.03)) {
    push('PAYMENT_PARTIALLY_ACCEPTED');
    at += random.int(120_000, 600_000); // waiting for a second approver
  }
  push('PAYMENT_PENDING');
  at += random.int(1_000, 4_000);
  if (final === 'CANCELED') {
    push('CANCELED');
    return plan;
  }
  if (final === 'PAYMENT_REJECTED') {
    push('PAYMENT_REJECTED', true);
    return plan;
  }
  push('PAYMENT_SETTLEMENT_PROCESSING');
  at += random.int(1_000, 6_000);
  if (final === 'ERROR') {
    push('ERROR', true);
    return plan;
  }
  push('PAYMENT_COMPLETED');
  return plan;
}
