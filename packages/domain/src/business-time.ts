// Staff pick days in the business time zone; the database stores instants (UTC). These
// convert between the two with Intl alone, so the domain stays free of I/O and libraries.

const partsFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partsFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormats.set(timeZone, format);
  }
  return format;
}

// Offsets already worked out, per zone and instant. Intl's formatToParts costs microseconds
// and a 90-day chart asks for the same few hundred midnights on every request.
const knownOffsets = new Map<string, number>();
const MAX_KNOWN_OFFSETS = 20_000;

/** Milliseconds to add to a UTC instant to get the wall-clock time in the zone. */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  const key = `${timeZone} ${instant.getTime()}`;
  let offset = knownOffsets.get(key);
  if (offset === undefined) {
    offset = computeZoneOffsetMs(instant, timeZone);
    if (knownOffsets.size >= MAX_KNOWN_OFFSETS) knownOffsets.clear();
    knownOffsets.set(key, offset);
  }
  return offset;
}

function computeZoneOffsetMs(instant: Date, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of partsFormat(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wallClockAsUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wallClockAsUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

const isoDay = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written YYYY-MM-DD. */
export function isIsoDay(text: string): boolean {
  const match = isoDay.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
}

/** The instant a calendar day (YYYY-MM-DD) begins in the zone, DST included. */
export function startOfDayInZone(day: string, timeZone: string): Date {
  if (!isIsoDay(day)) throw new RangeError(`${day} is not a calendar day (YYYY-MM-DD)`);
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const midnightAsUtc = Date.UTC(year, month - 1, date);
  const firstGuess = midnightAsUtc - zoneOffsetMs(new Date(midnightAsUtc), timeZone);
  // The offset at midnight local time can differ from the one at midnight UTC across a DST change.
  return new Date(midnightAsUtc - zoneOffsetMs(new Date(firstGuess), timeZone));
}

/** The calendar day (YYYY-MM-DD) an instant falls on in the zone. */
export function dayInZone(instant: Date, timeZone: string): string {
  return new Date(instant.getTime() + zoneOffsetMs(instant, timeZone)).toISOString().slice(0, 10);
}

/** The day after a calendar day. */
export function nextDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + 1)).toISOString().slice(0, 10);
}
