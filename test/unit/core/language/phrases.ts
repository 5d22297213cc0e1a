import type { ParseErrorCode } from '../../../../src/core/language/index.js';

/**
 * The phrase table: every form of the scheduling language with its expected instant(s), in many zones —
 * southern hemisphere (Australia/Sydney, America/Sao_Paulo), half/quarter-hour offsets
 * (Asia/Kolkata, Asia/Kathmandu) — and the DST edges of America/New_York and Europe/London
 * in 2026 and 2027. Expected values were worked out by hand and checked against Python's
 * zoneinfo, never produced by the code under test. Shared by the tests and the parse bench.
 */

/** Saturday 21 November 2026, 10:00 UTC: the default reference time. */
export const NOW = '2026-11-21T10:00:00.000Z';

export type Expectation =
  | { kind: 'once'; instant: string; zone?: string; local?: string }
  | { kind: 'recurring'; occurrences: string[]; zone?: string; rrule?: string; complete?: boolean }
  | { kind: 'error'; code: ParseErrorCode };

export interface PhraseCase {
  text: string;
  /** The context zone (account/workspace default). */
  zone: string;
  now: string;
  /** Set for reschedule phrases: the post's current scheduled instant. */
  current?: string;
  lastScheduledAt?: string;
  random?: number;
  expect: Expectation;
}

type Extra = Partial<Pick<PhraseCase, 'now' | 'current' | 'lastScheduledAt' | 'random'>> & {
  zone?: string;
  local?: string;
  rrule?: string;
  complete?: boolean;
};

const iso = (s: string): string => new Date(s.endsWith('Z') ? s : `${s}Z`).toISOString();

function once(text: string, zone: string, instant: string, extra: Extra = {}): PhraseCase {
  const { zone: expectZone, local, rrule: _r, complete: _c, ...rest } = extra;
  const expect: Expectation = { kind: 'once', instant: iso(instant) };
  if (expectZone) expect.zone = expectZone;
  if (local) expect.local = local;
  return { text, zone, now: NOW, ...rest, expect };
}

function series(text: string, zone: string, occurrences: string[], extra: Extra = {}): PhraseCase {
  const { zone: expectZone, local: _l, rrule, complete, ...rest } = extra;
  const expect: Expectation = { kind: 'recurring', occurrences: occurrences.map(iso) };
  if (expectZone) expect.zone = expectZone;
  if (rrule) expect.rrule = rrule;
  if (complete) expect.complete = true;
  return { text, zone, now: NOW, ...rest, expect };
}

function fails(text: string, zone: string, code: ParseErrorCode, extra: Extra = {}): PhraseCase {
  const { zone: _z, local: _l, rrule: _r, complete: _c, ...rest } = extra;
  return { text, zone, now: NOW, ...rest, expect: { kind: 'error', code } };
}

const NY = 'America/New_York';
const LON = 'Europe/London';
const PAR = 'Europe/Paris';
const SYD = 'Australia/Sydney';
const KOL = 'Asia/Kolkata';
const KTM = 'Asia/Kathmandu';
const SAO = 'America/Sao_Paulo';
const LA = 'America/Los_Angeles';
const TYO = 'Asia/Tokyo';
const UTC = 'UTC';

