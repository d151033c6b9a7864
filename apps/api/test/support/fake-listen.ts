import type { ListenOptions } from '@paydesk/db';
import { expect } from 'vitest';

/**
 * A database whose listening connection a test can break or refuse (the real drops are in
 * the *.postgres.test.ts files): each LISTEN becomes a subscription the test can feed or lose.
 */
export function fakeListeningDatabase() {
  const subscriptions: Array<{ onPayload: (payload: string) => void; onLost: ((error: Error) => void) | undefined; active: boolean }> = [];
  let failNext = 0;
  return {
    subscriptions,
    failNextListens: (count: number) => (failNext = count),
    async listen(_channel: string, onPayload: (payload: string) => void, options?: ListenOptions) {
      if (failNext > 0) {
        failNext -= 1;
        throw new Error('connection refused');
      }
      const subscription = { onPayload, onLost: options?.onLost, active: true };
      subscriptions.push(subscription);
      return async () => {
        subscription.active = false;
      };
    },
  };
}

/** Polls for up to a second, then asserts. */
export async function waitFor(condition: () => boolean) {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}
