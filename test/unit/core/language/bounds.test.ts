import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_AHEAD_MS,
  type ParseResult,
  parseReschedule,
  parseWhen,
} from '../../../../src/core/language/index.js';

/** Saturday 21 November 2026, 10:00 UTC. */
const NOW = new Date('2026-11-21T10:00:00Z');
const ctx = { now: NOW, zone: 'UTC' };
const DAY = 86_400_000;

function refusal(r: ParseResult) {
  if (r.ok) throw new Error(`expected a refusal, got ${r.value.instant.toISOString()}`);
  return r.error;
}

function instantOf(r: ParseResult): string {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value.instant.toISOString();
}

describe('the five-year bound', () => {
  it('is one constant: five 366-day years', () => {
    expect(MAX_AHEAD_MS).toBe(5 * 366 * DAY);
  });

  it('refuses a one-off post beyond it, naming the date it came to and the limit', () => {
    const e = refusal(parseWhen('in 6 years', ctx));
    expect(e.code).toBe('TIME_OUT_OF_RANGE');
    expect(e.message).toBe(
      '"in 6 years" comes to Sun 21 Nov 2032 10:00 UTC, more than 5 years ahead; Herald schedules at most 5 years ahead.',
    );
    expect(e.understood).toBe('Sun 21 Nov 2032 10:00 UTC');
    expect(parseWhen(e.hint, ctx).ok).toBe(true);
  });

  it('refuses absolute and ISO dates beyond it, in the zone of the phrase', () => {
    const e = refusal(parseWhen('2032-01-01 09:00 tz:Europe/Paris', ctx));
    expect(e.code).toBe('TIME_OUT_OF_RANGE');
    expect(e.message).toContain('comes to Thu 1 Jan 2032 09:00 CET');
    expect(refusal(parseWhen('9999-12-31T23:00Z', ctx)).code).toBe('TIME_OUT_OF_RANGE');
  });

  it('accepts "in 5 years" and a date just inside', () => {
    expect(instantOf(parseWhen('in 5 years', ctx))).toBe('2031-11-21T10:00:00.000Z');
    expect(instantOf(parseWhen('2031-11-21 09:00', ctx))).toBe('2031-11-21T09:00:00.000Z');
  });

  it('refuses a series whose first occurrence is beyond it, with a series that works as the hint', () => {
    const e = refusal(parseWhen('every day starting 2032-06-01 at 9am', ctx));
    expect(e.code).toBe('TIME_OUT_OF_RANGE');
    expect(e.message).toContain('first comes to Tue 1 Jun 2032 09:00 UTC');
    expect(parseWhen(e.hint, ctx)).toMatchObject({ ok: true, value: { kind: 'recurring' } });
    const raw = refusal(parseWhen('DTSTART:20330101T090000Z RRULE:FREQ=DAILY', ctx));
    expect(raw.code).toBe('TIME_OUT_OF_RANGE');
  });

  it('refuses a random: draw that chains past it', () => {
    const lastScheduledAt = new Date(NOW.getTime() + MAX_AHEAD_MS - 60_000);
    const e = refusal(parseWhen('random:10m-20m', { ...ctx, lastScheduledAt }));
    expect(e.code).toBe('TIME_OUT_OF_RANGE');
    expect(e.message).toContain('more than 5 years ahead');
    expect(parseWhen(e.hint, { ...ctx, lastScheduledAt }).ok).toBe(true);
    const farOff = new Date('9999-12-31T00:00:00Z');
    expect(refusal(parseWhen('random:10m-20m', { ...ctx, lastScheduledAt: farOff })).code).toBe(
      'TIME_OUT_OF_RANGE',
    );
  });

  it('refuses a reschedule delta that moves the post past it', () => {
    const current = new Date('2031-11-25T09:30:00Z');
    const e = refusal(parseReschedule('+1h', { ...ctx, current }));
    expect(e.code).toBe('TIME_OUT_OF_RANGE');
    expect(e.message).toBe(
      '"+1h" comes to Tue 25 Nov 2031 10:30 UTC, more than 5 years ahead; Herald schedules at most 5 years ahead.',
    );
    expect(instantOf(parseReschedule('+15m', { ...ctx, current }))).toBe('2031-11-25T09:45:00.000Z');
  });
});

