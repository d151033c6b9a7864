import type { Migration } from 'kysely/migration';
import * as initial from './2026-11-21T0740-initial.ts';
import * as statusEventKey from './2026-11-21T0900-status-event-key.ts';
import * as supportWorkspace from './2026-11-21T1000-support-workspace.ts';
import * as analytics from './2026-11-21T1100-analytics.ts';
import * as finance from './2026-11-21T1200-finance.ts';
import * as analyticsGroupingSets from './2026-11-21T1300-analytics-grouping-sets.ts';
import * as analyticsPendingDeltas from './2026-11-21T1400-analytics-pending-deltas.ts';
import * as retireHourlyRollup from './2026-11-21T1500-retire-hourly-rollup.ts';
import * as merchantDeclinedPayouts from './2026-11-21T1600-merchant-declined-payouts.ts';
import * as analyticsAllStatusesSet from './2026-11-21T1700-analytics-all-statuses-set.ts';
import * as bankNames from './2026-11-21T1800-bank-names.ts';

/**
 * Every migration, by name. A static list (not a folder scan) works the same under tsx,
 * vitest and bundlers; names sort in the order they run.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-21T0740-initial': initial,
  '2026-11-21T0900-status-event-key': statusEventKey,
  '2026-11-21T1000-support-workspace': supportWorkspace,
  '2026-11-21T1100-analytics': analytics,
  '2026-11-21T1200-finance': finance,
  '2026-11-21T1300-analytics-grouping-sets': analyticsGroupingSets,
  '2026-11-21T1400-analytics-pending-deltas': analyticsPendingDeltas,
  '2026-11-21T1500-retire-hourly-rollup': retireHourlyRollup,
  '2026-11-21T1600-merchant-declined-payouts': merchantDeclinedPayouts,
  '2026-11-21T1700-analytics-all-statuses-set': analyticsAllStatusesSet,
  '2026-11-21T1800-bank-names': bankNames,
};
