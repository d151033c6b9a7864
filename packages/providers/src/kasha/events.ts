import type { PaymentMethod } from '@paydesk/domain';
import { toDate, tryMinorUnits } from '../schema-parts.ts';
import type {
  Direction,
  EventSource,
  ProviderEventHints,
  ProviderPaymentSnapshot,
  ProviderStatusEvent,
} from '../types.ts';
import type { KashaCallback, KashaRefundAnswer, KashaTransaction } from './schemas.ts';

/**
 * Kasha sends no event id, so a status change is keyed by what defines it: transaction,
 * status, error code and the time it changed. A retried callback and a lookup of the same
 * state give the same key.
 */
export function kashaEventKey(tx: {
  id: string;
  status: string;
  updatedAt: string;
  errorCode?: string | undefined;
}): string {
  return `${tx.id}:${tx.status}:${tx.errorCode ?? ''}:${tx.updatedAt}`;
}

/** Our method family for Kasha's method or option name ("Card", "Bank Transfer", "Pix"). */
export function kashaMethodOf(name: string | null | undefined): PaymentMethod | undefined {
  if (!name) return undefined;
  const lower = name.toLowerCase();
  if (lower.includes('card')) return 'card';
  if (lower.includes('transfer') || lower.includes('spei')) return 'bank_transfer';
  if (/wallet|paypal|mercado ?pago|skrill|neteller|astropay/.test(lower)) return 'wallet';
  return 'local_method';
}

function directionOf(type: string | null | undefined): Direction | undefined {
  const lower = type?.toLowerCase();
  return lower === 'payin' || lower === 'payout' ? lower : undefined;
}

/** A transaction lookup or a callback as a ProviderStatusEvent. */
export function kashaTransactionToEvent(
  tx: KashaTransaction | KashaCallback,
  source: Extract<EventSource, 'lookup' | 'webhook'> = 'lookup',
  payload: unknown = tx,
): ProviderStatusEvent {
  const errorCode = tx.errors?.code == null ? undefined : String(tx.errors.code).trim() || undefined;
  const amountMinor =
    tx.paymentAmount != null && tx.currency ? tryMinorUnits(tx.paymentAmount, tx.currency) : undefined;
  const direction = directionOf(tx.type);
  const method = kashaMethodOf(tx.method);
  const hints: ProviderEventHints = {
    ...(amountMinor === undefined ? {} : { amountMinor }),
    ...(tx.currency ? { currency: tx.currency.toUpperCase() } : {}),
    ...(tx.merchantReference ? { merchantReference: tx.merchantReference } : {}),
    ...(tx.paymentReference ? { paymentReference: tx.paymentReference } : {}),
    ...(direction ? { direction } : {}),
    ...(method ? { method } : {}),
    ...(tx.method ? { methodName: tx.method } : {}),
    ...(tx.country ? { country: tx.country.toUpperCase() } : {}),
    ...(tx.errors?.msg ? { reasonMessage: tx.errors.msg } : {}),
  };
  return {
    provider: 'kasha',
    eventKey: kashaEventKey({ id: tx.id, status: tx.status, updatedAt: tx.updatedAt, errorCode }),
    providerPaymentId: tx.id,
    occurredAt: toDate(tx.updatedAt),
    rawStatus: tx.status,
    reasonCodes: errorCode === undefined ? [] : [errorCode],
    source,
    payload,
    hints,
  };
}

/**
 * A refund answer as a status event of the refunded transaction, so the refund shows on
 * the timeline before the callback arrives. Undefined when the answer carries no usable time.
 */
export function kashaRefundToEvent(
  answer: KashaRefundAnswer,
  merchantReference?: string,
): ProviderStatusEvent | undefined {
  const at = answer.updatedAt ?? answer.createdAt;
  if (!at) return undefined;
  const occurredAt = toDate(at);
  if (Number.isNaN(occurredAt.getTime())) return undefined;
  const amountMinor =
    answer.paymentAmount != null && answer.currency ? tryMinorUnits(answer.paymentAmount, answer.currency) : undefined;
  return {
    provider: 'kasha',
    eventKey: kashaEventKey({ id: answer._id, status: answer.status, updatedAt: at }),
    providerPaymentId: answer._id,
    occurredAt,
    rawStatus: answer.status,
    reasonCodes: [],
    source: 'lookup',
    payload: answer,
    hints: {
      ...(amountMinor === undefined ? {} : { amountMinor }),
      ...(answer.currency ? { currency: answer.currency.toUpperCase() } : {}),
      ...(merchantReference ? { merchantReference } : {}),
    },
  };
}

/** A transaction lookup as the facts ingestion needs to create the payment on our side. */
export function kashaTransactionToSnapshot(tx: KashaTransaction): ProviderPaymentSnapshot {
  const errorCode = tx.errors?.code == null ? undefined : String(tx.errors.code).trim() || undefined;
  const customer = tx.customer;
  const details = {
    ...(customer?.name ? { name: customer.name } : {}),
    ...(customer?.email ? { email: customer.email } : {}),
    ...(customer?.phone != null ? { phone: String(customer.phone) } : {}),
    ...(customer?.identify?.number != null ? { document: String(customer.identify.number) } : {}),
  };
  return {
    provider: 'kasha',
    providerPaymentId: tx.id,
    direction: directionOf(tx.type) ?? 'payin',
    method: kashaMethodOf(tx.method) ?? 'local_method',
    ...(tx.method ? { methodName: tx.method } : {}),
    amountMinor: tryMinorUnits(tx.paymentAmount, tx.currency) ?? 0,
    currency: tx.currency.toUpperCase(),
    ...(tx.country ? { country: tx.country.toUpperCase() } : {}),
    ...(tx.merchantReference ? { merchantReference: tx.merchantReference } : {}),
    ...(tx.paymentReference ? { paymentReference: tx.paymentReference } : {}),
    ...(tx.sessionId ? { providerReference: tx.sessionId } : {}),
    ...(tx.userId ? { merchantUserId: tx.userId } : {}),
    ...(Object.keys(details).length > 0 ? { customer: details } : {}),
    createdAt: toDate(tx.createdAt ?? tx.updatedAt),
    rawStatus: tx.status,
    reasonCodes: errorCode === undefined ? [] : [errorCode],
    payload: tx,
  };
}
