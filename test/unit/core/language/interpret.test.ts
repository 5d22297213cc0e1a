import { describe, expect, it } from 'vitest';
import { interpret, parseWhen, type When } from '../../../../src/core/language/index.js';

const NOW = '2026-11-21T10:00:00Z';

function parsed(text: string, zone: string, now = NOW): When {
  const r = parseWhen(text, { now: new Date(now), zone });
  if (!r.ok) throw new Error(`${text}: ${r.error.message}`);
  return r.value;
}

describe('interpret: the one echo every surface shows', () => {
  it('gives local time with abbreviation, UTC and a relative time for a once-off post', () => {
    const i = interpret(parsed('tomorrow 9am', 'Europe/Paris'), new Date(NOW));
    expect(i).toMatchObject({
      kind: 'once',
      zone: 'Europe/Paris',
      zoneAbbreviation: 'CET',
      local: 'Sun 22 Nov 2026 09:00 CET',
      utc: '2026-11-22T08:00:00Z',
      relative: 'in 22 hours',
      warnings: [],
    });
    expect(i.next).toEqual([{ utc: '2026-11-22T08:00:00Z', local: 'Sun 22 Nov 2026 09:00 CET' }]);
    expect(i.lines).toEqual([
      'Sun 22 Nov 2026 09:00 CET (Europe/Paris)',
      '2026-11-22 08:00 UTC · in 22 hours',
    ]);
  });

  it('names zones by their usual abbreviation, or by offset when they have none', () => {
    const abbreviation = (zone: string) =>
      interpret(parsed('2026-12-01 09:00', zone), new Date(NOW)).zoneAbbreviation;
    expect(abbreviation('America/New_York')).toBe('EST');
    expect(abbreviation('Australia/Sydney')).toBe('AEDT');
    expect(abbreviation('Asia/Kolkata')).toBe('IST');
    expect(abbreviation('Europe/London')).toBe('GMT');
    expect(abbreviation('Asia/Kathmandu')).toBe('UTC+5:45');
    expect(abbreviation('America/Sao_Paulo')).toBe('UTC-3');
  });

  it('describes a series in words, with its next occurrences', () => {
    const i = interpret(parsed('tomorrow 9am America/New_York every weekday', 'UTC'), new Date(NOW));
    expect(i.ruleText).toBe('every weekday (Monday to Friday) at 09:00');
    expect(i.next.map((n) => n.local)).toEqual([
      'Mon 23 Nov 2026 09:00 EST',
      'Tue 24 Nov 2026 09:00 EST',
      'Wed 25 Nov 2026 09:00 EST',
    ]);
    expect(i.lines.slice(0, 3)).toEqual([
      'Repeats every weekday (Monday to Friday) at 09:00 (America/New_York)',
      'First: Mon 23 Nov 2026 09:00 EST · 2026-11-23 14:00 UTC · in 2 days 4 hours',
      'Next 3:',
    ]);
  });

  it('warns that a series crosses a DST change and keeps its local time', () => {
    const i = interpret(parsed('every day at 9am', 'America/New_York'), new Date(NOW));
    expect(i.warnings).toContain(
      'This series crosses a daylight-saving change on Sun 14 Mar 2027 (EST → EDT): it stays at 09:00 local time, which is 14:00 UTC before and 13:00 UTC after.',
    );
  });

  it('says when a series occurrence falls in a spring-forward gap', () => {
    const i = interpret(
      parsed('every day at 2:30am', 'America/New_York', '2026-03-06T12:00:00Z'),
      new Date('2026-03-06T12:00:00Z'),
    );
    expect(i.next.map((n) => n.local)).toEqual([
      'Sat 7 Mar 2026 02:30 EST',
      'Sun 8 Mar 2026 03:30 EDT',
      'Mon 9 Mar 2026 02:30 EDT',
    ]);
    expect(i.warnings[0]).toBe(
      '02:30 does not exist on Sun 8 Mar 2026 in America/New_York (clocks jump forward); it runs at Sun 8 Mar 2026 03:30 EDT.',
    );
  });

  it('says which of two fall-back times a once-off post uses', () => {
    const now = '2026-10-20T12:00:00Z';
    const i = interpret(parsed('2026-11-01 01:30', 'America/New_York', now), new Date(now));
    expect(i.local).toBe('Sun 1 Nov 2026 01:30 EDT');
    expect(i.warnings).toEqual([
      '01:30 happens twice on Sun 1 Nov 2026 in America/New_York (clocks go back); Herald uses the first one, EDT.',
    ]);
  });

  it('warns when a clock change comes before a once-off post', () => {
    const now = '2027-03-10T12:00:00Z';
    const i = interpret(parsed('in 5 days', 'America/New_York', now), new Date(now));
    expect(i.warnings).toEqual([
      'Clocks change in America/New_York on Sun 14 Mar 2027 (EST → EDT) before this post.',
    ]);
  });

  it('includes count, end date and exceptions in the rule text', () => {
    const text = 'every 2 weeks on tuesday at 10am until 2027-01-31 except 2026-12-08';
    const i = interpret(parsed(text, 'Asia/Kathmandu'), new Date(NOW));
    expect(i.ruleText).toBe('every 2 weeks on Tuesday at 10:00, until Sun 31 Jan 2027, except 2026-12-08');
    expect(i.next.map((n) => n.utc)).toEqual([
      '2026-11-24T04:15:00Z',
      '2026-12-22T04:15:00Z',
      '2027-01-05T04:15:00Z',
    ]);
    const counted = interpret(
      parsed('on the last friday of the month at 18:00 10 times', 'Australia/Sydney'),
      new Date(NOW),
    );
    expect(counted.ruleText).toBe('every month on the last Friday at 18:00, 10 times');
  });

  it('words the other rule shapes', () => {
    const words = (text: string, zone = 'UTC') => interpret(parsed(text, zone), new Date(NOW)).ruleText;
    expect(words('every mon,wed,fri at 18:00')).toBe('every Monday, Wednesday and Friday at 18:00');
    expect(words('monthly on the 1st and 15th at 9am')).toBe('every month on the 1st and 15th at 09:00');
    expect(words('every 3 months on the last day at 9am')).toBe('every 3 months on the last day at 09:00');
    expect(words('every year on dec 25 at 9am')).toBe('every year on 25 December at 09:00');
    expect(words('RRULE:FREQ=DAILY;BYHOUR=9,17')).toBe('every day at 09:00 and 17:00');
    expect(words('RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;BYHOUR=17')).toBe(
      'the rule FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;BYHOUR=17',
    );
  });

  it('lists as many next occurrences as asked, from now on', () => {
    const when = parsed('every day at 9am', 'UTC');
    expect(interpret(when, new Date(NOW), 5).next).toHaveLength(5);
    const later = interpret(when, new Date('2026-12-01T12:00:00Z'), 2);
    expect(later.next.map((n) => n.utc)).toEqual(['2026-12-02T09:00:00Z', '2026-12-03T09:00:00Z']);
    expect(later.relative).toBe('9 days ago');
  });

  it('says when the default posting time was used, and how to give a time instead', () => {
    const ctx = { now: new Date(NOW), zone: 'Europe/Paris', defaultTime: { hour: 9, minute: 0 } };
    const once = parseWhen('tomorrow', ctx);
    if (!once.ok) throw new Error(once.error.message);
    const i = interpret(once.value, new Date(NOW));
    expect(i.defaultTime).toBe('09:00');
    expect(i.lines).toEqual([
      'Sun 22 Nov 2026 09:00 CET (Europe/Paris)',
      '2026-11-22 08:00 UTC · in 22 hours',
      'No time of day was given, so the default posting time 09:00 was used; add one to choose, e.g. "at 18:00".',
    ]);
    expect(parseWhen('tomorrow at 18:00', ctx).ok).toBe(true);
    const series = parseWhen('every weekday', { ...ctx, defaultTime: { hour: 18, minute: 0 } });
    if (!series.ok) throw new Error(series.error.message);
    const lines = interpret(series.value, new Date(NOW)).lines;
    expect(lines).toContain(
      'No time of day was given, so the default posting time 18:00 was used; add one to choose, e.g. "at 09:00".',
    );
    expect(interpret(parsed('tomorrow 9am', 'Europe/Paris'), new Date(NOW)).defaultTime).toBeUndefined();
  });
});