const absolute: PhraseCase[] = [
  once('2026-12-01 09:00', UTC, '2026-12-01T09:00', { local: '2026-12-01T09:00' }),
  once('2026-12-01 09:00', NY, '2026-12-01T14:00'),
  once('2026-12-01 09:00', PAR, '2026-12-01T08:00'),
  once('2026-12-01 09:00', SYD, '2026-11-30T22:00'),
  once('2026-12-01 09:00', KOL, '2026-12-01T03:30'),
  once('2026-12-01 09:00', KTM, '2026-12-01T03:15'),
  once('2026-12-01 09:00', SAO, '2026-12-01T12:00'),
  once('2026-12-01 09:00', LON, '2026-12-01T09:00'),
  once('2026-12-01T09:00', NY, '2026-12-01T14:00'),
  once('2026-12-01 9am', KOL, '2026-12-01T03:30'),
  once('2026-12-01 at 18:30', SYD, '2026-12-01T07:30'),
  once('2027-07-15 09:00', LON, '2027-07-15T08:00'),
  once('2027-07-15 09:00', SYD, '2027-07-14T23:00'),
  once('2027-07-15 09:00', NY, '2027-07-15T13:00'),
  once('2027-07-15 09:00', SAO, '2027-07-15T12:00'),
  once('9am 2026-12-24', PAR, '2026-12-24T08:00'),
  once('2026-12-01 09:00:30', UTC, '2026-12-01T09:00:30', { local: '2026-12-01T09:00:30' }),
  once('25/12/2026 9am', UTC, '2026-12-25T09:00'),
  once('12/25/2026 9am', NY, '2026-12-25T14:00'),
  once('Dec 1 9am', UTC, '2026-12-01T09:00'),
  once('Dec 1 9am', NY, '2026-12-01T14:00'),
  once('Dec 1 9am', SYD, '2026-11-30T22:00'),
  once('Dec 1 9am', KTM, '2026-12-01T03:15'),
  once('December 1st 2026 at 5pm', PAR, '2026-12-01T16:00'),
  once('1 Dec 17:00', LON, '2026-12-01T17:00'),
  once('Jan 15 10:30', NY, '2027-01-15T15:30'),
  once('Dec 1st, 2026 at 9:15 pm', KOL, '2026-12-01T15:45'),
  once('Fri Dec 25 9am', LA, '2026-12-25T17:00'),
  fails('Mon Dec 25 9am', LA, 'UNPARSEABLE_TIME'),
  fails('monday tomorrow 9am', UTC, 'UNPARSEABLE_TIME'),
  fails('Nov 20 9am', UTC, 'TIME_IN_PAST'),
  once('Jun 1 9am', SAO, '2027-06-01T12:00'),
  once('Feb 29 9am', UTC, '2028-02-29T09:00'),
  fails('Feb 30 9am', UTC, 'UNPARSEABLE_TIME'),
];

const isoForms: PhraseCase[] = [
  once('2026-12-01T09:00:00+01:00', NY, '2026-12-01T08:00', { zone: NY, local: '2026-12-01T03:00' }),
  once('2026-12-01T08:00:00Z', SYD, '2026-12-01T08:00', { zone: SYD, local: '2026-12-01T19:00' }),
  once('2026-12-01T09:00:00-05:00', UTC, '2026-12-01T14:00'),
  once('2026-12-01T09:00+05:45', UTC, '2026-12-01T03:15'),
  once('2026-12-01T09:00+0530', UTC, '2026-12-01T03:30'),
  once('2026-12-01T09:00:00+01:00[Europe/Paris]', NY, '2026-12-01T08:00', {
    zone: PAR,
    local: '2026-12-01T09:00',
  }),
  once('2026-12-01T09:00[Asia/Kolkata]', UTC, '2026-12-01T03:30', { zone: KOL }),
  fails('2026-12-01T09:00:00+02:00[Europe/Paris]', UTC, 'UNPARSEABLE_TIME'),
  once('20261201T090000Z', UTC, '2026-12-01T09:00'),
  once('2026-12-01T09:00:00.250Z', UTC, '2026-12-01T09:00'),
  once('2027-07-01T09:00:00+10:00[Australia/Sydney]', UTC, '2027-06-30T23:00', { zone: SYD }),
];

