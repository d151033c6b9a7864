import { EventEmitter, on } from 'node:events';
import type { PaydeskDatabase } from '@paydesk/db';
import { paymentChangesChannel, type PaymentChange } from '@paydesk/db';

/**
 * Payment changes as they commit, from PostgreSQL LISTEN/NOTIFY: every API instance hears
 * every change, whichever instance (or worker) made it.
 */
export interface ChangeFeed {
  /** Yields changes until the signal aborts. */
  stream(signal: AbortSignal | undefined): AsyncGenerator<PaymentChange>;
  close(): Promise<void>;
}

export async function startChangeFeed(database: Pick<PaydeskDatabase, 'listen'>): Promise<ChangeFeed> {
  const emitter = new EventEmitter();
  // One listener per open browser tab; the default cap of 10 would warn at the 11th.
  emitter.setMaxListeners(0);
  const unlisten = await database.listen(paymentChangesChannel, (payload) => {
    try {
      emitter.emit('change', JSON.parse(payload) as PaymentChange);
    } catch {
      // A payload we cannot read is dropped: listeners refetch on the next change anyway.
    }
  });
  return { stream: (signal) => streamOf(emitter, signal), close: unlisten };
}

/** Yields what the emitter reports until the signal aborts; the abort ends it quietly. */
export async function* streamOf(emitter: EventEmitter, signal: AbortSignal | undefined): AsyncGenerator<PaymentChange> {
  try {
    for await (const [change] of on(emitter, 'change', { signal })) yield change as PaymentChange;
  } catch (error) {
    if (!signal?.aborted) throw error;
  }
}
