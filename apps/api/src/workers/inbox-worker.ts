import { claimInboxDeliveries, finishInboxDelivery, type Database, type InboxRow } from '@paydesk/db';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import { processDelivery } from '../ingestion/process-delivery.ts';
import type { ProviderGateway } from '../providers/provider-gateway.ts';

export interface InboxWorkerOptions {
  db: Kysely<Database>;
  gateway: ProviderGateway;
  clock: Clock;
  log: Logger;
  batchSize?: number;
  /** Deliveries applied at once. Order does not matter: the newest event by provider time wins. */
  concurrency?: number;
  /** How long a claimed delivery stays ours before another worker may take it. */
  leaseMs?: number;
  maxAttempts?: number;
}

const retryDelayMs = (attempts: number) => Math.min(1000 * 2 ** attempts, 5 * 60_000);

/** One round: claims due deliveries and applies each; returns how many it handled. */
export async function processInboxRound(options: InboxWorkerOptions): Promise<number> {
  const claimed = await claimInboxDeliveries(options.db, {
    now: options.clock.now(),
    limit: options.batchSize ?? 50,
    leaseMs: options.leaseMs ?? 30_000,
  });
  const queue = [...claimed];
  const handleNext = async (): Promise<void> => {
    for (let delivery = queue.shift(); delivery; delivery = queue.shift()) await handleDelivery(options, delivery);
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, claimed.length) }, handleNext));
  return claimed.length;
}

async function handleDelivery(options: InboxWorkerOptions, delivery: InboxRow): Promise<void> {
  const { db, gateway, clock, log } = options;
  const now = clock.now();
  try {
    // Done in the event's own transaction: the delivery is marked processed exactly when its
    // event is in, with one commit instead of two.
    const outcome = await processDelivery(db, gateway, delivery, now, (trx, event, result) =>
      finishInboxDelivery(trx, delivery.id, {
        state: result.applied > 0 ? 'processed' : 'duplicate',
        eventKey: event.eventKey,
        providerPaymentId: event.providerPaymentId,
        at: clock.now(),
      }),
    );
    if (outcome.kind === 'unparseable') {
      await finishInboxDelivery(db, delivery.id, { state: 'rejected', reason: outcome.reason, at: now });
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (delivery.attempts >= (options.maxAttempts ?? 20)) {
      log.error({ err: error, deliveryId: delivery.id }, 'webhook delivery failed for good');
      await finishInboxDelivery(db, delivery.id, { state: 'failed', error: message, at: now });
    } else {
      log.warn(
        { err: error, deliveryId: delivery.id, attempts: delivery.attempts },
        'webhook delivery will be retried',
      );
      await finishInboxDelivery(db, delivery.id, {
        state: 'retry',
        error: message,
        retryAt: new Date(now.getTime() + retryDelayMs(delivery.attempts)),
      });
    }
  }
}