const durations: PhraseCase[] = [
  once('30m', UTC, '2026-11-21T10:30'),
  once('2h', NY, '2026-11-21T12:00', { zone: NY, local: '2026-11-21T07:00' }),
  once('1d', UTC, '2026-11-22T10:00'),
  once('10s', PAR, '2026-11-21T10:00:10'),
  once('in 45 minutes', KTM, '2026-11-21T10:45'),
  once('1h30m', UTC, '2026-11-21T11:30'),
  once('in 2 hours', KOL, '2026-11-21T12:00'),
  once('in an hour', UTC, '2026-11-21T11:00'),
  once('in half an hour', UTC, '2026-11-21T10:30'),
  once('2 hours from now', UTC, '2026-11-21T12:00'),
  once('in 3 days', NY, '2026-11-24T10:00'),
  once('1w', SYD, '2026-11-28T10:00'),
  once('in 1 hour and 30 minutes', UTC, '2026-11-21T11:30'),
  once('+1h', UTC, '2026-11-21T11:00'),
  once('90s', UTC, '2026-11-21T10:01:30'),
  once('1d', NY, '2026-03-08T14:00', { now: '2026-03-07T15:00:00Z' }),
  once('24h', NY, '2026-03-08T15:00', { now: '2026-03-07T15:00:00Z' }),
  once('1d', NY, '2026-11-01T15:00', { now: '2026-10-31T14:00:00Z' }),
  once('24h', NY, '2026-11-01T14:00', { now: '2026-10-31T14:00:00Z' }),
  once('1d', LON, '2026-03-29T09:00', { now: '2026-03-28T10:00:00Z' }),
  once('in 2 days', LON, '2027-11-01T13:00', { now: '2027-10-30T12:00:00Z' }),
];

const relative: PhraseCase[] = [
  once('tomorrow 9am', UTC, '2026-11-22T09:00'),
  once('tomorrow 9am', NY, '2026-11-22T14:00'),
  once('tomorrow 9am', SYD, '2026-11-21T22:00', { local: '2026-11-22T09:00' }),
  once('tomorrow 9am', KOL, '2026-11-22T03:30'),
  once('tomorrow 9am', KTM, '2026-11-22T03:15'),
  once('tomorrow 9am', SAO, '2026-11-22T12:00'),
  once('tomorrow 9am', LA, '2026-11-22T17:00'),
  once('tomorrow 9am', TYO, '2026-11-22T00:00'),
  once('tomorrow at 9:30', LON, '2026-11-22T09:30'),
  once('9am tomorrow', PAR, '2026-11-22T08:00'),
  once('today 6pm', PAR, '2026-11-21T17:00'),
  once('today 6pm', NY, '2026-11-21T23:00'),
  fails('today 9am', UTC, 'TIME_IN_PAST'),
  once('next friday at noon', UTC, '2026-11-27T12:00'),
  once('next friday at noon', NY, '2026-11-27T17:00'),
  once('next friday at noon', SYD, '2026-11-27T01:00'),
  once('next friday at noon', KOL, '2026-11-27T06:30'),
  once('friday 9am', UTC, '2026-11-27T09:00'),
  once('monday at 10:00', NY, '2026-11-23T15:00'),
  once('saturday 9am', UTC, '2026-11-28T09:00'),
  once('saturday 11am', UTC, '2026-11-21T11:00'),
  once('the day after tomorrow at 8am', UTC, '2026-11-23T08:00'),
  once('9am', UTC, '2026-11-22T09:00'),
  once('9pm', UTC, '2026-11-21T21:00'),
  once('9am', NY, '2026-11-21T14:00'),
  once('noon', PAR, '2026-11-21T11:00'),
  once('midnight', UTC, '2026-11-22T00:00'),
  once('at 18:00', KOL, '2026-11-21T12:30'),
  fails('yesterday 9am', UTC, 'TIME_IN_PAST'),
  once('next monday 8:30am', KTM, '2026-11-23T02:45'),
  once('on friday at 5pm', SAO, '2026-11-27T20:00'),
  once('tomorrow 9am', SYD, '2026-10-03T22:00', { now: '2026-10-03T12:00:00Z' }),
];

/** Chrono phrases at moments when the zone's date differs from UTC's and Los Angeles's. */
const processZoneTraps: PhraseCase[] = [
  once('the day after tomorrow at 8am', SYD, '2026-11-23T21:00', { now: '2026-11-21T20:00:00Z' }),
  once('tonight at 9', TYO, '2026-11-23T12:00', { now: '2026-11-22T16:00:00Z' }),
  once('next monday 9am', KOL, '2026-11-30T03:30', { now: '2026-11-22T20:00:00Z' }),
  once('the day after tomorrow at 8am', LA, '2026-11-22T16:00', { now: '2026-11-21T05:00:00Z' }),
  once('friday at noon', KTM, '2026-11-27T06:15', { now: '2026-11-20T20:00:00Z' }),
];

