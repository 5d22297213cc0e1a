import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  interpret,
  nextOccurrences,
  parseReschedule,
  parseWhen,
  splitTrailingWhen,
} from '../../../../src/core/language/index.js';

/**
 * Robustness: whatever a chat user types, parsing returns a result (never throws) and does so
 * quickly enough to run on every keystroke of a slash command.
 */

const NOW = new Date('2026-11-21T10:00:00Z');
const ZONES = [
  'UTC',
  'America/New_York',
  'Australia/Sydney',
  'Asia/Kathmandu',
  'Europe/London',
  'Nowhere/Bogus',
];

/** Words of the language, recombined at random to reach the deeper code paths. */
const WORDS = [
  'every',
  'each',
  'day',
  'weekday',
  'weekend',
  'mon,wed,fri',
  'tuesday',
  'other',
  '2',
  '3',
  '31',
  '0',
  '1000',
  'weeks',
  'months',
  'monthly',
  'daily',
  'yearly',
  'on',
  'the',
  'last',
  '1st',
  '15th',
  'friday',
  'of',
  'month',
  'at',
  '9am',
  '9:30',
  '18:00',
  '24:00',
  'noon',
  'midnight',
  'tomorrow',
  'today',
  'next',
  'in',
  '45',
  'minutes',
  'until',
  '2027-01-31',
  'except',
  '2026-12-25,',
  '2027-02-29',
  'times',
  'x',
  'starting',
  'dec',
  '25',
  'feb',
  '30',
  'tz:Europe/Paris',
  'Europe/Pari',
  'EST',
  'UTC',
  'random:10m-20m',
  'random:1s-99d',
  '+1h',
  '-30m',
  '30m',
  '1d',
  'RRULE:FREQ=DAILY;BYHOUR=9',
  'RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;BYHOUR=9',
  'RRULE:FREQ=MINUTELY',
  'DTSTART;TZID=Asia/Kolkata:20270101T090000',
  '2026-12-01T09:00+01:00[Europe/Paris]',
  '01/02/2027',
  ',',
  'and',
];

const phraseLike = fc
  .array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 9 })
  .map((w) => w.join(' '));
const anyText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({
    unit: fc.constantFrom('\u0000', '\u0007', '\n', '\t', '\u202e', '\ufeff', ' ', '9', 'a', ':', '/'),
    maxLength: 200,
  }),
  phraseLike,
);

/** Best of three timings of `fn`, in ms: one GC pause must not fail the property. */
function bestOfThree(fn: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3 && best >= 5; i++) {
    const started = performance.now();
    fn();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

describe('parse robustness', () => {
  it('never throws and answers within 5 ms, whatever the input', () => {
    for (const w of WORDS) parseWhen(w, { now: NOW, zone: 'UTC' });
    fc.assert(
      fc.property(anyText, fc.constantFrom(...ZONES), (text, zone) => {
        const ms = bestOfThree(() => {
          const result = parseWhen(text, { now: NOW, zone });
          expect(typeof result.ok).toBe('boolean');
          if (!result.ok) {
            expect(result.error.message.length).toBeGreaterThan(0);
            expect(result.error.hint.length).toBeGreaterThan(0);
          }
        });
        expect(ms).toBeLessThan(5);
      }),
      { numRuns: 1500 },
    );
  });

  it('refuses 10 kB inputs quickly instead of scanning them', () => {
    const big = [
      'a'.repeat(10_240),
      'every day at 9am '.repeat(700),
      '\u0000'.repeat(10_240),
      `tomorrow 9am ${'x'.repeat(10_000)}`,
    ];
    for (const text of big) {
      const ms = bestOfThree(() => {
        const result = parseWhen(text, { now: NOW, zone: 'UTC' });
        expect(result.ok).toBe(false);
      });
      expect(ms).toBeLessThan(5);
    }
  });

  it('reschedule, split and interpret never throw either', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        parseReschedule(text, { now: NOW, zone: 'Europe/London', current: new Date('2026-12-01T09:00:00Z') });
        splitTrailingWhen(`Caption words ${text}`, { now: NOW, zone: 'Europe/London' });
        const result = parseWhen(text, { now: NOW, zone: 'America/New_York' });
        if (result.ok) {
          expect(interpret(result.value, NOW).lines.length).toBeGreaterThan(0);
          expect(nextOccurrences(result.value, 3).length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never returns an instant in the past or an invalid date', () => {
    fc.assert(
      fc.property(phraseLike, fc.constantFrom(...ZONES.slice(0, 5)), (text, zone) => {
        const result = parseWhen(text, { now: NOW, zone });
        if (!result.ok) return;
        expect(Number.isNaN(result.value.instant.getTime())).toBe(false);
        expect(result.value.instant.getTime()).toBeGreaterThanOrEqual(NOW.getTime());
      }),
      { numRuns: 1000 },
    );
  });
});

describe('bad contexts', () => {
  it('are refused, not thrown', () => {
    const bad = [
      { now: new Date(Number.NaN), zone: 'UTC' },
      { now: NOW, zone: undefined as unknown as string },
      {
        now: NOW,
        zone: 'UTC',
        random: () => {
          throw new Error('boom');
        },
      },
      { now: NOW, zone: 'UTC', lastScheduledAt: new Date(Number.NaN) },
    ];
    for (const ctx of bad) {
      expect(() => parseWhen('random:10m-20m', ctx)).not.toThrow();
      expect(() => parseWhen('tomorrow 9am', ctx)).not.toThrow();
    }
    expect(parseWhen('tomorrow 9am', bad[0]!)).toMatchObject({
      ok: false,
      error: { code: 'UNPARSEABLE_TIME' },
    });
    expect(parseWhen('tomorrow 9am', bad[1]!)).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_TIMEZONE' },
    });
    expect(parseWhen(42 as unknown as string, { now: NOW, zone: 'UTC' }).ok).toBe(false);
    const current = new Date(Number.NaN);
    expect(parseReschedule('+1h', { now: NOW, zone: 'UTC', current }).ok).toBe(false);
  });
});
