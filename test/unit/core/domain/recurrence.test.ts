import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  occurrencesAfter,
  occurrencesBetween,
  parseRule,
  walkSeries,
} from '../../../../src/core/domain/recurrence.js';
import {
  addWallDays,
  daysInMonth,
  formatWall,
  formatWallDate,
  instantToWall,
  parseWall,
  wallToFloating,
  wallToInstant,
} from '../../../../src/core/domain/time.js';

const ZONES = Intl.supportedValuesOf('timeZone');
const isoList = (dates: Date[]): string[] => dates.map((d) => d.toISOString());

describe('a daily series', () => {
  it('keeps its local wall time every day, except where that time does not exist (property)', () => {
    const start = fc.record({
      year: fc.integer({ min: 1990, max: 2050 }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }),
      hour: fc.integer({ min: 0, max: 23 }),
      minute: fc.integer({ min: 0, max: 59 }),
    });
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), start, (zone, s) => {
        const local = `${s.year}-${String(s.month).padStart(2, '0')}-${String(s.day).padStart(2, '0')}T${String(s.hour).padStart(2, '0')}:${String(s.minute).padStart(2, '0')}`;
        const got = occurrencesAfter({ rrule: 'FREQ=DAILY', start: local, zone, exdates: [] }, null, 40);
        expect(got).toHaveLength(40);
        let day = 0;
        got.forEach((o) => {
          expect(formatWallDate(o.wall)).toBe(formatWallDate(addWallDays(parseWall(local)!, day)));
          // A calendar day the zone skipped entirely (Pacific/Kiritimati, 1994-12-31) moves onto
          // the next day, which then has no occurrence of its own: one post, none doubled.
          const wholeDay = o.resolution === 'gap' && wallToInstant(o.wall, zone).shiftMinutes >= 24 * 60;
          day += wholeDay ? 2 : 1;
          expect([o.wall.hour, o.wall.minute]).toEqual([s.hour, s.minute]);
          const shown = wallToFloating(instantToWall(o.instant, zone)).getTime();
          const shift = o.resolution === 'gap' ? wallToInstant(o.wall, zone).shiftMinutes : 0;
          expect(shown).toBe(wallToFloating(o.wall).getTime() + shift * 60_000);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('moves the occurrence of a calendar day its zone skipped onto the next day, once (Kiritimati, 1994-12-31)', () => {
    const got = occurrencesAfter(
      { rrule: 'FREQ=DAILY', start: '1994-12-29T00:00', zone: 'Pacific/Kiritimati', exdates: [] },
      null,
      4,
    );
    expect(got.map((o) => [formatWallDate(o.wall), o.resolution])).toEqual([
      ['1994-12-29', 'exact'],
      ['1994-12-30', 'exact'],
      ['1994-12-31', 'gap'],
      ['1995-01-02', 'exact'],
    ]);
    // The moved one is published at 1995-01-01 00:00 local (+14:00), a day before the next.
    expect(got[2]!.instant.toISOString()).toBe('1994-12-31T10:00:00.000Z');
  });

  it('lists consecutive days, one occurrence each', () => {
    const got = occurrencesAfter(
      { rrule: 'FREQ=DAILY', start: '2026-03-06T02:30', zone: 'America/New_York', exdates: [] },
      null,
      5,
    );
    expect(got.map((o) => formatWallDate(o.wall))).toEqual([
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
      '2026-03-09',
      '2026-03-10',
    ]);
    expect(got.map((o) => o.resolution)).toEqual(['exact', 'exact', 'gap', 'exact', 'exact']);
  });
});

describe('occurrencesBetween', () => {
  it('returns occurrences in [from, to)', () => {
    const got = occurrencesBetween(
      'FREQ=DAILY',
      '2026-11-01T09:00',
      'UTC',
      [],
      new Date('2026-11-03T09:00:00Z'),
      new Date('2026-11-05T09:00:00Z'),
    );
    expect(isoList(got)).toEqual(['2026-11-03T09:00:00.000Z', '2026-11-04T09:00:00.000Z']);
  });

  it('honours EXDATE given as a local date, a local date-time, or a UTC instant', () => {
    const exdates = ['2026-11-02', '2026-11-03T09:00', '2026-11-04T14:00:00Z'];
    const got = occurrencesBetween(
      'FREQ=DAILY',
      '2026-11-01T09:00',
      'America/New_York',
      exdates,
      new Date('2026-11-01T00:00:00Z'),
      new Date('2026-11-06T00:00:00Z'),
    );
    expect(got.map((d) => formatWallDate(instantToWall(d, 'America/New_York')))).toEqual([
      '2026-11-01',
      '2026-11-05',
    ]);
  });

  it('accepts the start as an instant as well as a local wall time', () => {
    const got = occurrencesBetween(
      'FREQ=WEEKLY',
      new Date('2026-11-23T14:00:00Z'),
      'America/New_York',
      [],
      new Date('2026-11-01T00:00:00Z'),
      new Date('2026-12-01T00:00:00Z'),
    );
    expect(isoList(got)).toEqual(['2026-11-23T14:00:00.000Z', '2026-11-30T14:00:00.000Z']);
  });

  it('reads UNTIL in UTC, as a local date-time, or as a local date (inclusive)', () => {
    const between = (rule: string) =>
      occurrencesBetween(
        rule,
        '2026-11-01T09:00',
        'Europe/Paris',
        [],
        new Date('2026-10-01T00:00:00Z'),
        new Date('2027-01-01T00:00:00Z'),
      ).length;
    expect(between('FREQ=DAILY;UNTIL=20261103T080000Z')).toBe(3);
    expect(between('FREQ=DAILY;UNTIL=20261103T085959')).toBe(2);
    expect(between('FREQ=DAILY;UNTIL=20261103')).toBe(3);
  });

  it('drops the duplicate an hourly rule produces in a spring-forward gap', () => {
    const got = occurrencesBetween(
      'FREQ=HOURLY',
      '2026-03-08T00:00',
      'America/New_York',
      [],
      new Date('2026-03-08T00:00:00Z'),
      new Date('2026-03-08T09:00:00Z'),
    );
    expect(got.map((d) => formatWall(instantToWall(d, 'America/New_York')))).toEqual([
      '2026-03-08T00:00',
      '2026-03-08T01:00',
      '2026-03-08T03:00',
      '2026-03-08T04:00',
    ]);
  });
});

describe('guards', () => {
  it('stops scanning a rule that never matches instead of running to year 9999', () => {
    const started = performance.now();
    const got = occurrencesAfter(
      { rrule: 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', start: '2026-01-01T09:00', zone: 'UTC', exdates: [] },
      null,
      1,
    );
    expect(got).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('returns nothing for a sub-daily rule whose hours are unreachable (rrule would loop forever)', () => {
    const got = occurrencesAfter(
      { rrule: 'FREQ=HOURLY;INTERVAL=24;BYHOUR=5', start: '2026-01-01T09:00', zone: 'UTC', exdates: [] },
      null,
      1,
    );
    expect(got).toEqual([]);
  });

  it('still expands a reachable sub-daily rule', () => {
    const got = occurrencesAfter(
      { rrule: 'FREQ=HOURLY;INTERVAL=4;BYHOUR=5,9', start: '2026-01-01T09:00', zone: 'UTC', exdates: [] },
      null,
      3,
    );
    expect(got.map((o) => formatWall(o.wall))).toEqual([
      '2026-01-01T09:00',
      '2026-01-02T05:00',
      '2026-01-02T09:00',
    ]);
  });

  it('explains why a rule is invalid', () => {
    expect(parseRule('FREQ=DAILY;COUNT=2;UNTIL=20270101T000000Z')).toMatch(/COUNT and UNTIL/);
    expect(parseRule('DTSTART:20260101T090000Z')).toMatch(/DTSTART/);
    expect(parseRule('BYDAY=MO')).toMatch(/FREQ/);
    expect(() =>
      walkSeries({ rrule: 'NOPE', start: '2026-01-01T09:00', zone: 'UTC', exdates: [] }, null, () => true),
    ).toThrow(/Invalid RRULE/);
  });

  it('handles months without the requested day like RFC 5545 (the 31st skips short months)', () => {
    const got = occurrencesAfter(
      { rrule: 'FREQ=MONTHLY;BYMONTHDAY=31', start: '2027-01-31T09:00', zone: 'UTC', exdates: [] },
      null,
      4,
    );
    expect(got.map((o) => formatWallDate(o.wall))).toEqual([
      '2027-01-31',
      '2027-03-31',
      '2027-05-31',
      '2027-07-31',
    ]);
    expect(daysInMonth(2027, 2)).toBe(28);
  });
});