const random: PhraseCase[] = [
  once('random:10m-20m', UTC, '2026-11-21T10:15'),
  once('random:10m-20m', UTC, '2026-11-21T10:10', { random: 0 }),
  once('random:10m-20m', UTC, '2026-11-21T10:20', { random: 0.9999999 }),
  once('random:1h-2h', UTC, '2026-11-21T13:30', { lastScheduledAt: '2026-11-21T12:00:00Z', random: 0.5 }),
  once('random:30s-30s', UTC, '2026-11-21T10:00:30', { lastScheduledAt: '2026-11-21T08:00:00Z' }),
  fails('random:10s-1m', UTC, 'UNPARSEABLE_TIME'),
  fails('random:1d-31d', UTC, 'TIME_OUT_OF_RANGE'),
  fails('random:20m-10m', UTC, 'UNPARSEABLE_TIME'),
  once('random:30d-30d', UTC, '2026-12-21T10:00'),
  once('random:10-20m', UTC, '2026-11-21T10:15'),
  once('random:10m-20m tz:Asia/Kolkata', UTC, '2026-11-21T10:15', { zone: KOL, local: '2026-11-21T15:45' }),
  fails('random:', UTC, 'UNPARSEABLE_TIME'),
];

const recurring: PhraseCase[] = [
  series('every day at 9am', UTC, ['2026-11-22T09:00', '2026-11-23T09:00', '2026-11-24T09:00'], {
    rrule: 'FREQ=DAILY',
  }),
  series('every day at 9am', NY, ['2026-11-21T14:00', '2026-11-22T14:00', '2026-11-23T14:00']),
  series('every day at 9am', SYD, ['2026-11-21T22:00', '2026-11-22T22:00', '2026-11-23T22:00']),
  series('every day at 9am', KTM, ['2026-11-22T03:15', '2026-11-23T03:15', '2026-11-24T03:15']),
  series('every weekday at 9:30', UTC, ['2026-11-23T09:30', '2026-11-24T09:30', '2026-11-25T09:30'], {
    rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
  }),
  series('every weekday at 9:30', KOL, ['2026-11-23T04:00', '2026-11-24T04:00', '2026-11-25T04:00']),
  series('every weekday at 9:30', SAO, ['2026-11-23T12:30', '2026-11-24T12:30', '2026-11-25T12:30']),
  series('every mon,wed,fri at 18:00', PAR, ['2026-11-23T17:00', '2026-11-25T17:00', '2026-11-27T17:00'], {
    rrule: 'FREQ=WEEKLY;BYDAY=MO,WE,FR',
  }),
  series('every mon, wed and fri at 18:00', SYD, [
    '2026-11-23T07:00',
    '2026-11-25T07:00',
    '2026-11-27T07:00',
  ]),
  series(
    'every 2 weeks on tuesday at 10am',
    UTC,
    ['2026-11-24T10:00', '2026-12-08T10:00', '2026-12-22T10:00'],
    {
      rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU',
    },
  ),
  series('every 2 weeks on tuesday at 10am', NY, [
    '2026-11-24T15:00',
    '2026-12-08T15:00',
    '2026-12-22T15:00',
  ]),
  series('monthly on the 1st at 9am', LON, ['2026-12-01T09:00', '2027-01-01T09:00', '2027-02-01T09:00'], {
    rrule: 'FREQ=MONTHLY;BYMONTHDAY=1',
  }),
  series('monthly on the 1st at 9am', SYD, ['2026-11-30T22:00', '2026-12-31T22:00', '2027-01-31T22:00']),
  series(
    'on the last friday of the month at 18:00',
    UTC,
    ['2026-11-27T18:00', '2026-12-25T18:00', '2027-01-29T18:00'],
    {
      rrule: 'FREQ=MONTHLY;BYDAY=-1FR',
    },
  ),
  series('on the last friday of the month at 18:00', KOL, [
    '2026-11-27T12:30',
    '2026-12-25T12:30',
    '2027-01-29T12:30',
  ]),
  series(
    'every day at 9am until 2026-11-25',
    UTC,
    ['2026-11-22T09:00', '2026-11-23T09:00', '2026-11-24T09:00', '2026-11-25T09:00'],
    { rrule: 'FREQ=DAILY;UNTIL=20261125T235959Z', complete: true },
  ),
  series('every day at 9am 3 times', UTC, ['2026-11-22T09:00', '2026-11-23T09:00', '2026-11-24T09:00'], {
    rrule: 'FREQ=DAILY;COUNT=3',
    complete: true,
  }),
  series(
    'RRULE:FREQ=WEEKLY;BYDAY=MO;BYHOUR=9',
    NY,
    ['2026-11-23T14:00', '2026-11-30T14:00', '2026-12-07T14:00'],
    {
      rrule: 'FREQ=WEEKLY;BYDAY=MO;BYHOUR=9',
    },
  ),
  series('every day at 9am except 2026-11-22, 2026-11-24', UTC, [
    '2026-11-23T09:00',
    '2026-11-25T09:00',
    '2026-11-26T09:00',
  ]),
  series('every weekday at 9am except 2026-11-23 and 2026-11-25', PAR, [
    '2026-11-24T08:00',
    '2026-11-26T08:00',
    '2026-11-27T08:00',
  ]),
  series('tomorrow 9am every weekday', UTC, ['2026-11-23T09:00', '2026-11-24T09:00', '2026-11-25T09:00']),
  series(
    'tomorrow 9am Europe/Paris every weekday',
    UTC,
    ['2026-11-23T08:00', '2026-11-24T08:00', '2026-11-25T08:00'],
    {
      zone: PAR,
    },
  ),
  series(
    'every weekday at 9:30 tz:Asia/Kathmandu',
    UTC,
    ['2026-11-23T03:45', '2026-11-24T03:45', '2026-11-25T03:45'],
    {
      zone: KTM,
    },
  ),
  series('every year on dec 25 at 9am', NY, ['2026-12-25T14:00', '2027-12-25T14:00', '2028-12-25T14:00'], {
    rrule: 'FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25',
  }),
  series('every other day at 7:00', UTC, ['2026-11-22T07:00', '2026-11-24T07:00', '2026-11-26T07:00']),
  series('weekly on monday and thursday at 8pm', LA, [
    '2026-11-24T04:00',
    '2026-11-27T04:00',
    '2026-12-01T04:00',
  ]),
  series('every month on the 15th at 12:00', SAO, [
    '2026-12-15T15:00',
    '2027-01-15T15:00',
    '2027-02-15T15:00',
  ]),
  series('everyday at 9am', UTC, ['2026-11-22T09:00', '2026-11-23T09:00', '2026-11-24T09:00']),
  series('every mon-fri at 9', SAO, ['2026-11-23T12:00', '2026-11-24T12:00', '2026-11-25T12:00'], {
    rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR',
  }),
  series('every fri-mon at 20:00', TYO, ['2026-11-21T11:00', '2026-11-22T11:00', '2026-11-23T11:00'], {
    rrule: 'FREQ=WEEKLY;BYDAY=FR,SA,SU,MO',
  }),
  series('daily at 6:45', KOL, ['2026-11-22T01:15', '2026-11-23T01:15', '2026-11-24T01:15']),
  series('every weekend at 11am', LON, ['2026-11-21T11:00', '2026-11-22T11:00', '2026-11-28T11:00']),
  series('every 3 months on the last day at 9am', UTC, [
    '2026-11-30T09:00',
    '2027-02-28T09:00',
    '2027-05-31T09:00',
  ]),
  series('on the first monday of every month at 9am', NY, [
    '2026-12-07T14:00',
    '2027-01-04T14:00',
    '2027-02-01T14:00',
  ]),
  series('every day at 9am starting 2026-12-01', UTC, [
    '2026-12-01T09:00',
    '2026-12-02T09:00',
    '2026-12-03T09:00',
  ]),
  series('every weekday at 9:30 2 times', UTC, ['2026-11-23T09:30', '2026-11-24T09:30'], { complete: true }),
  series('every day at 9am until nov 24', PAR, ['2026-11-22T08:00', '2026-11-23T08:00', '2026-11-24T08:00'], {
    complete: true,
  }),
  series(
    'DTSTART;TZID=America/New_York:20261201T090000 RRULE:FREQ=DAILY;COUNT=3',
    UTC,
    ['2026-12-01T14:00', '2026-12-02T14:00', '2026-12-03T14:00'],
    { zone: NY, complete: true },
  ),
  series(
    'DTSTART:20261201T090000Z RRULE:FREQ=WEEKLY;COUNT=2',
    UTC,
    ['2026-12-01T09:00', '2026-12-08T09:00'],
    {
      complete: true,
    },
  ),
  series('tomorrow 9am RRULE:FREQ=WEEKLY;BYDAY=MO,TH', UTC, [
    '2026-11-23T09:00',
    '2026-11-26T09:00',
    '2026-11-30T09:00',
  ]),
  series('RRULE:FREQ=DAILY;BYHOUR=9,17', UTC, ['2026-11-21T17:00', '2026-11-22T09:00', '2026-11-22T17:00']),
];

