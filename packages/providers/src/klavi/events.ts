import { readCodes, toDate, tryMinorUnits } from '../schema-parts.ts';
import type { ProviderEventHints, ProviderPaymentSnapshot, ProviderStatusEvent } from '../types.ts';
import type { KlaviPayment, KlaviStatusPayload } from './schemas.ts';

/**
 * Klavi status answers carry no id of their own, so a status change is keyed by payment,
 * status and time: a poll and a webhook reporting the same change get the same key.
 */
export function klaviEventKey(status: Pick<KlaviStatusPayload, 'id' | 'status' | 'statusUpdateAt'>): string {
  return `${status.id}:${status.status}:${status.statusUpdateAt}`;
}

/** A status answer (polled, or the payload of a webhook) as a ProviderStatusEvent. */
export function klaviStatusToEvent(
  status: KlaviStatusPayload,
  source: 'status' | 'webhook' = 'status',
  payload: unknown = status,
): ProviderStatusEvent {
  const { amount, currency } = status;
  const amountMinor = amount != null && currency ? tryMinorUnits(amount, currency) : undefined;
  const hints: ProviderEventHints = {
    ...(currency ? { currency: currency.toUpperCase() } : {}),
    method: 'pix',
    direction: 'payin',
    ...(amountMinor === undefined ? {} : { amountMinor }),
    ...(status.clientRequestId ? { merchantReference: status.clientRequestId } : {}),
    ...(status.statusReason?.message ? { reasonMessage: status.statusReason.message } : {}),
  };
  return {
    provider: 'klavi',
    eventKey: klaviEventKey(status),
    providerPaymentId: status.id,
    occurredAt: toDate(status.statusUpdateAt),
    rawStatus: status.status,
    reasonCodes: readCodes([status.statusReason?.code]),
    source,
    payload,
    hints,
  };
}

/** Payment details as the facts ingestion needs to create the payment on our side. */
export function klaviPaymentToSnapshot(payment: KlaviPayment): ProviderPaymentSnapshot {
  const payer = payment.payer;
  const customer = {
    ...(payer?.name ? { name: payer.name } : {}),
    ...(payer?.email ? { email: payer.email } : {}),
    ...(payer?.document ? { document: payer.document } : {}),
  };
  return {
    provider: 'klavi',
    providerPaymentId: payment.id,
    direction: 'payin',
    method: 'pix',
    methodName: 'Pix',
    amountMinor: tryMinorUnits(payment.amount, payment.currency) ?? 0,
    currency: payment.currency.toUpperCase(),
    country: 'BR',
    ...(payment.participantId ? { institutionId: payment.participantId } : {}),
    ...(payment.participantName ? { institutionName: payment.participantName } : {}),
    ...(payment.clientRequestId ? { merchantReference: payment.clientRequestId, providerReference: payment.clientRequestId } : {}),
    ...(payment.description ? { paymentReference: payment.description } : {}),
    ...(Object.keys(customer).length > 0 ? { customer } : {}),
    createdAt: toDate(payment.createdAt),
    rawStatus: payment.status,
    reasonCodes: readCodes([payment.statusReason?.code]),
    payload: payment,
  };
}
