import { describe, expect, it } from 'vitest';
import { runParseCli } from '../../../src/cli/parse-cli.js';

const NOW = new Date('2026-11-21T10:00:00Z');

function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runParseCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s) }, NOW);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('herald parse', () => {
  it('prints the interpretation of a once-off phrase and exits 0', () => {
    const r = run('tomorrow 9am', '--tz', 'Europe/Paris');
    expect(r.code).toBe(0);
    expect(r.out).toBe('Sun 22 Nov 2026 09:00 CET (Europe/Paris)\n2026-11-22 08:00 UTC · in 22 hours');
    expect(r.err).toBe('');
  });

  it('defaults to UTC and accepts the phrase as several words', () => {
    const r = run('tomorrow', '9am');
    expect(r.out.split('\n')[0]).toBe('Sun 22 Nov 2026 09:00 UTC (UTC)');
  });

  it('lists --count occurrences of a series', () => {
    const r = run('every weekday at 9:30', '--tz', 'Asia/Kolkata', '--count', '5');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Repeats every weekday (Monday to Friday) at 09:30 (Asia/Kolkata)');
    expect(r.out).toContain('Next 5:');
    expect(r.out).toContain('  Fri 27 Nov 2026 09:30 IST · 2026-11-27 04:00 UTC');
  });

  it('prints JSON for a series', () => {
    const r = run('tomorrow 9am Europe/Paris every weekday', '--json', '--count', '2');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      ok: true,
      kind: 'recurring',
      instant: '2026-11-23T08:00:00Z',
      zone: 'Europe/Paris',
      local: '2026-11-23T09:00',
      rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
      exdates: [],
      occurrences: ['2026-11-23T08:00:00Z', '2026-11-24T08:00:00Z'],
      warnings: [
        'This series crosses a daylight-saving change on Sun 28 Mar 2027 (CET → CEST): it stays at 09:00 local time, which is 08:00 UTC before and 07:00 UTC after.',
      ],
    });
  });

  it('prints JSON for a once-off post with a null rrule', () => {
    const parsed = JSON.parse(run('2026-12-01 09:00', '--tz', 'America/New_York', '--json').out);
    expect(parsed).toMatchObject({
      ok: true,
      kind: 'once',
      instant: '2026-12-01T14:00:00Z',
      local: '2026-12-01T09:00',
      rrule: null,
      occurrences: ['2026-12-01T14:00:00Z'],
    });
  });

  it('uses --now as the reference time', () => {
    const parsed = JSON.parse(run('in 45 minutes', '--now', '2027-03-14T06:30:00Z', '--json').out);
    expect(parsed.instant).toBe('2027-03-14T07:15:00Z');
    const text = run('tomorrow 9am', '--now', '2026-12-31T23:30:00-05:00', '--tz', 'America/New_York');
    expect(text.out.split('\n')[0]).toBe('Fri 1 Jan 2027 09:00 EST (America/New_York)');
  });

  it('refuses with exit 1, the code, the message and a hint that works', () => {
    const r = run('yesterday 9am');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^Error \(TIME_IN_PAST\): Fri 20 Nov 2026 09:00 UTC/);
    expect(r.err).toContain('\nTry: tomorrow 09:00');
    expect(run('tomorrow 09:00').code).toBe(0);
  });

  it('refuses in JSON with the same fields', () => {
    const r = run('tomorrow 9am', '--tz', 'Europe/Pari', '--json');
    expect(r.code).toBe(1);
    const parsed = JSON.parse(r.out);
    expect(parsed.ok).toBe(false);
    expect(parsed.error).toMatchObject({ code: 'UNKNOWN_TIMEZONE', hint: 'tomorrow 9am tz:Europe/Paris' });
    expect(parsed.error.message).toContain('Europe/Paris');
  });

  it('reports usage mistakes with exit 2', () => {
    expect(run().code).toBe(2);
    expect(run('tomorrow', '--now', 'yesterday').err).toContain('--now needs an ISO 8601 time');
    expect(run('tomorrow', '--now', '2026-11-21T10:00:00').code).toBe(2);
    expect(run('tomorrow', '--count', '0').code).toBe(2);
    expect(run('tomorrow', '--bogus').code).toBe(2);
  });

  it('schedules a date with no time at --default-time, and says so', () => {
    const r = run('tomorrow', '--tz', 'Europe/Paris', '--default-time', '09:00');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')).toEqual([
      'Sun 22 Nov 2026 09:00 CET (Europe/Paris)',
      '2026-11-22 08:00 UTC · in 22 hours',
      'No time of day was given, so the default posting time 09:00 was used; add one to choose, e.g. "at 18:00".',
    ]);
    const json = JSON.parse(run('every weekday', '--default-time', '7:30', '--json').out);
    expect(json).toMatchObject({ ok: true, instant: '2026-11-23T07:30:00Z', defaultTime: true });
    expect(run('tomorrow').code).toBe(1);
  });

  it('refuses a --default-time that is not HH:MM with exit 2', () => {
    for (const bad of ['25:00', '9am', '09:60', '']) {
      const r = run('tomorrow', '--default-time', bad);
      expect(r.code).toBe(2);
      expect(r.err).toContain('--default-time needs a 24-hour time HH:MM');
    }
  });

  it('prints help', () => {
    const r = run('--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: herald parse');
  });
});