const dstSeries: PhraseCase[] = [
  series(
    'every day at 9am',
    NY,
    ['2026-03-06T14:00', '2026-03-07T14:00', '2026-03-08T13:00', '2026-03-09T13:00'],
    {
      now: '2026-03-06T12:00:00Z',
    },
  ),
  series('every day at 2:30am', NY, ['2026-03-07T07:30', '2026-03-08T07:30', '2026-03-09T06:30'], {
    now: '2026-03-06T12:00:00Z',
  }),
  series('every day at 1:30am', NY, ['2026-10-31T05:30', '2026-11-01T05:30', '2026-11-02T06:30'], {
    now: '2026-10-30T12:00:00Z',
  }),
  series('every day at 1:30am', LON, ['2026-03-28T01:30', '2026-03-29T01:30', '2026-03-30T00:30'], {
    now: '2026-03-27T12:00:00Z',
  }),
  series('every day at 1:30am', LON, ['2026-10-24T00:30', '2026-10-25T00:30', '2026-10-26T01:30'], {
    now: '2026-10-23T12:00:00Z',
  }),
  series('every day at 9am', SYD, ['2026-10-02T23:00', '2026-10-03T22:00', '2026-10-04T22:00'], {
    now: '2026-10-02T00:00:00Z',
  }),
  series('every sunday at 2:30am', NY, ['2027-03-07T07:30', '2027-03-14T07:30', '2027-03-21T06:30'], {
    now: '2027-03-01T12:00:00Z',
  }),
  series('every sunday at 1:30am', NY, ['2027-10-31T05:30', '2027-11-07T05:30', '2027-11-14T06:30'], {
    now: '2027-10-25T12:00:00Z',
  }),
  series('every sunday at 1:30am', LON, ['2027-03-21T01:30', '2027-03-28T01:30', '2027-04-04T00:30'], {
    now: '2027-03-15T12:00:00Z',
  }),
  series('every sunday at 1:30am', LON, ['2027-10-24T00:30', '2027-10-31T00:30', '2027-11-07T01:30'], {
    now: '2027-10-20T12:00:00Z',
  }),
];

