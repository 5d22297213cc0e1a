import { describe, expect, it } from 'vitest';
import {
  moveOccurrence,
  nextOccurrences,
  occurrencesBetween,
  parseWhen,
  type RecurringWhen,
  skipOccurrence,
  splitSeries,
  type When,
} from '../../../../src/core/language/index.js';

const NOW = new Date('2026-11-21T10:00:00Z');
const iso = (dates: Date[]): string[] => dates.map((d) => d.toISOString());

function parsed(text: string, zone = 'Europe/Paris'): When {
  const r = parseWhen(text, { now: NOW, zone });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

function series(text: string, zone = 'Europe/Paris'): RecurringWhen {
  const w = parsed(text, zone);
  if (w.kind !== 'recurring') throw new Error('expected a series');
  return w;
}

describe('nextOccurrences', () => {
  it('gives a once-off post only while it is after `after`', () => {
    const w = parsed('tomorrow 9am');
    expect(iso(nextOccurrences(w, 3))).toEqual(['2026-11-22T08:00:00.000Z']);
    expect(nextOccurrences(w, 3, new Date('2026-11-22T08:00:00Z'))).toEqual([]);
    expect(nextOccurrences(w, 0)).toEqual([]);
  });

  it('gives a series strictly after `after`', () => {
    const w = series('every day at 9am');
    expect(iso(nextOccurrences(w, 2, new Date('2026-11-23T08:00:00Z')))).toEqual([
      '2026-11-24T08:00:00.000Z',
      '2026-11-25T08:00:00.000Z',
    ]);
  });

  it('expands a stored series by its local start, not its UTC instant (02:30 stays 02:30)', () => {
    const w = series('every day at 2:30am', 'America/New_York');
    const stored = { ...w, local: '2026-03-08T02:30', instant: new Date('2026-03-08T07:30:00Z') };
    expect(iso(nextOccurrences(stored, 2))).toEqual(['2026-03-08T07:30:00.000Z', '2026-03-09T06:30:00.000Z']);
    const window = occurrencesBetween(
      w.rrule,
      '2026-03-08T02:30',
      'America/New_York',
      [],
      new Date('2026-03-09T00:00:00Z'),
      new Date('2026-03-10T00:00:00Z'),
    );
    expect(iso(window)).toEqual(['2026-03-09T06:30:00.000Z']);
  });
});

describe('editing one occurrence vs the series', () => {
  it('skips one occurrence by adding its local date to EXDATE', () => {
    const w = series('every day at 9am');
    const skipped = skipOccurrence(w, new Date('2026-11-23T08:00:00Z'));
    expect(skipped.ok && skipped.value.exdates).toEqual(['2026-11-23']);
    if (!skipped.ok) return;
    expect(iso(nextOccurrences(skipped.value, 3))).toEqual([
      '2026-11-22T08:00:00.000Z',
      '2026-11-24T08:00:00.000Z',
      '2026-11-25T08:00:00.000Z',
    ]);
  });

  it('skips by local date-time when the series has several occurrences that day', () => {
    const w = series('RRULE:FREQ=DAILY;BYHOUR=9,17', 'UTC');
    const skipped = skipOccurrence(w, new Date('2026-11-22T09:00:00Z'));
    expect(skipped.ok && skipped.value.exdates).toEqual(['2026-11-22T09:00']);
  });

  it('moves the first occurrence forward when it is skipped', () => {
    const w = series('every day at 9am');
    const skipped = skipOccurrence(w, w.instant);
    expect(skipped.ok && skipped.value.instant.toISOString()).toBe('2026-11-23T08:00:00.000Z');
  });

  it('refuses a time that is not an occurrence, and emptying a series', () => {
    const w = series('every day at 9am');
    const r = skipOccurrence(w, new Date('2026-11-23T09:00:00Z'));
    expect(r.ok ? null : r.error.code).toBe('VALIDATION_FAILED');
    const single = series('every day at 9am 1 times');
    const last = skipOccurrence(single, single.instant);
    expect(last.ok ? null : last.error.message).toMatch(/empty/);
  });

  it('moves one occurrence: skipped in the series, published once at the new time', () => {
    const w = series('every day at 9am');
    const moved = moveOccurrence(w, new Date('2026-11-23T08:00:00Z'), new Date('2026-11-23T10:30:00Z'));
    expect(moved.ok).toBe(true);
    if (!moved.ok) return;
    expect(moved.value.series.exdates).toEqual(['2026-11-23']);
    expect(moved.value.moved).toEqual({
      kind: 'once',
      instant: new Date('2026-11-23T10:30:00Z'),
      zone: 'Europe/Paris',
      local: '2026-11-23T11:30',
    });
  });

  it('splits "this and following", sharing COUNT between the halves', () => {
    const w = series('every day at 9am 5 times');
    const split = splitSeries(w, new Date('2026-11-24T08:00:00Z'));
    expect(split.ok).toBe(true);
    if (!split.ok || !split.value.before) return;
    expect(iso(nextOccurrences(split.value.before, 10))).toEqual([
      '2026-11-22T08:00:00.000Z',
      '2026-11-23T08:00:00.000Z',
    ]);
    expect(split.value.after.rrule).toBe('FREQ=DAILY;COUNT=3');
    expect(iso(nextOccurrences(split.value.after, 10))).toEqual([
      '2026-11-24T08:00:00.000Z',
      '2026-11-25T08:00:00.000Z',
      '2026-11-26T08:00:00.000Z',
    ]);
    const atStart = splitSeries(w, w.instant);
    expect(atStart.ok && atStart.value.before).toBeNull();
  });
});

describe('series starting on a date that does not exist', () => {
  it('refuses "2027-02-29 monthly noon" with a clear error instead of throwing (found by the fast-check property)', () => {
    const r = parseWhen('2027-02-29 monthly noon', { now: NOW, zone: 'UTC' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('UNPARSEABLE_TIME');
      expect(r.error.message).toBe('"2027-02-29" is not a real date.');
    }
  });
});