describe('times no calendar can hold', () => {
  it('are refused as out of range instead of throwing', () => {
    for (const text of ['in 99999999999 years', `in ${'9'.repeat(400)} seconds`, '99999999999d']) {
      const e = refusal(parseWhen(text, ctx));
      expect(e.code).toBe('TIME_OUT_OF_RANGE');
      expect(e.message).toContain('at most 5 years ahead');
      expect(parseWhen(e.hint, ctx).ok).toBe(true);
    }
  });

  it('are refused as out of range when rescheduling, in either direction, never turned into epoch', () => {
    const current = new Date('2026-12-01T09:00:00Z');
    for (const text of ['+99999999999d', '-99999999999d', '+99999999999999999999999h', '-9999999y']) {
      expect(refusal(parseReschedule(text, { ...ctx, current })).code).toBe('TIME_OUT_OF_RANGE');
    }
  });
});

describe('a span of zero', () => {
  it('is refused as no change when rescheduling', () => {
    const current = new Date('2026-12-01T09:00:00Z');
    for (const text of ['+0h', '-0m', '+0d', '+0h0m']) {
      const e = refusal(parseReschedule(text, { ...ctx, current }));
      expect(e).toMatchObject({
        code: 'UNPARSEABLE_TIME',
        message: `"${text}" does not move the post.`,
        hint: '+1h',
      });
    }
    expect(instantOf(parseReschedule('+1h', { ...ctx, current }))).toBe('2026-12-01T10:00:00.000Z');
  });

  it('is refused for a new post too, rather than read as "now"', () => {
    for (const text of ['in 0h', 'in 0 minutes', '0m']) {
      const e = refusal(parseWhen(text, ctx));
      expect(e).toMatchObject({
        code: 'UNPARSEABLE_TIME',
        message: `"${text}" does not move the post.`,
        hint: '+1h',
      });
    }
  });
});

const UNITS = [
  's',
  'm',
  'h',
  'd',
  'w',
  'mo',
  'y',
  'seconds',
  'minutes',
  'hours',
  'days',
  'weeks',
  'months',
  'years',
];
const digits = fc.stringMatching(/^[0-9]{1,40}$/);
const spanPhrases = fc.oneof(
  fc.tuple(fc.constantFrom('+', '-'), digits, fc.constantFrom(...UNITS)).map(([s, d, u]) => `${s}${d}${u}`),
  fc.tuple(digits, fc.constantFrom(...UNITS)).map(([d, u]) => `in ${d} ${u}`),
  fc.tuple(digits, fc.constantFrom(...UNITS)).map(([d, u]) => `${d}${u}`),
  fc.tuple(digits, fc.constantFrom(...UNITS)).map(([d, u]) => `in ${d} ${u} every day`),
  fc.tuple(digits, digits, digits).map(([y, m, d]) => `${y}-${m}-${d} 9am`),
);
const anyText = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  spanPhrases,
);
const zones = fc.constantFrom(
  'UTC',
  'Europe/Paris',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'America/New_York',
);
const currents = fc.date({ min: NOW, max: new Date(NOW.getTime() + MAX_AHEAD_MS), noInvalidDate: true });
const defaultTimes = fc.option(
  fc.record({ hour: fc.integer({ min: 0, max: 23 }), minute: fc.integer({ min: 0, max: 59 }) }),
  {
    nil: undefined,
  },
);

describe('every accepted phrase', () => {
  it('is a valid instant between now and the bound, and nothing throws', () => {
    fc.assert(
      fc.property(anyText, zones, currents, defaultTimes, (text, zone, current, defaultTime) => {
        const base = defaultTime ? { now: NOW, zone, defaultTime } : { now: NOW, zone };
        for (const r of [parseWhen(text, base), parseReschedule(text, { ...base, current })]) {
          if (!r.ok) {
            expect(r.error.hint.length).toBeGreaterThan(0);
            continue;
          }
          const at = r.value.instant.getTime();
          expect(Number.isNaN(at)).toBe(false);
          expect(at).toBeGreaterThanOrEqual(NOW.getTime() - 1000);
          expect(at).toBeLessThanOrEqual(NOW.getTime() + MAX_AHEAD_MS);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
