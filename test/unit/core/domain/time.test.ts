import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWallDays,
  addWallMonths,
  daysInMonth,
  formatWall,
  instantToWall,
  parseWall,
  type WallTime,
  wallToFloating,
  wallToInstant,
  zoneOffset,
} from '../../../../src/core/domain/time.js';

const ZONES = Intl.supportedValuesOf('timeZone');
const wall = (text: string): WallTime => parseWall(text)!;
const iso = (d: Date): string => d.toISOString();

/** Any real wall time between 1980 and 2060. */
const wallArb = fc
  .record({
    year: fc.integer({ min: 1980, max: 2060 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
  })
  .map((w) => ({ ...w, day: Math.min(w.day, daysInMonth(w.year, w.month)) }));

describe('wallToInstant (RFC 5545 §3.3.5)', () => {
  it('maps an ordinary wall time exactly', () => {
    const r = wallToInstant(wall('2026-12-01T09:00'), 'Asia/Kathmandu');
    expect([iso(r.instant), r.resolution, r.shiftMinutes]).toEqual(['2026-12-01T03:15:00.000Z', 'exact', 0]);
  });

  it('moves a spring-forward time forward by the gap (New York, 8 Mar 2026)', () => {
    const r = wallToInstant(wall('2026-03-08T02:30'), 'America/New_York');
    expect([iso(r.instant), r.resolution, r.shiftMinutes]).toEqual(['2026-03-08T07:30:00.000Z', 'gap', 60]);
    expect(formatWall(instantToWall(r.instant, 'America/New_York'))).toBe('2026-03-08T03:30');
  });

  it('takes the first of two fall-back times (London, 25 Oct 2026)', () => {
    const r = wallToInstant(wall('2026-10-25T01:30'), 'Europe/London');
    expect([iso(r.instant), r.resolution]).toEqual(['2026-10-25T00:30:00.000Z', 'ambiguous']);
  });

  it('handles a 30-minute DST shift (Lord Howe Island, 4 Oct 2026)', () => {
    const r = wallToInstant(wall('2026-10-04T02:15'), 'Australia/Lord_Howe');
    expect([r.resolution, r.shiftMinutes]).toEqual(['gap', 30]);
    expect(formatWall(instantToWall(r.instant, 'Australia/Lord_Howe'))).toBe('2026-10-04T02:45');
  });

  it('moves a whole missing day forward (Pacific/Apia skipped 30 Dec 2011)', () => {
    const r = wallToInstant(wall('2011-12-30T12:00'), 'Pacific/Apia');
    expect(r.resolution).toBe('gap');
    expect(formatWall(instantToWall(r.instant, 'Pacific/Apia'))).toBe('2011-12-31T12:00');
  });

  it('does not depend on the process time zone', () => {
    expect(zoneOffset('Asia/Kolkata', Date.UTC(2026, 5, 1))).toBe(330);
    expect(zoneOffset('America/Sao_Paulo', Date.UTC(2026, 0, 1))).toBe(-180);
  });
});

describe('properties', () => {
  it('normalize → format round-trips for any zone and local time (gaps move by exactly the gap)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), wallArb, (zone, w) => {
        const r = wallToInstant(w, zone);
        const back = instantToWall(r.instant, zone);
        const expected =
          r.resolution === 'gap'
            ? new Date(wallToFloating(w).getTime() + r.shiftMinutes * 60_000)
            : wallToFloating(w);
        expect(wallToFloating(back).getTime()).toBe(expected.getTime());
        if (r.resolution === 'gap') expect(r.shiftMinutes).toBeGreaterThan(0);
      }),
      { numRuns: 3000 },
    );
  });

  it('format → normalize returns the instant, or the earlier twin of a repeated fall-back time', () => {
    const instant = fc
      .integer({ min: Date.UTC(1980, 0, 1), max: Date.UTC(2060, 0, 1) })
      .map((ms) => new Date(ms - (ms % 1000)));
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instant, (zone, at) => {
        const r = wallToInstant(instantToWall(at, zone), zone);
        expect(r.resolution).not.toBe('gap');
        if (r.resolution === 'exact') expect(r.instant.getTime()).toBe(at.getTime());
        else expect(r.instant.getTime()).toBeLessThanOrEqual(at.getTime());
      }),
      { numRuns: 3000 },
    );
  });

  it('formatWall and parseWall are inverses', () => {
    fc.assert(
      fc.property(wallArb, (w) => {
        expect(parseWall(formatWall(w))).toEqual(w);
      }),
    );
  });
});

describe('calendar arithmetic', () => {
  it('adds days across month and year ends, keeping the clock', () => {
    expect(formatWall(addWallDays(wall('2026-12-31T09:00'), 1))).toBe('2027-01-01T09:00');
    expect(formatWall(addWallDays(wall('2028-03-01T09:00'), -1))).toBe('2028-02-29T09:00');
  });

  it('adds months clamping the day', () => {
    expect(formatWall(addWallMonths(wall('2027-01-31T09:00'), 1))).toBe('2027-02-28T09:00');
    expect(formatWall(addWallMonths(wall('2027-11-30T09:00'), 3))).toBe('2028-02-29T09:00');
  });

  it('refuses impossible wall times', () => {
    expect(parseWall('2026-02-29T09:00')).toBeNull();
    expect(parseWall('2026-13-01')).toBeNull();
    expect(parseWall('2026-12-01T24:00')).toBeNull();
  });
});
