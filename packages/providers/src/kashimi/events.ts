import type { ProviderPaymentSnapshot, ProviderStatusEvent } from '../types.ts';
import { readCodes, toDate, tryMinorUnits } from '../schema-parts.ts';
import type { KashimiPayment, KashimiStatusRecord, KashimiWebhookBody } from './schemas.ts';

/** A latest-status or archive record as a ProviderStatusEvent; its `id` is the event key. */
export function kashimiStatusToEvent(
  record: KashimiStatusRecord,
  source: 'status' | 'archive' = 'status',
): ProviderStatusEvent {
  return {
    provider: 'kashimi',
    eventKey: record.id,
    providerPaymentId: record.paymentId,
    occurredAt: toDate(record.createdAt),
    rawStatus: record.status,
    ...(record.detailedStatus ? { detailedStatus: record.detailedStatus } : {}),
    reasonCodes: readCodes(record.failureReasons),
    source,
    payload: record,
  };
}

/**
 * A webhook as a ProviderStatusEvent. Its `eventId` is the id of the status record it
 * announces (see DECISIONS.md), so the same change seen in the archive dedupes against it.
 */
export function kashimiWebhookToEvent(body: KashimiWebhookBody, payload: unknown): ProviderStatusEvent {
  return {
    provider: 'kashimi',
    eventKey: body.eventId,
    providerPaymentId: body.paymentId,
    occurredAt: toDate(body.createdAt),
    rawStatus: body.status,
    ...(body.detailedStatus ? { detailedStatus: body.detailedStatus } : {}),
    reasonCodes: readCodes(body.failureReasons),
    source: 'webhook',
    payload,
  };
}

/** Payment details as the facts ingestion needs to create the payment on our side. */
export function kashimiPaymentToSnapshot(payment: KashimiPayment): ProviderPaymentSnapshot {
  const endToEndId = payment.metadata?.['endToEndId'];
  return {
    provider: 'kashimi',
    providerPaymentId: payment.id,
    direction: 'payin',
    method: 'open_banking',
    ...(payment.paymentScheme ? { methodName: payment.paymentScheme } : {}),
    // The schema refuses amounts that do not convert, so this is always a number.
    amountMinor: tryMinorUnits(payment.amount, payment.currency) ?? 0,
    currency: payment.currency.toUpperCase(),
    ...(payment.provider?.countryCode ? { country: payment.provider.countryCode } : {}),
    ...(payment.provider ? { institutionId: payment.provider.id } : {}),
    ...(payment.provider?.name ? { institutionName: payment.provider.name } : {}),
    ...(typeof endToEndId === 'string' ? { merchantReference: endToEndId, providerReference: endToEndId } : {}),
    ...(payment.remittanceInformation ? { paymentReference: payment.remittanceInformation } : {}),
    ...(payment.sender?.name ? { customer: { name: payment.sender.name } } : {}),
    createdAt: toDate(payment.createdAt),
    rawStatus: payment.status,
    ...(payment.detailedStatus ? { detailedStatus: payment.detailedStatus } : {}),
    reasonCodes: readCodes(payment.failureReasons),
    payload: payment,
  };
}
