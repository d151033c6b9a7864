import { KASHIMI_BANKS } from './banks.ts';
import type { KashaIncident } from './kasha-timeline.ts';
import type { KashimiIncident } from './kashimi-timeline.ts';
import type { KlaviIncident } from './klavi-timeline.ts';
import type { Market } from './markets.ts';
import { hashSeed, Random } from './random.ts';
import { DAY, HOUR } from './timeline.ts';

// A few bad hours now and then (a bank's maintenance, a Pix outage, a card processor
// timing out) so failure charts have the spikes that managers investigate.

interface Window {
  readonly start: number;
  readonly end: number;
}

export interface IncidentPlan {
  readonly kashimi: readonly (Window & { readonly bankId: string; readonly effect: KashimiIncident })[];
  readonly klavi: readonly (Window & { readonly effect: KlaviIncident })[];
  readonly kasha: readonly (Window & { readonly country: string; readonly effect: KashaIncident })[];
}

/** Incidents for a window, fixed by the seed. */
export function planIncidents(seed: number, markets: readonly Market[], start: number, end: number): IncidentPlan {
  const random = new Random(hashSeed(seed, 0x1c1d));
  const days = Math.max(1, (end - start) / DAY);
  const window = (hours: readonly [number, number]) => {
    const length = random.float(hours[0], hours[1]) * HOUR;
    const from = random.float(start, Math.max(start, end - length));
    return { start: from, end: from + length };
  };
  const kashimiMarkets = markets.filter((m) => m.provider === 'kashimi').map((m) => [m.country, m.weight] as const);
  const kashaMarkets = markets.filter((m) => m.provider === 'kasha').map((m) => [m.country, m.weight] as const);

  const kashimi = Array.from({ length: Math.max(1, Math.round(days / 40)) }, () => {
    const country = random.weighted(kashimiMarkets);
    const bank = random.weighted((KASHIMI_BANKS[country] ?? []).map((b) => [b, b.weight] as const));
    const reason = random.chance(0.5)
      ? ('PROVIDER_SYSTEM_MAINTENANCE' as const)
      : ('PROVIDER_TECHNICAL_ERROR' as const);
    return { ...window([1.5, 5]), bankId: bank.id, effect: { chance: random.float(0.35, 0.7), reason } };
  });
  const klavi = Array.from({ length: Math.max(1, Math.round(days / 60)) }, () => ({
    ...window([1, 3]),
    effect: { chance: random.float(0.2, 0.4) },
  }));
  const kasha = Array.from({ length: Math.max(1, Math.round(days / 50)) }, () => ({
    ...window([2, 6]),
    country: random.weighted(kashaMarkets),
    effect: random.chance(0.7)
      ? { chance: random.float(0.3, 0.5), code: '998' as const }
      : { chance: random.float(0.15, 0.3), code: '1100' as const },
  }));
  return { kashimi, klavi, kasha };
}

export function kashimiIncidentAt(plan: IncidentPlan, bankId: string, at: number): KashimiIncident | null {
  return plan.kashimi.find((i) => i.bankId === bankId && i.start <= at && at < i.end)?.effect ?? null;
}

export function klaviIncidentAt(plan: IncidentPlan, at: number): KlaviIncident | null {
  return plan.klavi.find((i) => i.start <= at && at < i.end)?.effect ?? null;
}

export function kashaIncidentAt(plan: IncidentPlan, country: string, at: number): KashaIncident | null {
  return plan.kasha.find((i) => i.country === country && i.start <= at && at < i.end)?.effect ?? null;
}
