import { fromMinorUnits, normalizeKlaviStatus } from '@paydesk/domain';
import type { Random, Weighted } from './random.ts';
import {
  DAY,
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

// Klavi (Pix through Brazil Open Finance): the payer approves in their bank app, then the
// bank and the Pix system settle within seconds. Most changes reach us by webhook; the
// rest only by polling, so a status that lasts less than the poll interval can go unseen.

const REASON_MESSAGES: Readonly<Record<string, string>> = {
  SALDO_INSUFICIENTE: 'Saldo insuficiente na conta do pagador',
  VALOR_ACIMA_LIMITE: 'Valor acima do limite permitido',
  REJEITADO_USUARIO: 'Pagamento rejeitado pelo usuário',
  TEMPO_EXPIRADO_AUTORIZACAO: 'Tempo de autorização expirado',
  FALHA_INFRAESTRUTURA: 'Falha de infraestrutura',
  CONTA_NAO_PERMITE_PAGAMENTO: 'Conta não permite pagamento',
  VALOR_INVALIDO: 'Valor inválido',
  QRCODE_INVALIDO: 'QR Code inválido',
  NAO_INFORMADO: 'Motivo não informado',
};

interface PlannedStatus {
  readonly at: number;
  readonly status: string;
  readonly reason: string | null;
}

/** Hours when Pix infrastructure at Klavi or a bank is failing. */
export interface KlaviIncident {
  readonly chance: number;
}

export interface KlaviTimelineInput {
  readonly random: Random;
  readonly paymentId: string;
  readonly clientRequestId: string;
  readonly createdAt: number;
  readonly now: number;
  readonly amountMinor: number;
  readonly amountEur: number;
  readonly incident: KlaviIncident | null;
  readonly withPayloads: boolean;
}

function planStatuses(input: KlaviTimelineInput): PlannedStatus[] {
  const { random } = input;
  const planned: PlannedStatus[] = [{ at: input.createdAt, status: 'STARTED', reason: null }];
  let at = input.createdAt;
  const add = (delay: number, status: string, reason: string | null = null): void => {
    at += delay;
    planned.push({ at, status, reason });
  };
  const infrastructure = input.incident?.chance ?? 0;

  if (random.chance(0.003 + infrastructure * 0.3)) {
    add(processingDelay(random), 'ERROR', 'FALHA_INFRAESTRUTURA');
    return planned;
  }
  add(random.float(1, 4) * SECOND, 'CONSENT_AWAITING_AUTHORIZATION');

  // The payer now has the approval request in their bank app.
  const consent = random.weighted<string>([
    ['authorized', 88],
    ['rejected', 5],
    ['timedOut', 3],
    ['expired', 2],
    ['canceled', 1.4],
    ['stalled', 0.3],
  ]);
  switch (consent) {
    case 'rejected':
      add(payerDelay(random), 'CONSENT_REJECTED', 'REJEITADO_USUARIO');
      return planned;
    case 'timedOut':
      add(5 * MINUTE + random.float(0, 40) * SECOND, 'CONSENT_REJECTED', 'TEMPO_EXPIRADO_AUTORIZACAO');
      return planned;
    case 'expired':
      add(random.float(10, 60) * MINUTE, 'EXPIRED', random.chance(0.7) ? 'TEMPO_EXPIRADO_AUTORIZACAO' : null);
      return planned;
    case 'canceled':
      add(payerDelay(random), 'CANCELED', random.chance(0.5) ? 'NAO_INFORMADO' : null);
      return planned;
    case 'stalled':
      return planned;
  }
  add(payerDelay(random, 40 * SECOND), 'CONSENT_AUTHORIZED');

  // Joint and business accounts need a second person to approve in their own app.
  if (random.chance(0.02)) {
    add(random.float(1, 3) * SECOND, 'PAYMENT_PARTIALLY_ACCEPTED');
    const outcome = random.weighted<string>([
      ['approved', 82],
      ['rejected', 8],
      ['expired', 10],
    ]);
    if (outcome === 'rejected') {
      add(random.float(10, 600) * MINUTE, 'PAYMENT_REJECTED', 'REJEITADO_USUARIO');
      return planned;
    }
    if (outcome === 'expired') {
      add(DAY + random.float(0, 10) * MINUTE, 'EXPIRED', 'TEMPO_EXPIRADO_AUTORIZACAO');
      return planned;
    }
    add(random.float(10, 20 * 60) * MINUTE, 'PAYMENT_PENDING');
  } else {
    add(random.float(1, 3) * SECOND, 'PAYMENT_PENDING');
  }

  const size = Math.min(4, 0.5 + input.amountEur / 400);
  const rejection: Weighted<string> = [
    ['SALDO_INSUFICIENTE', 10],
    ['VALOR_ACIMA_LIMITE', 2.5 * size],
    ['CONTA_NAO_PERMITE_PAGAMENTO', 1.5],
    ['FALHA_INFRAESTRUTURA', 2],
    ['NAO_INFORMADO', 1],
    ['VALOR_INVALIDO', 0.3],
    ['QRCODE_INVALIDO', 0.2],
  ];
  if (random.chance(0.045 + infrastructure)) {
    const reason = random.chance(infrastructure / (0.045 + infrastructure))
      ? 'FALHA_INFRAESTRUTURA'
      : random.weighted(rejection);
    add(random.float(1, 8) * SECOND, 'PAYMENT_REJECTED', reason);
    return planned;
  }
  if (random.chance(0.003)) {
    add(processingDelay(random), 'ERROR', 'FALHA_INFRAESTRUTURA');
    return planned;
  }

  // Pix Agendado: the payer chose a later date; the bank debits that morning (Brasília time).
  if (random.chance(0.03)) {
    add(random.float(1, 3) * SECOND, 'PAYMENT_SCHEDULED');
    const day = Math.floor((at - 3 * HOUR) / DAY) + random.int(1, 20);
    const debitAt = day * DAY + 3 * HOUR + random.float(6, 8) * HOUR;
    const outcome = random.weighted<string>([
      ['debited', 87],
      ['noFunds', 8],
      ['canceled', 5],
    ]);
    if (outcome === 'canceled') {
      add(random.float(0.1, 0.9) * (debitAt - at), 'CANCELED', 'NAO_INFORMADO');
      return planned;
    }
    at = debitAt;
    if (outcome === 'noFunds') {
      planned.push({ at, status: 'PAYMENT_REJECTED', reason: 'SALDO_INSUFICIENTE' });
      return planned;
    }
    planned.push({ at, status: 'PAYMENT_SETTLEMENT_PROCESSING', reason: null });
  } else {
    add(random.float(1, 6) * SECOND, 'PAYMENT_READY_FOR_SETTLEMENT');
    add(random.float(1, 4) * SECOND, 'PAYMENT_SETTLEMENT_PROCESSING');
  }
  if (random.chance(0.003)) {
    add(random.float(2, 30) * SECOND, 'PAYMENT_REJECTED', 'FALHA_INFRAESTRUTURA');
    return planned;
  }
  add(random.float(1, 8) * SECOND, 'PAYMENT_COMPLETED');
  return planned;
}

/** Share of Klavi status changes whose webhook reaches us; the poller finds the rest, or misses them. */
const WEBHOOK_DELIVERED = 0.85;

/**
 * The statuses of one Klavi payment as ingestion would have seen them by `now`. The first
 * comes from the answer to the create call; a later one arrives by webhook, or is found
 * by the next poll, or is never seen when it changed again before that poll.
 */
export function buildKlaviTimeline(input: KlaviTimelineInput): TimelineEvent[] {
  const { random, now } = input;
  const planned = planStatuses(input);
  const amount = fromMinorUnits(input.amountMinor, 'BRL');
  const events: TimelineEvent[] = [];
  // Polls back off from the creation of the payment: every status before the last one is PENDING.
  const pending = { provider: 'klavi', direction: 'payin', status: 'PENDING' } as const;
  for (let index = 0; index < planned.length; index++) {
    const status = planned[index]!;
    const delivery = deliveryDelay(random);
    const isPushed = random.chance(WEBHOOK_DELIVERED);
    if (index === 0) {
      events.push(toEvent(input, status, Math.min(now, status.at + delivery), 'status', amount));
      continue;
    }
    const nextAt = planned[index + 1]?.at ?? Number.POSITIVE_INFINITY;
    const recordedAt = isPushed ? status.at + delivery : firstCheckAtOrAfter(pending, input.createdAt, status.at);
    if (!isPushed && recordedAt >= nextAt) continue;
    if (recordedAt > now) break;
    events.push(toEvent(input, status, recordedAt, isPushed ? 'webhook' : 'status', amount));
  }
  return events;
}

function toEvent(
  input: KlaviTimelineInput,
  status: PlannedStatus,
  recordedAt: number,
  source: 'webhook' | 'status',
  amount: string,
): TimelineEvent {
  const statusUpdateAt = iso(status.at);
  const raw = {
    id: input.paymentId,
    clientRequestId: input.clientRequestId,
    amount,
    currency: 'BRL',
    status: status.status,
    statusReason:
      status.reason === null ? null : { code: status.reason, message: REASON_MESSAGES[status.reason] ?? status.reason },
    statusUpdateAt,
  };
  return {
    at: status.at,
    recordedAt,
    source,
    // As the providers package keys Klavi changes: payment, status and time.
    key: `${input.paymentId}:${status.status}:${statusUpdateAt}`,
    normalized: normalizeKlaviStatus({ status: raw.status, statusReason: raw.statusReason }),
    payload: input.withPayloads ? raw : null,
  };
}
