import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../../src/core/errors.js';
import { type ParseResult, parseReschedule, parseWhen } from '../../../../src/core/language/index.js';

/** Saturday 21 November 2026, 10:00 UTC. */
const NOW = new Date('2026-11-21T10:00:00Z');
const ctx = { now: NOW, zone: 'UTC' };

function refusal(r: ParseResult) {
  if (r.ok) throw new Error(`expected a refusal, got ${r.value.instant.toISOString()}`);
  return r.error;
}

describe('impossible calendar dates', () => {
  const impossible = [
    '2026-02-30',
    '2026-02-30 9am',
    'Feb 30 9am',
    '2027-02-29',
    '2027-02-29 09:00',
    '2026-04-31',
  ];

  it('are refused as not real, with an absolute date that works as the hint', () => {
    for (const text of impossible) {
      const e = refusal(parseWhen(text, ctx));
      expect(e.code).toBe('UNPARSEABLE_TIME');
      expect(e.message).toMatch(new RegExp(`^"${text.toLowerCase()}" is not a real date`));
      expect(e.hint).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
      expect(parseWhen(e.hint, ctx).ok).toBe(true);
    }
  });

  it('are refused even when a default posting time could complete them', () => {
    for (const text of impossible) {
      const e = refusal(parseWhen(text, { ...ctx, defaultTime: { hour: 9, minute: 0 } }));
      expect(e.message).toContain('is not a real date');
    }
  });

  it('leave real leap days alone', () => {
    const leap = parseWhen('2028-02-29 9am', ctx);
    expect(leap.ok && leap.value.instant.toISOString()).toBe('2028-02-29T09:00:00.000Z');
    const yearless = parseWhen('feb 29 9am', ctx);
    expect(yearless.ok && yearless.value.instant.toISOString()).toBe('2028-02-29T09:00:00.000Z');
    const dateOnly = parseWhen('2028-02-29', { ...ctx, defaultTime: { hour: 9, minute: 0 } });
    expect(dateOnly.ok && dateOnly.value.instant.toISOString()).toBe('2028-02-29T09:00:00.000Z');
    expect(refusal(parseWhen('feb 29', ctx)).message).toBe(
      'I understood the date Tue 29 Feb 2028 but no time of day.',
    );
  });
});

describe('every parse failure answers HTTP 422', () => {
  it('reads nothing from empty, blank, "NaN", "null" or a 10,000-character phrase', () => {
    for (const text of [
      '',
      '   ',
      '\t\n',
      'NaN',
      'null',
      'x'.repeat(10_000),
      `tomorrow 9am ${'a'.repeat(10_000)}`,
    ]) {
      expect(refusal(parseWhen(text, ctx)).code).toBe('UNPARSEABLE_TIME');
    }
    expect(refusal(parseWhen('x'.repeat(10_000), ctx)).message).toBe(
      'The time phrase is 10000 characters long; the limit is 500.',
    );
  });

  it('gives the 422 codes for what used to be request errors', () => {
    const cases: [string, string][] = [
      ['2026-12-01T09:00:00+02:00[Europe/Paris]', 'UNPARSEABLE_TIME'],
      ['tomorrow 9am Europe/Paris tz:Asia/Tokyo', 'UNPARSEABLE_TIME'],
      ['tomorrow 9am every weekday at 10am', 'UNPARSEABLE_TIME'],
      ['tomorrow every day at 9am starting dec 1', 'UNPARSEABLE_TIME'],
      ['every day at 9am 10 times until 2027-01-01', 'UNPARSEABLE_TIME'],
      ['every day at 9am 0 times', 'UNPARSEABLE_TIME'],
      ['every day at 9am until 2026-11-01', 'UNPARSEABLE_TIME'],
      ['RRULE:FREQ=HOURLY', 'UNPARSEABLE_TIME'],
      ['RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;BYHOUR=9', 'UNPARSEABLE_TIME'],
      ['random:10s-1m', 'UNPARSEABLE_TIME'],
      ['random:20m-10m', 'UNPARSEABLE_TIME'],
      ['random:1d-31d', 'TIME_OUT_OF_RANGE'],
      ['in 20 years', 'TIME_OUT_OF_RANGE'],
      ['tomorrow 9am to 5pm', 'UNPARSEABLE_TIME'],
    ];
    for (const [text, code] of cases) {
      const e = refusal(parseWhen(text, ctx));
      expect([text, e.code]).toEqual([text, code]);
      expect(ERROR_CODES[e.code].status).toBe(422);
    }
  });

  it('refuses a broken context with a 422 code too', () => {
    expect(refusal(parseWhen('tomorrow 9am', { now: new Date(Number.NaN), zone: 'UTC' })).code).toBe(
      'UNPARSEABLE_TIME',
    );
    const current = new Date(Number.NaN);
    expect(refusal(parseReschedule('+1h', { ...ctx, current })).code).toBe('UNPARSEABLE_TIME');
  });

  it('whatever the input', () => {
    const words = fc.constantFrom(
      'every',
      'day',
      'at',
      '9am',
      'random:1s-99d',
      'tz:',
      'RRULE:FREQ=MINUTELY',
      '+0h',
      'to',
      '5pm',
    );
    const text = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.array(words, { maxLength: 6 }).map((w) => w.join(' ')),
    );
    fc.assert(
      fc.property(text, (t) => {
        const r = parseWhen(t, ctx);
        if (!r.ok) expect(ERROR_CODES[r.error.code].status).toBe(422);
      }),
      { numRuns: 500 },
    );
  });
});
