import type { InboxRow } from '@paydesk/db';
import { isProvider, type Provider } from '@paydesk/domain';
import {
  parseKashaWebhook,
  parseKashimiWebhook,
  parseKlaviWebhook,
  type ParseResult,
  type ProviderPaymentSnapshot,
  type ProviderStatusEvent,
} from '@paydesk/providers';
import type { Database } from '@paydesk/db';
import type { Kysely, Transaction } from 'kysely';
import type { ProviderGateway } from '../providers/provider-gateway.ts';
import { applyStatusEvents, UnknownPaymentError, type ApplyResult } from './apply-status-events.ts';

export function parseDelivery(provider: Provider, body: string): ParseResult<ProviderStatusEvent> {
  switch (provider) {
    case 'kashimi':
      return parseKashimiWebhook(body);
    case 'klavi':
      return parseKlaviWebhook(body);
    case 'kasha':
      return parseKashaWebhook(body);
  }
}

export type DeliveryOutcome =
  | { kind: 'applied'; event: ProviderStatusEvent; result: ApplyResult }
  | { kind: 'unparseable'; reason: string };

/**
 * Applies one stored delivery: parse it and apply the event; when the payment is new to us,
 * fetch its details first (outside any transaction) and apply again. Provider errors
 * propagate so the caller can retry later; nothing here re-sends anything to a provider.
 * `alsoInTransaction` commits with the event (the worker marks the delivery done in it).
 */
export async function processDelivery(
  db: Kysely<Database>,
  gateway: ProviderGateway,
  delivery: Pick<InboxRow, 'provider' | 'body'>,
  now: Date,
  alsoInTransaction?: (trx: Transaction<Database>, event: ProviderStatusEvent, result: ApplyResult) => Promise<void>,
): Promise<DeliveryOutcome> {
  if (!isProvider(delivery.provider)) return { kind: 'unparseable', reason: `unknown provider ${delivery.provider}` };
  const parsed = parseDelivery(delivery.provider, delivery.body);
  if (!parsed.ok) return { kind: 'unparseable', reason: parsed.reason };
  const event = parsed.event;
  const apply = (snapshot: ProviderPaymentSnapshot | undefined) =>
    applyStatusEvents(db, {
      provider: event.provider,
      providerPaymentId: event.providerPaymentId,
      events: [event],
      snapshot,
      now,
      // Kashimi sends webhooks only at the start and the end: its archive has the steps between.
      checkSoon: event.provider === 'kashimi',
      alsoInTransaction: alsoInTransaction && ((trx, result) => alsoInTransaction(trx, event, result)),
    });
  try {
    // Most deliveries are about a payment we already hold: no lookup before applying.
    return { kind: 'applied', event, result: await apply(undefined) };
  } catch (error) {
    if (!(error instanceof UnknownPaymentError)) throw error;
  }
  const snapshot = await gateway.fetchSnapshot(event.provider, event.providerPaymentId);
  return { kind: 'applied', event, result: await apply(snapshot) };
}