const dstOnce: PhraseCase[] = [
  once('2026-03-08 02:30', NY, '2026-03-08T07:30', {
    now: '2026-03-01T12:00:00Z',
    local: '2026-03-08T02:30',
  }),
  once('2026-03-08 02:00', NY, '2026-03-08T07:00', { now: '2026-03-01T12:00:00Z' }),
  once('2026-03-08 03:00', NY, '2026-03-08T07:00', { now: '2026-03-01T12:00:00Z' }),
  once('2026-03-08 01:59', NY, '2026-03-08T06:59', { now: '2026-03-01T12:00:00Z' }),
  once('2026-11-01 01:30', NY, '2026-11-01T05:30', { now: '2026-10-20T12:00:00Z' }),
  once('2026-11-01 01:00', NY, '2026-11-01T05:00', { now: '2026-10-20T12:00:00Z' }),
  once('2026-11-01 02:00', NY, '2026-11-01T07:00', { now: '2026-10-20T12:00:00Z' }),
  once('2026-11-01 00:59', NY, '2026-11-01T04:59', { now: '2026-10-20T12:00:00Z' }),
  once('2027-03-14 02:30', NY, '2027-03-14T07:30', { now: '2027-03-01T12:00:00Z' }),
  once('2027-11-07 01:30', NY, '2027-11-07T05:30', { now: '2027-10-20T12:00:00Z' }),
  once('2027-11-07 01:59', NY, '2027-11-07T05:59', { now: '2027-10-20T12:00:00Z' }),
  once('2026-03-29 01:30', LON, '2026-03-29T01:30', { now: '2026-03-01T12:00:00Z' }),
  once('2026-03-29 01:00', LON, '2026-03-29T01:00', { now: '2026-03-01T12:00:00Z' }),
  once('2026-10-25 01:30', LON, '2026-10-25T00:30', { now: '2026-10-20T12:00:00Z' }),
  once('2026-10-25 01:00', LON, '2026-10-25T00:00', { now: '2026-10-20T12:00:00Z' }),
  once('2026-10-25 02:00', LON, '2026-10-25T02:00', { now: '2026-10-20T12:00:00Z' }),
  once('2027-03-28 01:30', LON, '2027-03-28T01:30', { now: '2027-03-01T12:00:00Z' }),
  once('2027-10-31 01:30', LON, '2027-10-31T00:30', { now: '2027-10-20T12:00:00Z' }),
  once('2026-10-04 02:30', SYD, '2026-10-03T16:30', { now: '2026-09-01T00:00:00Z' }),
  once('2026-04-05 02:30', SYD, '2026-04-04T15:30', { now: '2026-03-01T00:00:00Z' }),
  once('tomorrow 2:30am', NY, '2026-03-08T07:30', { now: '2026-03-07T15:00:00Z' }),
];

