import type { PaydeskDatabase } from '@paydesk/db';
import type { Logger } from 'pino';

export interface ResilientListenOptions {
  /**
   * A LISTEN is in place: every notification from now on is heard. `isReconnect` is false
   * the first time and true after a lost connection, when notifications sent meanwhile were
   * missed and whoever relies on them must catch up another way.
   */
  onListening?: (isReconnect: boolean) => void;
  /** The listening connection broke: notifications are missed until `onListening` again. */
  onLost?: (error: Error) => void;
  log?: Logger | undefined;
  /** Names the listener in log lines ("session changes"). */
  name: string;
  /** What the process does while not listening, for the log lines. */
  whileLost: string;
  /** Wait before listening again after the connection is lost; doubles up to `maxRetryMs`. */
  firstRetryMs?: number;
  maxRetryMs?: number;
}

export interface ResilientListener {
  /** Stops listening and any pending retry; nothing is reported afterwards. */
  close(): Promise<void>;
}

/**
 * LISTEN on `channel` that outlives its connection: when the connection drops (a restarted
 * server, a terminated backend, a network cut) it listens again on a new one, retried with
 * backoff, and says so through `onLost` and `onListening`. Without `onLost` a broken
 * listening connection would surface as an unhandled error and end the process.
 * Rejects only when the very first LISTEN fails, so start-up still fails loudly.
 */
export async function listenResiliently(
  database: Pick<PaydeskDatabase, 'listen'>,
  channel: string,
  onPayload: (payload: string) => void,
  options: ResilientListenOptions,
): Promise<ResilientListener> {
  const firstRetryMs = options.firstRetryMs ?? 250;
  const maxRetryMs = options.maxRetryMs ?? 5_000;
  let retryMs = firstRetryMs;
  let retryTimer: NodeJS.Timeout | undefined;
  let unlisten: (() => Promise<void>) | undefined;
  let hasListened = false;
  let isClosed = false;

  const scheduleRetry = () => {
    // A lost connection and the failed LISTEN it caused may both ask; one retry is enough.
    if (isClosed || retryTimer) return;
    const wait = retryMs;
    retryMs = Math.min(retryMs * 2, maxRetryMs);
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      listenOnce().catch((error: unknown) => {
        options.log?.warn({ err: error }, `${options.name}: could not listen again; ${options.whileLost}`);
        scheduleRetry();
      });
    }, wait);
    // The HTTP server keeps a running process alive; a pending retry must not keep a stopping one.
    retryTimer.unref();
  };

  const listenOnce = async () => {
    let isLost = false;
    const stop = await database.listen(channel, onPayload, {
      onLost: (error) => {
        if (isLost) return;
        isLost = true;
        unlisten = undefined;
        options.onLost?.(error);
        if (isClosed) return;
        options.log?.warn({ err: error }, `${options.name}: listening connection lost; ${options.whileLost}`);
        scheduleRetry();
      },
    });
    // Lost between LISTEN and here: the handler above already reported it and retries.
    if (isLost) return;
    if (isClosed) {
      await stop();
      return;
    }
    unlisten = stop;
    retryMs = firstRetryMs;
    const isReconnect = hasListened;
    hasListened = true;
    if (isReconnect) options.log?.info(`${options.name}: listening again`);
    options.onListening?.(isReconnect);
  };

  try {
    await listenOnce();
  } catch (error) {
    // Nobody will close a listener that never started: stop any retry the failure scheduled.
    isClosed = true;
    clearTimeout(retryTimer);
    throw error;
  }
  return {
    async close() {
      isClosed = true;
      clearTimeout(retryTimer);
      retryTimer = undefined;
      const stop = unlisten;
      unlisten = undefined;
      await stop?.();
    },
  };
}
