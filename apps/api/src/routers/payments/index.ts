import { router } from '../../trpc.ts';
import { countPayments } from './count.ts';
import { paymentDetail } from './detail.ts';
import { paymentRawPayloads } from './raw-payloads.ts';
import { recheckPayment } from './recheck.ts';
import { resolvePaymentManually } from './resolve-manually.ts';
import { searchPayments } from './search.ts';
import { uncertainPayments } from './uncertain.ts';

/** The support workspace: find payments, read their timeline, work the uncertain queue. */
export const paymentsRouter = router({
  search: searchPayments,
  count: countPayments,
  detail: paymentDetail,
  rawPayloads: paymentRawPayloads,
  uncertain: uncertainPayments,
  recheck: recheckPayment,
  resolveManually: resolvePaymentManually,
});
