import { claimDueStatusChecks, updatePayment, type Database } from '@paydesk/db';
import { ProviderHttpError } from '@paydesk/providers';
import { isProvider, PROVIDERS, type Provider } from '@paydesk/domain';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import { applyStatusEvents } from '../ingestion/apply-status-events.ts';
import type { ProviderGateway } from '../providers/provider-gateway.ts';

export interface StatusPollerOptions {
  db: Kysely<Database>;
  gateway: ProviderGateway;
  clock: Clock;
  log: Logger;
  batchSize?: number;
  leaseMs?: number;
  /** Calls to providers in flight at once. */
  concurrency?: number;
}

/**
 * One round: claims payments whose check is due (Klavi polling, Kashimi archive and
 * UNKNOWN, Kasha 1100 and stale pending), asks each provider, applies what it says. The
 * claim leases the payment, so with several API instances one payment is polled by one.
 */
export async function pollStatusRound(options: StatusPollerOptions): Promise<number> {
  const { db, gateway, clock, log } = options;
  const providers = PROVIDERS.filter((provider) => gateway.isConfigured(provider));
  if (providers.length === 0) return 0;
  const due = await claimDueStatusChecks(db, { now: clock.now(), limit: options.batchSize ?? 50, leaseMs: options.leaseMs ?? 60_000, providers });
  const queue = [...due];
  const worker = async () => {
    for (let check = queue.shift(); check; check = queue.shift()) {
      if (!isProvider(check.provider)) continue;
      const provider: Provider = check.provider;
      try {
        const events = await gateway.fetchStatusEvents(provider, check.provider_payment_id);
        const now = clock.now();
        await applyStatusEvents(db, { provider, providerPaymentId: check.provider_payment_id, events, now, checkedAt: now });
      } catch (error) {
        // Back off: a provider that does not know the payment (404) or keeps failing is asked
        // less and less often, up to every six hours, instead of every lease.
        const retryAt = new Date(clock.now().getTime() + Math.min(60_000 * 2 ** Math.min(check.check_attempts, 10), 6 * 3600_000));
        await updatePayment(db, check.id, { next_check_at: retryAt, last_checked_at: clock.now() });
        const isNotFound = error instanceof ProviderHttpError && error.status === 404;
        const message = error instanceof Error ? error.message : String(error);
        log[isNotFound ? 'debug' : 'warn']({ paymentId: check.id, provider, error: message, retryAt }, 'status check failed');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, due.length) }, worker));
  return due.length;
}
