import { countryFacts } from './countries.ts';
import type { Market } from './markets.ts';
import type { Random } from './random.ts';

const HOUR = 3_600_000;

// Relative traffic by local hour. People pay from late morning to late evening; nights
// are quiet; weekends start later and run later.
const WEEKDAY_HOURS = [
  0.22, 0.12, 0.08, 0.06, 0.06, 0.09, 0.2, 0.4, 0.62, 0.78, 0.88, 0.95, 1.05, 1.02, 0.95, 0.9, 0.9, 0.95, 1.05, 1.2,
  1.3, 1.22, 0.9, 0.5,
];
const WEEKEND_HOURS = [
  0.35, 0.22, 0.13, 0.08, 0.06, 0.06, 0.1, 0.2, 0.38, 0.6, 0.8, 0.95, 1.05, 1.05, 1.0, 0.98, 0.98, 1.02, 1.1, 1.22,
  1.32, 1.25, 0.98, 0.62,
];
// Sunday first, as Date#getUTCDay counts.
const WEEKDAY_FACTOR = [0.98, 0.97, 0.95, 0.97, 1.0, 1.08, 1.05];

function localIntensity(localMs: number): number {
  const local = new Date(localMs);
  const weekday = local.getUTCDay();
  const hours = weekday === 0 || weekday === 6 ? WEEKEND_HOURS : WEEKDAY_HOURS;
  const dayOfMonth = local.getUTCDate();
  // Salaries land at the start of the month; the last days are leaner.
  const payday = dayOfMonth <= 5 ? 1.08 : dayOfMonth >= 26 ? 0.95 : 1;
  return hours[local.getUTCHours()]! * WEEKDAY_FACTOR[weekday]! * payday;
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in milliseconds. */
export function zoneOffsetMs(timeZone: string, at: number): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    offsetFormats.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!);
  return local - (at - (at % 60_000));
}

/**
 * When payments arrive and from which market. Traffic per UTC hour is the sum of each
 * market's local daily and weekly rhythm, with mild growth over the window. A payment's
 * position in [0, 1) maps monotonically to a time, so payment numbers (and merchant
 * order references) rise with time the way a real order sequence does.
 */
export class ArrivalSchedule {
  readonly start: number;
  private readonly hours: number;
  private readonly markets: readonly Market[];
  /** Per market, traffic of each hour of the window (weight already applied). */
  private readonly marketHourly: Float64Array[];
  private readonly cumulative: Float64Array;

  constructor(markets: readonly Market[], start: number, end: number) {
    this.start = start - (start % HOUR);
    this.hours = Math.max(1, Math.ceil((end - this.start) / HOUR));
    this.markets = markets;
    const byZone = new Map<string, Float64Array>();
    this.marketHourly = markets.map((market) => {
      const zone = countryFacts(market.country).timeZone;
      let zoneHourly = byZone.get(zone);
      if (!zoneHourly) {
        zoneHourly = this.zoneHourly(zone);
        byZone.set(zone, zoneHourly);
      }
      return zoneHourly.map((value) => value * market.weight);
    });
    this.cumulative = new Float64Array(this.hours);
    let running = 0;
    for (let hour = 0; hour < this.hours; hour++) {
      for (const hourly of this.marketHourly) running += hourly[hour]!;
      this.cumulative[hour] = running;
    }
  }

  private zoneHourly(zone: string): Float64Array {
    const hourly = new Float64Array(this.hours);
    // Offsets only change at daylight-saving switches: look them up once per 24 hours,
    // and hour by hour only in a block where the offset changes.
    let nextOffset = zoneOffsetMs(zone, this.start);
    for (let blockStart = 0; blockStart < this.hours; blockStart += 24) {
      const offset = nextOffset;
      nextOffset = zoneOffsetMs(zone, this.start + (blockStart + 24) * HOUR);
      const isSteady = nextOffset === offset;
      for (let hour = blockStart; hour < Math.min(blockStart + 24, this.hours); hour++) {
        const at = this.start + hour * HOUR;
        const growth = 0.8 + (0.4 * hour) / this.hours;
        hourly[hour] = localIntensity(at + (isSteady ? offset : zoneOffsetMs(zone, at))) * growth;
      }
    }
    return hourly;
  }

  /** The instant at position u ∈ [0, 1) of all traffic, and the hour it falls in. */
  timeAt(position: number): { at: number; hour: number } {
    const total = this.cumulative[this.hours - 1]!;
    const target = Math.min(position, 1 - Number.EPSILON) * total;
    let low = 0;
    let high = this.hours - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.cumulative[mid]! > target) high = mid;
      else low = mid + 1;
    }
    const before = low === 0 ? 0 : this.cumulative[low - 1]!;
    const width = this.cumulative[low]! - before;
    const fraction = width > 0 ? (target - before) / width : 0;
    return { at: this.start + (low + fraction) * HOUR, hour: low };
  }

  /** A market in proportion to its traffic during that hour. */
  marketAt(hour: number, random: Random): Market {
    let total = 0;
    for (const hourly of this.marketHourly) total += hourly[hour]!;
    let target = random.next() * total;
    for (let i = 0; i < this.markets.length; i++) {
      target -= this.marketHourly[i]![hour]!;
      if (target < 0) return this.markets[i]!;
    }
    return this.markets[this.markets.length - 1]!;
  }
}
