import { router } from '../../trpc.ts';
import { checkRefundByReference } from './check.ts';
import { listRefundRequests } from './list.ts';
import { requestRefundByReference } from './request.ts';

/** Refunds of Kasha pay-ins by merchant reference: check, request (once), and follow. */
export const refundsRouter = router({
  list: listRefundRequests,
  check: checkRefundByReference,
  request: requestRefundByReference,
});
