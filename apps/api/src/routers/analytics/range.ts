import type { RollupSegment, RollupWindow, SeriesBucket } from '@paydesk/db';
import { dayInZone, nextDay, startOfDayInZone, zoneOffsetMs } from '@paydesk/domain';
import { TRPCError } from '@trpc/server';
import type { AnalyticsInput } from './input.ts';

const HOUR = 3_600_000;
const RANGE_DAYS = { '7d': 7, '30d': 30, '90d': 90 } as const;
/** Hourly buckets for longer ranges would be too many points to read or draw. */
export const MAX_HOURLY_DAYS = 7;
export const MAX_RANGE_DAYS = 366;

/** Days as staff picked them (business zone, both included), for drill-down links. */
export interface DaySpan {
  from: string;
  to: string;
}

export interface TimeBucket {
  /** The instant the bucket starts (ISO); labels are formatted in the business zone. */
  start: string;
  days: DaySpan;
}

export interface ResolvedRange {
  timeZone: string;
  granularity: 'hour' | 'day' | 'week';
  from: Date;
  to: Date;
  previousFrom: Date;
  days: DaySpan;
  previousDays: DaySpan;
  /** The range alone, in the grain its series is drawn from. */
  seriesWindow: RollupWindow;
  /** The range and the previous period, for totals: full weeks plus edge days where it can. */
  totalsWindow: RollupWindow;
  /** The range alone, for totals. */
  currentWindow: RollupWindow;
  bucket: Exclude<SeriesBucket, 'none'>;
  buckets: TimeBucket[];
  /** Set when hour rows serve a zone whose midnight is not a whole UTC hour (e.g. Asia/Kolkata). */
  boundaryNote: string | null;
}

function addDays(day: string, count: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + count)).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

function mondayOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, -((weekday + 6) % 7));
}

/**
 * Days fromDay..toDay (both included) as the full weeks inside them (week rows) and the
 * days before and after (day rows): 90 days read ~13 week buckets and at most 12 days.
 */
export function weekSegments(fromDay: string, toDay: string, timeZone: string): RollupSegment[] {
  const start = (day: string) => startOfDayInZone(day, timeZone);
  const firstMonday = mondayOf(fromDay) === fromDay ? fromDay : addDays(mondayOf(fromDay), 7);
  const afterLastFullWeek = mondayOf(addDays(toDay, 1));
  if (firstMonday >= afterLastFullWeek) return [{ grain: 'd', from: start(fromDay), to: start(addDays(toDay, 1)) }];
  const segments: RollupSegment[] = [];
  if (fromDay < firstMonday) segments.push({ grain: 'd', from: start(fromDay), to: start(firstMonday) });
  segments.push({ grain: 'w', from: start(firstMonday), to: start(afterLastFullWeek) });
  if (afterLastFullWeek <= toDay) segments.push({ grain: 'd', from: start(afterLastFullWeek), to: start(addDays(toDay, 1)) });
  return segments;
}

function ceilToHour(instant: Date): Date {
  return new Date(Math.ceil(instant.getTime() / HOUR) * HOUR);
}

function bad(message: string): never {
  throw new TRPCError({ code: 'BAD_REQUEST', message });
}

/**
 * Turns the range staff picked into instants and rollup reads. Day ranges run from
 * midnight to midnight in the business zone, the previous period is the same number of
 * days just before; "24h" is the last 24 whole UTC hours up to the end of this hour.
 * Days and weeks read the daily grain when it is bucketed in the business zone
 * (`analyticsTimeZone`), hour rows otherwise (exact for whole-hour zones; half-hour zones
 * then get their day boundaries rounded up to the next whole UTC hour, said in boundaryNote).
 */
