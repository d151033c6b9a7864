import { describe, expect, it } from 'vitest';
import { dayInZone, isIsoDay, nextDay, startOfDayInZone, zoneOffsetMs } from './business-time.ts';

describe('business time', () => {
  it('finds where a day begins in zones east and west of UTC', () => {
    expect(startOfDayInZone('2026-11-21', 'Europe/Madrid').toISOString()).toBe('2026-11-20T23:00:00.000Z');
    expect(startOfDayInZone('2026-11-21', 'America/Sao_Paulo').toISOString()).toBe('2026-11-21T03:00:00.000Z');
    expect(startOfDayInZone('2026-11-21', 'Asia/Kolkata').toISOString()).toBe('2026-11-20T18:30:00.000Z');
    expect(startOfDayInZone('2026-11-21', 'UTC').toISOString()).toBe('2026-11-21T00:00:00.000Z');
  });

  it('uses the offset in force on the day, across daylight-saving changes', () => {
    // Madrid moves to summer time on 2026-03-29 at 02:00.
    expect(startOfDayInZone('2026-03-29', 'Europe/Madrid').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfDayInZone('2026-03-30', 'Europe/Madrid').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(zoneOffsetMs(new Date('2026-07-01T12:00:00Z'), 'Europe/Madrid')).toBe(2 * 3600_000);
  });

  it('names the local day of an instant', () => {
    expect(dayInZone(new Date('2026-11-21T02:00:00Z'), 'America/Sao_Paulo')).toBe('2026-11-20');
    expect(dayInZone(new Date('2026-11-20T23:30:00Z'), 'Europe/Madrid')).toBe('2026-11-21');
  });

  it('accepts only real calendar days', () => {
    expect(isIsoDay('2026-02-29')).toBe(false);
    expect(isIsoDay('2028-02-29')).toBe(true);
    expect(isIsoDay('2026-1-01')).toBe(false);
    expect(() => startOfDayInZone('yesterday', 'UTC')).toThrow(/not a calendar day/);
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
  });
});
