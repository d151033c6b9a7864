import { useSubscription } from '@trpc/tanstack-react-query';
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
