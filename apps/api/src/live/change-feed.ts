import { EventEmitter, on } from 'node:events';
import type { PaydeskDatabase } from '@paydesk/db';
import { paymentChangesChannel, type PaymentChange } from '@paydesk/db';
import type { Logger } from 'pino';
import { listenResiliently } from './resilient-listen.ts';

/** How often at most screens that only need "payments changed" hear of it. */
export const DEFAULT_PULSE_MS = 2_000;

/**
 * "Payments changed", with how many changes this message stands for. After the feed lost its
 * connection and listens again, one pulse stands for whatever was missed meanwhile.
 */
export interface ChangePulse {
  changes: number;
}

/**
 * Told to stream subscribers when the feed listens again after losing its connection: changes
 * committed meanwhile were not heard, so whatever a screen shows may be stale. Names no
 * payment; a screen refetches everything it shows.
 */
export interface ResyncNotice {
  kind: 'resync';
}

export type FeedMessage = PaymentChange | ResyncNotice;

export interface ChangeFeedOptions {
  pulseMs?: number;
  log?: Logger | undefined;
  /** Backoff of listening again after a lost connection (listenResiliently's defaults otherwise). */
  firstRetryMs?: number;
  maxRetryMs?: number;
}

/**
 * Payment changes as they commit, from PostgreSQL LISTEN/NOTIFY: every API instance hears
 * every change, whichever instance (or worker) made it. A dropped listening connection is
 * replaced (with backoff); what committed in between is not replayed, but the feed tells its
 * subscribers to refetch once it listens again.
 */
export interface ChangeFeed {
  /** Yields changes until the signal aborts, and a resync notice after each reconnection. */
  stream(signal: AbortSignal | undefined): AsyncGenerator<FeedMessage>;
  /**
   * Yields one pulse when payments changed, at most once per pulse interval however many
   * changed, until the signal aborts. For screens of aggregates, which refetch whatever
   * changed: a burst of changes costs them one or two refetches, not one per change.
   */
  pulses(signal: AbortSignal | undefined): AsyncGenerator<ChangePulse>;
  close(): Promise<void>;
}

export async function startChangeFeed(database: Pick<PaydeskDatabase, 'listen'>, options: ChangeFeedOptions = {}): Promise<ChangeFeed> {
  const emitter = new EventEmitter();
  // One listener per open browser tab; the default cap of 10 would warn at the 11th.
  emitter.setMaxListeners(0);
  // One coalescer for the whole instance, not one per subscriber: a change costs the same
  // however many dashboards are open, and each of them hears one pulse per interval.
  const pulse = coalescer(options.pulseMs ?? DEFAULT_PULSE_MS, (changes) => emitter.emit('pulse', { changes } satisfies ChangePulse));
  const onPayload = (payload: string) => {
    try {
      emitter.emit('change', JSON.parse(payload) as PaymentChange);
    } catch {
      // A payload we cannot read is dropped: listeners refetch on the next change anyway.
    }
    // Even an unreadable payload means something committed, so dashboards still refresh.
    pulse.note();
  };
  const listener = await listenResiliently(database, paymentChangesChannel, onPayload, {
    name: 'payment changes',
    whileLost: 'live screens hear of no change until listening again',
    log: options.log,
    firstRetryMs: options.firstRetryMs,
    maxRetryMs: options.maxRetryMs,
    onListening: (isReconnect) => {
      if (!isReconnect) return;
      // Changes may have committed while nobody listened: every open screen refetches.
      emitter.emit('change', { kind: 'resync' } satisfies ResyncNotice);
      pulse.note();
    },
  });
  return {
    stream: (signal) => streamOf<FeedMessage>(emitter, 'change', signal),
    pulses: (signal) => streamOf<ChangePulse>(emitter, 'pulse', signal),
    close: async () => {
      pulse.stop();
      await listener.close();
    },
  };
}

/**
 * Counts calls to `note` and reports them at most once per `ms`: the first at once, so a
 * lone change shows without delay, the rest of a burst together when the interval ends,
 * so the last change is never left unreported.
 */
export function coalescer(ms: number, report: (count: number) => void): { note(): void; stop(): void } {
  let pending = 0;
  let lastReport = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    lastReport = Date.now();
    const count = pending;
    pending = 0;
    report(count);
  };
  return {
    note() {
      pending += 1;
      if (timer) return;
      const wait = lastReport + ms - Date.now();
      if (wait <= 0) flush();
      else {
        timer = setTimeout(flush, wait);
        // A pending report must not keep a stopping process alive.
        timer.unref();
      }
    },
    stop() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}

/** Yields what the emitter reports under `event` until the signal aborts; the abort ends it quietly. */
export async function* streamOf<T>(emitter: EventEmitter, event: string, signal: AbortSignal | undefined): AsyncGenerator<T> {
  try {
    for await (const [value] of on(emitter, event, { signal })) yield value as T;
  } catch (error) {
    if (!signal?.aborted) throw error;
  }
}
