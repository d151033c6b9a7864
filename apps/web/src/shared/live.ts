import { useSubscription } from '@trpc/tanstack-react-query';
import { useState } from 'react';
import { useTRPC } from '../app/trpc.ts';

export interface PaymentChangeMessage {
  paymentId: string;
  provider: string;
  direction: string;
  status: string;
  kind: string;
}

/**
 * Calls `onChange` for every payment change the server reports (of one payment when
 * `paymentId` is given). The subscription reconnects by itself after a network drop.
 */
export function usePaymentChanges(onChange: (change: PaymentChangeMessage) => void, options: { paymentId?: string; enabled?: boolean } = {}) {
  const trpc = useTRPC();
  return useSubscription(
    trpc.live.paymentChanges.subscriptionOptions(options.paymentId ? { paymentId: options.paymentId } : undefined, {
      enabled: options.enabled ?? true,
      onData: (message) => onChange(message.data),
    }),
  );
}

/**
 * Where a page's live connection stands: `connecting` before it first opened, `reconnecting`
 * while the browser retries after a drop, `offline` once it gave up (the session ended, or
 * the subscription is refused).
 */
export type LiveConnection = 'live' | 'connecting' | 'reconnecting' | 'offline';

/**
 * Calls `onChange` when payments changed, at most once per couple of seconds however many
 * did (the server coalesces them), and once more after a dropped connection comes back,
 * since what changed meanwhile was not sent. For pages of aggregates, which refetch
 * whatever changed. Returns the connection's state for the page to show and to fall back on.
 */
export function useAnalyticsChanges(onChange: () => void): LiveConnection {
  const trpc = useTRPC();
  const [hasOpened, setOpened] = useState(false);
  const subscription = useSubscription(
    trpc.live.analyticsChanges.subscriptionOptions(undefined, {
      onStarted: () => {
        if (hasOpened) onChange();
        else setOpened(true);
      },
      onData: () => onChange(),
    }),
  );
  switch (subscription.status) {
    case 'pending':
      return 'live';
    case 'connecting':
      // An error means an attempt already failed, even if none had opened yet.
      return hasOpened || subscription.error ? 'reconnecting' : 'connecting';
    default:
      return 'offline';
  }
}