const CURRENT = '2026-11-25T09:00:00Z';
const reschedule: PhraseCase[] = [
  once('+1h', UTC, '2026-11-25T10:00', { current: CURRENT }),
  once('-30m', UTC, '2026-11-25T08:30', { current: CURRENT }),
  once('+1d', PAR, '2026-11-26T09:00', { current: CURRENT }),
  once('+2h30m', UTC, '2026-11-25T11:30', { current: CURRENT }),
  fails('-5d', UTC, 'TIME_IN_PAST', { current: CURRENT }),
  once('tomorrow 9am', UTC, '2026-11-22T09:00', { current: CURRENT }),
  once('+1d', NY, '2026-03-08T13:00', { current: '2026-03-07T14:00:00Z', now: '2026-03-01T00:00:00Z' }),
  once('+24h', NY, '2026-03-08T14:00', { current: '2026-03-07T14:00:00Z', now: '2026-03-01T00:00:00Z' }),
  once('+1w', KOL, '2026-12-02T09:00', { current: CURRENT }),
];

const zones: PhraseCase[] = [
  once('tomorrow 9am tz:Europe/Paris', NY, '2026-11-22T08:00', { zone: PAR }),
  once('tomorrow 9am Asia/Kolkata', UTC, '2026-11-22T03:30', { zone: KOL }),
  once('tomorrow 9am tz:asia/kathmandu', UTC, '2026-11-22T03:15', { zone: KTM }),
  once('tomorrow 9am in America/Sao_Paulo', UTC, '2026-11-22T12:00', { zone: SAO }),
  once('tomorrow 9am UTC', NY, '2026-11-22T09:00', { zone: UTC }),
  fails('tomorrow 9am Europe/Pari', UTC, 'UNKNOWN_TIMEZONE'),
  fails('tomorrow 9am tz:Mars/Olympus', UTC, 'UNKNOWN_TIMEZONE'),
  fails('tomorrow 9am EST', UTC, 'UNKNOWN_TIMEZONE'),
  fails('tomorrow 9am Europe/Paris tz:Asia/Tokyo', UTC, 'UNPARSEABLE_TIME'),
  fails('tomorrow 9am', 'Not/AZone', 'UNKNOWN_TIMEZONE'),
  once('tomorrow 9am Asia/Calcutta', UTC, '2026-11-22T03:30', { zone: 'Asia/Calcutta' }),
  once('tz:Australia/Sydney tomorrow 9am', UTC, '2026-11-21T22:00', { zone: SYD }),
  once('tomorrow 9am tz: Europe/London', NY, '2026-11-22T09:00', { zone: LON }),
];

