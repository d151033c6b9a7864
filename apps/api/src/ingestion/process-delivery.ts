import type { InboxRow } from '@paydesk/db';
import { isProvider, type Provider } from '@paydesk/domain';
import { parseKashaWebhook, parseKashimiWebhook, parseKlaviWebhook, type ParseResult, type ProviderStatusEvent } from '@paydesk/providers';
import type { Database } from '@paydesk/db';
import type { Kysely } from 'kysely';
import type { ProviderGateway } from '../providers/provider-gateway.ts';
import { applyStatusEvents, isPaymentKnown, type ApplyResult } from './apply-status-events.ts';

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
 * Applies one stored delivery: parse it, fetch the payment's details first when it is new
 * to us (outside any transaction), then apply the event. Provider errors propagate so the
 * caller can retry later; nothing here re-sends anything to a provider.
 */
export async function processDelivery(
  db: Kysely<Database>,
  gateway: ProviderGateway,
  delivery: Pick<InboxRow, 'provider' | 'body'>,
  now: Date,
): Promise<DeliveryOutcome> {
  if (!isProvider(delivery.provider)) return { kind: 'unparseable', reason: `unknown provider ${delivery.provider}` };
  const parsed = parseDelivery(delivery.provider, delivery.body);
  if (!parsed.ok) return { kind: 'unparseable', reason: parsed.reason };
  const event = parsed.event;
  const isKnown = await isPaymentKnown(db, event.provider, event.providerPaymentId);
  const snapshot = isKnown ? undefined : await gateway.fetchSnapshot(event.provider, event.providerPaymentId);
  const result = await applyStatusEvents(db, {
    provider: event.provider,
    providerPaymentId: event.providerPaymentId,
    events: [event],
    snapshot,
    now,
    // Kashimi sends webhooks only at the start and the end: its archive has the steps between.
    checkSoon: event.provider === 'kashimi',
  });
  return { kind: 'applied', event, result };
}
