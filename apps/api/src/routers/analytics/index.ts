import { router } from '../../trpc.ts';
import { conversionProcedure } from './conversion.ts';
import { failureCodesProcedure } from './failure-codes.ts';
import { failuresProcedure } from './failures.ts';
import { funnelProcedure } from './funnel.ts';
import { summaryProcedure } from './summary.ts';

/** Managers' analytics: every answer is read from rollups and holds aggregates only. */
export const analyticsRouter = router({
  summary: summaryProcedure,
  conversion: conversionProcedure,
  failures: failuresProcedure,
  failureCodes: failureCodesProcedure,
  funnel: funnelProcedure,
});