export function resolveRange(input: AnalyticsInput, now: Date, timeZone: string, analyticsTimeZone: string): ResolvedRange {
  if (input.range === '24h') {
    const to = new Date(Math.floor(now.getTime() / HOUR) * HOUR + HOUR);
    const from = new Date(to.getTime() - 24 * HOUR);
    const previousFrom = new Date(from.getTime() - 24 * HOUR);
    const days = { from: dayInZone(from, timeZone), to: dayInZone(new Date(to.getTime() - 1), timeZone) };
    const previousDays = { from: dayInZone(previousFrom, timeZone), to: dayInZone(new Date(from.getTime() - 1), timeZone) };
    const buckets = Array.from({ length: 24 }, (_, i) => {
      const start = new Date(from.getTime() + i * HOUR);
      const day = dayInZone(start, timeZone);
      return { start: start.toISOString(), days: { from: day, to: day } };
    });
    return {
      timeZone,
      granularity: 'hour',
      from,
      to,
      previousFrom,
      days,
      previousDays,
      seriesWindow: { segments: [{ grain: 'h', from, to }], currentFrom: from },
      totalsWindow: { segments: [{ grain: 'h', from: previousFrom, to }], currentFrom: from },
      currentWindow: { segments: [{ grain: 'h', from, to }], currentFrom: from },
      bucket: 'hour',
      buckets,
      boundaryNote: null,
    };
  }

  let fromDay: string;
  let toDay: string;
  if (input.range === 'custom') {
    if (!input.from || !input.to) bad('A custom range needs both from and to days.');
    if (input.from > input.to) bad('The range must start on or before the day it ends.');
    fromDay = input.from;
    toDay = input.to;
    if (daysBetween(fromDay, toDay) > MAX_RANGE_DAYS) bad(`A range can be at most ${MAX_RANGE_DAYS} days.`);
  } else {
    toDay = dayInZone(now, timeZone);
    fromDay = addDays(toDay, -(RANGE_DAYS[input.range] - 1));
  }
  const length = daysBetween(fromDay, toDay);
  if (input.granularity === 'hour' && length > MAX_HOURLY_DAYS) {
    bad(`Hourly figures are for ranges of up to ${MAX_HOURLY_DAYS} days; choose days or weeks.`);
  }
  const previousFromDay = addDays(fromDay, -length);
  const from = startOfDayInZone(fromDay, timeZone);
  const to = startOfDayInZone(nextDay(toDay), timeZone);
  const previousFrom = startOfDayInZone(previousFromDay, timeZone);

  const isHalfHourZone = [from, to].some((instant) => zoneOffsetMs(instant, timeZone) % HOUR !== 0);
  // Day and week rows exist only in the analytics zone; elsewhere hour rows serve (exact for
  // whole-hour zones). Totals read day and week rows whenever they give the same answer as
  // the chart: always, except for an hourly chart in a half-hour zone (rounded to UTC hours).
  const hasDayRows = analyticsTimeZone === timeZone;
  const grain = input.granularity !== 'hour' && hasDayRows ? 'day' : 'hour';
  const totalsGrain = hasDayRows && (input.granularity !== 'hour' || !isHalfHourZone) ? 'day' : 'hour';
  const boundaryNote =
    grain === 'hour' && isHalfHourZone
      ? `${timeZone} days start at a half hour in UTC; these figures count whole UTC hours, so each day here starts 30 minutes after local midnight.`
      : null;

  const dayList: string[] = [];
  for (let day = fromDay; day <= toDay; day = nextDay(day)) dayList.push(day);
  let buckets: TimeBucket[];
  if (input.granularity === 'hour') {
    buckets = [];
    const end = ceilToHour(to).getTime();
    for (let t = ceilToHour(from).getTime(); t < end; t += HOUR) {
      const start = new Date(t);
      const day = dayInZone(start, timeZone);
      buckets.push({ start: start.toISOString(), days: { from: day, to: day } });
    }
  } else if (input.granularity === 'day') {
    buckets = dayList.map((day) => ({ start: startOfDayInZone(day, timeZone).toISOString(), days: { from: day, to: day } }));
  } else {
    const weeks = new Map<string, DaySpan>();
    for (const day of dayList) {
      const monday = mondayOf(day);
      const span = weeks.get(monday);
      if (span) span.to = day;
      else weeks.set(monday, { from: day, to: day });
    }
    buckets = [...weeks].map(([monday, days]) => ({ start: startOfDayInZone(monday, timeZone).toISOString(), days }));
  }

  return {
    timeZone,
    granularity: input.granularity,
    from,
    to,
    previousFrom,
    days: { from: fromDay, to: toDay },
    previousDays: { from: previousFromDay, to: addDays(fromDay, -1) },
    seriesWindow: {
      segments: grain === 'hour' ? [{ grain: 'h', from, to }] : input.granularity === 'week' ? weekSegments(fromDay, toDay, timeZone) : [{ grain: 'd', from, to }],
      currentFrom: from,
    },
    totalsWindow: {
      segments: totalsGrain === 'day'
        ? [...weekSegments(previousFromDay, addDays(fromDay, -1), timeZone), ...weekSegments(fromDay, toDay, timeZone)]
        : [{ grain: 'h', from: previousFrom, to }],
      currentFrom: from,
    },
    currentWindow: { segments: totalsGrain === 'day' ? weekSegments(fromDay, toDay, timeZone) : [{ grain: 'h', from, to }], currentFrom: from },
    bucket: input.granularity,
    buckets,
    boundaryNote,
  };
}

/** What the screen shows about the range it is looking at. */
export function describeRange(range: ResolvedRange) {
  return {
    timeZone: range.timeZone,
    granularity: range.granularity,
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    previousFrom: range.previousFrom.toISOString(),
    days: range.days,
    previousDays: range.previousDays,
    boundaryNote: range.boundaryNote,
  };
}
