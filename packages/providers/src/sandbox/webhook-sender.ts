import type { SandboxClock } from './clock.ts';
import type { FaultInjector } from './faults.ts';
import type { Random } from './random.ts';

export interface WebhookAttempt {
  /** Sandbox time. */
  at: number;
  status?: number;
  error?: string;
  badSignature?: boolean;
  duplicate?: boolean;
}

export interface WebhookDelivery {
  id: string;
  url: string;
  /** The event the delivery carries (status record id, derived key…), for tests to find it. */
  eventKey: string;
  paymentId: string;
  body: string;
  createdAt: number;
  attempts: WebhookAttempt[];
  delivered: boolean;
  /** All retries used up without a 2xx. */
  abandoned: boolean;
}

export interface WebhookSenderOptions {
  clock: SandboxClock;
  random: Random;
  faults: FaultInjector;
  /** Headers that sign `body` (signature, timestamp…), computed per attempt. */
  sign: (body: string, now: number) => Record<string, string>;
  /** Header holding the signature, corrupted when a bad-signature fault hits. */
  signatureHeader: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Waits before each retry; its length is the number of retries. */
  retryDelaysMs?: readonly number[];
}

const DEFAULT_RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000];
const MAX_KEPT_DELIVERIES = 10_000;

/**
 * Sends signed webhooks like a provider does: on the sandbox clock, retried with growing
 * waits until a 2xx, and subject to the configured delivery faults.
 */
export class WebhookSender {
  readonly deliveries: WebhookDelivery[] = [];
  private readonly options: WebhookSenderOptions;
  private readonly fetchImpl: typeof fetch;
  private readonly retryDelays: readonly number[];

  constructor(options: WebhookSenderOptions) {
    this.options = options;
    this.fetchImpl = options.fetch ?? fetch;
    this.retryDelays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  }

  /** Queues a delivery of `payload` to `url`; it goes out when the clock next runs tasks. */
  send(url: string, payload: unknown, keys: { eventKey: string; paymentId: string }): WebhookDelivery {
    const { clock, faults, random } = this.options;
    const delivery: WebhookDelivery = {
      id: random.uuid(),
      url,
      eventKey: keys.eventKey,
      paymentId: keys.paymentId,
      body: JSON.stringify(payload),
      createdAt: clock.now(),
      attempts: [],
      delivered: false,
      abandoned: false,
    };
    this.deliveries.push(delivery);
    this.forgetOldDeliveries();
    const { delayMs, duplicate } = faults.deliveryFaults();
    clock.scheduleIn(delayMs, () => this.attempt(delivery, duplicate));
    return delivery;
  }

  // A demo runs for days; finished deliveries beyond the cap are dropped, oldest first.
  private forgetOldDeliveries(): void {
    const excess = this.deliveries.length - MAX_KEPT_DELIVERIES;
    if (excess <= 0) return;
    let dropped = 0;
    for (let i = 0; i < this.deliveries.length && dropped < excess;) {
      const delivery = this.deliveries[i]!;
      if (delivery.delivered || delivery.abandoned) {
        this.deliveries.splice(i, 1);
        dropped += 1;
      } else {
        i += 1;
      }
    }
  }

  private async attempt(delivery: WebhookDelivery, duplicate: boolean): Promise<void> {
    const { clock, faults } = this.options;
    const { drop, badSignature } = faults.attemptFaults();
    const record: WebhookAttempt = { at: clock.now() };
    delivery.attempts.push(record);
    if (drop) {
      record.error = 'connection dropped by fault injection';
    } else {
      if (badSignature) record.badSignature = true;
      const status = await this.post(delivery, record, badSignature);
      if (status !== undefined && status >= 200 && status < 300) {
        delivery.delivered = true;
        if (duplicate) {
          const again: WebhookAttempt = { at: clock.now(), duplicate: true };
          delivery.attempts.push(again);
          await this.post(delivery, again, false);
        }
        return;
      }
    }
    const retriesDone = delivery.attempts.filter((a) => !a.duplicate).length - 1;
    const wait = this.retryDelays[retriesDone];
    if (wait === undefined) {
      delivery.abandoned = true;
      return;
    }
    clock.scheduleIn(wait, () => this.attempt(delivery, duplicate));
  }

  private async post(
    delivery: WebhookDelivery,
    record: WebhookAttempt,
    badSignature: boolean,
  ): Promise<number | undefined> {
    const headers = this.options.sign(delivery.body, this.options.clock.now());
    if (badSignature) {
      const name = Object.keys(headers).find((key) => key.toLowerCase() === this.options.signatureHeader.toLowerCase());
      if (name !== undefined) headers[name] = corrupt(headers[name] ?? '');
    }
    try {
      const response = await this.fetchImpl(delivery.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: delivery.body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
      });
      // Drain the body so the connection can be reused.
      await response.arrayBuffer().catch(() => undefined);
      record.status = response.status;
      return response.status;
    } catch (error) {
      record.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return undefined;
    }
  }
}

// One changed character: enough for any receiver to refuse it, whatever the encoding.
function corrupt(signature: string): string {
  if (signature === '') return 'a';
  return (signature[0] === 'a' ? 'b' : 'a') + signature.slice(1);
}