const errors: PhraseCase[] = [
  fails('blah', UTC, 'UNPARSEABLE_TIME'),
  fails('', UTC, 'UNPARSEABLE_TIME'),
  fails('tomorrow', UTC, 'UNPARSEABLE_TIME'),
  fails('every 2 weeks on tuesday', UTC, 'UNPARSEABLE_TIME'),
  fails('2026-02-30 09:00', UTC, 'UNPARSEABLE_TIME'),
  fails('2020-01-01 09:00', UTC, 'TIME_IN_PAST'),
  fails('01/12/2026 9am', UTC, 'UNPARSEABLE_TIME'),
  fails('every day at 9am 0 times', UTC, 'UNPARSEABLE_TIME'),
  fails('RRULE:FREQ=HOURLY', UTC, 'UNPARSEABLE_TIME'),
  fails('RRULE:FREQ=BOGUS', UTC, 'UNPARSEABLE_TIME'),
  fails('every day at 9am until 2026-11-01', UTC, 'UNPARSEABLE_TIME'),
  fails('until 2027-01-31', UTC, 'UNPARSEABLE_TIME'),
  fails('-30m', UTC, 'TIME_IN_PAST'),
  fails('in 20 years', UTC, 'TIME_OUT_OF_RANGE'),
  fails('tomorrow 9am every weekday at 10am', UTC, 'UNPARSEABLE_TIME'),
  fails('every day at 9am 10 times until 2027-01-01', UTC, 'UNPARSEABLE_TIME'),
  fails('tomorrow 9am blah', UTC, 'UNPARSEABLE_TIME'),
  fails('9am EST', UTC, 'UNKNOWN_TIMEZONE'),
  fails('RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;BYHOUR=9', UTC, 'UNPARSEABLE_TIME'),
  fails('RRULE:FREQ=WEEKLY', UTC, 'UNPARSEABLE_TIME'),
  fails('DTSTART;TZID=America/New_York:19970902T090000 RRULE:FREQ=DAILY;COUNT=10', UTC, 'TIME_IN_PAST'),
  fails('weekday 9am', UTC, 'UNPARSEABLE_TIME'),
  fails('in 6 years', UTC, 'TIME_OUT_OF_RANGE'),
  fails('in 99999999999 years', UTC, 'TIME_OUT_OF_RANGE'),
  fails('every day at 9am starting 2032-06-01', UTC, 'TIME_OUT_OF_RANGE'),
  fails('+99999999999d', UTC, 'TIME_OUT_OF_RANGE', { current: CURRENT }),
  fails('+0h', UTC, 'UNPARSEABLE_TIME', { current: CURRENT }),
  fails('in 0 minutes', UTC, 'UNPARSEABLE_TIME'),
  fails('2026-02-30', UTC, 'UNPARSEABLE_TIME'),
  fails('2027-02-29', UTC, 'UNPARSEABLE_TIME'),
  once('2028-02-29 9am', UTC, '2028-02-29T09:00'),
  fails('NaN', UTC, 'UNPARSEABLE_TIME'),
];

/** All phrases, grouped by form (the names are used in test titles). */
export const PHRASE_GROUPS: Record<string, PhraseCase[]> = {
  absolute,
  isoForms,
  durations,
  relative,
  processZoneTraps,
  random,
  recurring,
  dstSeries,
  dstOnce,
  reschedule,
  zones,
  errors,
};

export const PHRASES: PhraseCase[] = Object.values(PHRASE_GROUPS).flat();
