import { describe, expect, it } from 'vitest';
import { startChangeFeed, type ChangePulse, type FeedMessage } from '../src/live/change-feed.ts';
import { fakeListeningDatabase, waitFor } from './support/fake-listen.ts';


/** Collects what a feed generator yields until the returned function is called. */
function collect<T>(open: (signal: AbortSignal) => AsyncGenerator<T>) {
  const controller = new AbortController();
  const seen: T[] = [];
  const done = (async () => {
    for await (const item of open(controller.signal)) seen.push(item);
  })();
  return {
    seen,
    stop: async () => {
      controller.abort();
      await done;
    },
  };
}

const change = { paymentId: 'p-1', provider: 'kasha', direction: 'payin', status: 'COMPLETED', kind: 'status' } as const;

describe('the change feed when its listening connection drops', () => {
  it('listens again with backoff, then tells subscribers to resync and pulses once', async () => {
    const database = fakeListeningDatabase();
    const feed = await startChangeFeed(database, { pulseMs: 10, firstRetryMs: 10, maxRetryMs: 20 });
    const changes = collect<FeedMessage>((signal) => feed.stream(signal));
    const pulses = collect<ChangePulse>((signal) => feed.pulses(signal));
    // Let both generators subscribe before anything is emitted.
    await new Promise((resolve) => setTimeout(resolve, 5));

    database.subscriptions[0]!.onPayload(JSON.stringify(change));
    await waitFor(() => pulses.seen.length === 1);

    // Two attempts to listen again fail before the third succeeds.
    database.failNextListens(2);
    database.subscriptions[0]!.onLost?.(new Error('terminating connection due to administrator command'));
    // A second report of the same loss (error, then end) changes nothing.
    database.subscriptions[0]!.onLost?.(new Error('Connection terminated'));
    await waitFor(() => database.subscriptions.length === 2);
    await waitFor(() => changes.seen.length === 2 && pulses.seen.length === 2);
    expect(changes.seen).toEqual([change, { kind: 'resync' }]);
    expect(pulses.seen).toEqual([{ changes: 1 }, { changes: 1 }]);

    // Changes heard on the new connection flow as before.
    database.subscriptions[1]!.onPayload(JSON.stringify({ ...change, status: 'REFUNDED' }));
    await waitFor(() => changes.seen.length === 3);
    expect(changes.seen[2]).toEqual({ ...change, status: 'REFUNDED' });

    await feed.close();
    expect(database.subscriptions[1]!.active).toBe(false);
    await Promise.all([changes.stop(), pulses.stop()]);
  });

  it('stops retrying once closed', async () => {
    const database = fakeListeningDatabase();
    const feed = await startChangeFeed(database, { firstRetryMs: 10, maxRetryMs: 20 });
    database.subscriptions[0]!.onLost?.(new Error('connection lost'));
    await feed.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(database.subscriptions).toHaveLength(1);
  });

  it('fails to start when it cannot listen at all, and leaves no retry behind', async () => {
    const database = fakeListeningDatabase();
    database.failNextListens(1);
    await expect(startChangeFeed(database, { firstRetryMs: 5 })).rejects.toThrow('connection refused');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(database.subscriptions).toHaveLength(0);
  });
});
