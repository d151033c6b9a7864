import { bankNamesOf } from '@paydesk/db';
import type { AnalyticsServices } from './context.ts';

/**
 * How long a bank's name is trusted before it is read again. Names change rarely (a merger,
 * a provider fixing a label); re-reading ninety of them on every funnel cost that call a
 * third of its time at 1M payments (docs/benchmarks.md, session 6).
 */
const NAME_TTL_MS = 10 * 60_000;

interface Known {
  name: string | null;
  readAt: number;
}

// Per database, so that two databases in one process (tests) never share a name.
const namesByDatabase = new WeakMap<object, Map<string, Known>>();

/** The latest name of each bank id, read from the payments at most every ten minutes per bank. */
export async function bankNames(services: Pick<AnalyticsServices, 'db' | 'now'>, bankIds: readonly string[]): Promise<Map<string, string>> {
  let known = namesByDatabase.get(services.db);
  if (!known) namesByDatabase.set(services.db, (known = new Map()));
  const now = services.now.getTime();
  const wanted = [...new Set(bankIds.filter((id) => id !== ''))];
  const stale = wanted.filter((id) => {
    const entry = known.get(id);
    return !entry || now - entry.readAt > NAME_TTL_MS;
  });
  if (stale.length > 0) {
    const read = await bankNamesOf(services.db, stale);
    for (const id of stale) known.set(id, { name: read.get(id) ?? null, readAt: now });
  }
  const names = new Map<string, string>();
  for (const id of wanted) {
    const name = known.get(id)?.name;
    if (name) names.set(id, name);
  }
  return names;
}
