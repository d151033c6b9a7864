// Number and time formats of the analytics screens; every figure goes through here.

const percent = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 });
const signedPercent = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' });
const signedPoints = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' });

/** Intl writes a hyphen for negatives; a figure reads better with the minus sign, the same in every change. */
function withMinusSign(text: string): string {
  return text.replace('-', '\u2212');
}
export const countFormat = new Intl.NumberFormat('en-GB');

export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : percent.format(value);
}

/** "+25%", "−10%", "new" when there was nothing before. */
export function formatChange(value: number | null | undefined): string {
  return value === null || value === undefined ? 'new' : withMinusSign(signedPercent.format(value));
}

/** The change between two rates in percentage points: "+2.5 pts", "−0.4 pts", "0.0 pts". */
export function formatPointChange(now: number, before: number): string {
  return `${withMinusSign(signedPoints.format((now - before) * 100))} pts`;
}

export function formatCount(value: number): string {
  return countFormat.format(value);
}

/** "45 s", "3 min 20 s", "2 h 5 min", "3 d 4 h": a duration as a person says it. */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

const dayLabels = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string, withHour: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withHour}`;
  let format = dayLabels.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      day: 'numeric',
      month: 'short',
      ...(withHour ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
    });
    dayLabels.set(key, format);
  }
  return format;
}

/** A calendar day (YYYY-MM-DD) as "14 Nov". */
export function formatDay(day: string): string {
  return formatter('UTC', false).format(new Date(`${day}T12:00:00Z`));
}

/** A bucket's label in the business zone: "14 Nov 09:00", "14 Nov", "10–16 Nov". */
export function formatBucket(bucket: { start: string; days: { from: string; to: string } }, granularity: string, timeZone: string): string {
  if (granularity === 'hour') return formatter(timeZone, true).format(new Date(bucket.start));
  if (granularity === 'day' || bucket.days.from === bucket.days.to) return formatDay(bucket.days.from);
  return `${formatDay(bucket.days.from)} – ${formatDay(bucket.days.to)}`;
}

export function formatDaySpan(days: { from: string; to: string }): string {
  return days.from === days.to ? formatDay(days.from) : `${formatDay(days.from)} – ${formatDay(days.to)}`;
}
