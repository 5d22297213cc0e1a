import { describe, expect, it } from 'vitest';
import {
  nextOccurrences,
  type ParseContext,
  type ParseResult,
  parseWhen,
  type When,
} from '../../../../src/core/language/index.js';

/** Saturday 21 November 2026, 10:00 UTC = 11:00 in Paris. */
const NOW = new Date('2026-11-21T10:00:00Z');
const PARIS: ParseContext = { now: NOW, zone: 'Europe/Paris', defaultTime: { hour: 9, minute: 0 } };

function accepted(r: ParseResult): When {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

const at = (text: string, ctx: ParseContext = PARIS): string =>
  accepted(parseWhen(text, ctx)).instant.toISOString();

describe('a date with no time of day, given a default posting time', () => {
  it('is scheduled at the default time in the zone, and says so', () => {
    expect(accepted(parseWhen('tomorrow', PARIS))).toEqual({
      kind: 'once',
      instant: new Date('2026-11-22T08:00:00Z'),
      zone: 'Europe/Paris',
      local: '2026-11-22T09:00',
      defaultTime: true,
    });
    expect(at('next friday')).toBe('2026-11-27T08:00:00.000Z');
    expect(at('Dec 24')).toBe('2026-12-24T08:00:00.000Z');
    expect(at('2026-12-24')).toBe('2026-12-24T08:00:00.000Z');
    expect(at('friday')).toBe('2026-11-27T08:00:00.000Z');
    expect(at('tomorrow tz:Asia/Tokyo')).toBe('2026-11-22T00:00:00.000Z');
  });

  it('moves a bare weekday to next week once the default time has passed, as "friday 09:00" would', () => {
    const friday = { ...PARIS, now: new Date('2026-11-27T10:00:00Z') };
    expect(at('friday', friday)).toBe('2026-12-04T08:00:00.000Z');
    expect(at('friday 09:00', friday)).toBe('2026-12-04T08:00:00.000Z');
  });

  it('refuses "today" once the default time has passed, with a hint that works', () => {
    const r = parseWhen('today', PARIS);
    expect(r).toMatchObject({ ok: false, error: { code: 'TIME_IN_PAST', hint: 'tomorrow 09:00' } });
    if (!r.ok) expect(parseWhen(r.error.hint, PARIS).ok).toBe(true);
    expect(at('today', { ...PARIS, defaultTime: { hour: 18, minute: 30 } })).toBe('2026-11-21T17:30:00.000Z');
  });

  it('follows the DST rules: a default time in the spring-forward gap moves forward by the gap', () => {
    const ny: ParseContext = {
      now: new Date('2027-03-01T00:00:00Z'),
      zone: 'America/New_York',
      defaultTime: { hour: 2, minute: 30 },
    };
    const when = accepted(parseWhen('2027-03-14', ny));
    expect(when.instant.toISOString()).toBe('2027-03-14T07:30:00.000Z');
    expect(when.local).toBe('2027-03-14T02:30');
  });

  it('leaves a phrase that names its time alone', () => {
    const when = accepted(parseWhen('tomorrow 18:00', PARIS));
    expect(when.instant.toISOString()).toBe('2026-11-22T17:00:00.000Z');
    expect(when.defaultTime).toBeUndefined();
    expect(accepted(parseWhen('in 2 hours', PARIS)).defaultTime).toBeUndefined();
  });

  it('does not override a part of the day such as "tonight"', () => {
    expect(parseWhen('tonight', PARIS)).toMatchObject({ ok: false, error: { code: 'UNPARSEABLE_TIME' } });
  });

  it('is refused without a default time, as before', () => {
    const { defaultTime: _, ...none } = PARIS;
    for (const text of ['tomorrow', 'next friday', 'Dec 24', 'every day', 'every weekday']) {
      expect(parseWhen(text, none)).toMatchObject({ ok: false, error: { code: 'UNPARSEABLE_TIME' } });
    }
  });

  it('refuses a default time that is not a time of day', () => {
    for (const defaultTime of [
      { hour: 24, minute: 0 },
      { hour: 9, minute: 60 },
      { hour: 9.5, minute: 0 },
    ]) {
      expect(parseWhen('tomorrow', { ...PARIS, defaultTime })).toMatchObject({
        ok: false,
        error: { code: 'UNPARSEABLE_TIME' },
      });
    }
  });
});

describe('a recurrence with no time of day, given a default posting time', () => {
  function series(text: string, ctx: ParseContext = PARIS) {
    const when = accepted(parseWhen(text, ctx));
    if (when.kind !== 'recurring') throw new Error(`${text} is not a series`);
    return {
      rrule: when.rrule,
      defaultTime: when.defaultTime,
      next: nextOccurrences(when, 3).map((d) => d.toISOString()),
    };
  }

  it('runs at the default time', () => {
    expect(series('every 2 weeks on tuesday')).toEqual({
      rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU',
      defaultTime: true,
      next: ['2026-11-24T08:00:00.000Z', '2026-12-08T08:00:00.000Z', '2026-12-22T08:00:00.000Z'],
    });
    expect(series('monthly on the 1st').next).toEqual([
      '2026-12-01T08:00:00.000Z',
      '2027-01-01T08:00:00.000Z',
      '2027-02-01T08:00:00.000Z',
    ]);
    expect(series('every weekday').next[0]).toBe('2026-11-23T08:00:00.000Z');
    expect(series('every day').next[0]).toBe('2026-11-22T08:00:00.000Z');
    expect(series('tomorrow every day').defaultTime).toBe(true);
  });

  it('keeps the default wall time across DST', () => {
    const ny: ParseContext = {
      now: new Date('2027-03-13T00:00:00Z'),
      zone: 'America/New_York',
      defaultTime: { hour: 9, minute: 0 },
    };
    expect(series('every day', ny).next).toEqual([
      '2027-03-13T14:00:00.000Z',
      '2027-03-14T13:00:00.000Z',
      '2027-03-15T13:00:00.000Z',
    ]);
  });

  it('leaves a series that names its time alone', () => {
    expect(series('every day at 18:00').defaultTime).toBeUndefined();
    expect(series('tomorrow 7am every weekday').next[0]).toBe('2026-11-23T06:00:00.000Z');
  });
});
