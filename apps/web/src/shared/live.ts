import { useQueryClient } from '@tanstack/react-query';
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
 * When the server says it may have missed changes (a 'resync': its own database listener
 * was reconnected), no single change can be named, so every query on screen is refetched.
 */
export function usePaymentChanges(onChange: (change: PaymentChangeMessage) => void, options: { paymentId?: string; enabled?: boolean } = {}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useSubscription(
    trpc.live.paymentChanges.subscriptionOptions(options.paymentId ? { paymentId: options.paymentId } : undefined, {
      enabled: options.enabled ?? true,
      onData: (message) => {
        if (message.data.kind === 'resync') void queryClient.invalidateQueries();
        else onChange(message.data);
      },
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
