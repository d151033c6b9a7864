import { router } from '../../trpc.ts';
import { decidePayouts } from './decide.ts';
import { payoutHistory } from './history.ts';
import { previewPayoutDecision } from './preview.ts';
import { payoutQueue } from './queue.ts';
import { payoutQueueSummary } from './summary.ts';

/** Finance's payout queue: Kasha payouts awaiting approval, decisions with dual control, and their history. */
export const payoutsRouter = router({
  queue: payoutQueue,
  summary: payoutQueueSummary,
  preview: previewPayoutDecision,
  decide: decidePayouts,
  history: payoutHistory,
});
