import { describe, expect, it } from 'vitest';
import { occurrencesAfter, occurrencesBetween } from '../../../../src/core/domain/recurrence.js';
import { formatWall, instantToWall } from '../../../../src/core/domain/time.js';

/**
 * The recurrence examples of RFC 5545 §3.8.5.3, with the DTSTARTs the RFC gives in
 * America/New_York and the dates it lists. Expected values are local wall times in New York,
 * as the RFC prints them; a few are also pinned in UTC to prove the EDT → EST change of
 * 26 Oct 1997 moves UTC, not the local clock.
 */

const NY = 'America/New_York';

interface Example {
  title: string;
  start: string;
  rrule: string;
  exdates?: string[];
  /** Expected local times, `YYYY-MM-DD` (at the start's clock time) or `YYYY-MM-DDTHH:mm`. */
  expected: string[];
  /** True when the rule is finite and `expected` is all of it. */
  complete?: boolean;
}

const at9 = (dates: string[]): string[] => dates.map((d) => (d.includes('T') ? d : `${d}T09:00`));
const days = (ym: string, list: number[]): string[] => list.map((d) => `${ym}-${String(d).padStart(2, '0')}`);
const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

const EXAMPLES: Example[] = [
  {
    title: 'daily for 10 occurrences',
    start: '1997-09-02T09:00',
    rrule: 'FREQ=DAILY;COUNT=10',
    expected: days('1997-09', range(2, 11)),
    complete: true,
  },
  {
    title: 'daily until December 24, 1997',
    start: '1997-09-02T09:00',
    rrule: 'FREQ=DAILY;UNTIL=19971224T000000Z',
    expected: [
      ...days('1997-09', range(2, 30)),
      ...days('1997-10', range(1, 31)),
      ...days('1997-11', range(1, 30)),
      ...days('1997-12', range(1, 23)),
    ],
    complete: true,
  },
  {
    title: 'every other day, forever',
    start: '1997-09-02T09:00',
    rrule: 'FREQ=DAILY;INTERVAL=2',
    expected: [
      ...days('1997-09', [2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30]),
      ...days('1997-10', [2, 4, 6]),
    ],
  },
  {
    title: 'every 10 days, 5 occurrences',
    start: '1997-09-02T09:00',
    rrule: 'FREQ=DAILY;INTERVAL=10;COUNT=5',
    expected: [...days('1997-09', [2, 12, 22]), ...days('1997-10', [2, 12])],
    complete: true,
  },
  {
    title: 'every day in January, for 3 years (yearly form)',
    start: '1998-01-01T09:00',
    rrule: 'FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA',
    expected: [
      ...days('1998-01', range(1, 31)),
      ...days('1999-01', range(1, 31)),
      ...days('2000-01', range(1, 31)),
    ],
    complete: true,
  },
  {
    title: 'every day in January, for 3 years (daily form)',
    start: '1998-01-01T09:00',
    rrule: 'FREQ=DAILY;UNTIL=20000131T140000Z;BYMONTH=1',
    expected: [
      ...days('1998-01', range(1, 31)),
      ...days('1999-01', range(1, 31)),
      ...days('2000-01', range(1, 31)),
    ],
    complete: true,
  },
  {
    title: 'weekly for 10 occurrences',
    start: '1997-09-02T09:00',
    rrule: 'FREQ=WEEKLY;COUNT=10',
    expected: [...days('1997-09', [2, 9, 16, 23, 30]), ...days('1997-10', [7, 14, 21, 28]), '1997-11-04'],
    complete: true,
  },
  {
    title: 'weekly until December 24, 1997',
    start: '1997-09-02T09:00',
    rrule: 'FREQ=WEEKLY;UNTIL=19971224T000000Z',
    expected: [
      ...days('1997-09', [2, 9, 16, 23, 30]),
      ...days('1997-10', [7, 14, 21, 28]),
      ...days('1997-11', [4, 11, 18, 25]),
      ...days('1997-12', [2, 9, 16, 23]),
    ],
    complete: true,
  },
  {
    title: 'every other week, forever',
    start: '1997-09-02T09:00',
    rrule: 'FREQ=WEEKLY;INTERVAL=2;WKST=SU',
    expected: [
      ...days('1997-09', [2, 16, 30]),
      ...days('1997-10', [14, 28]),
      ...days('1997-11', [11, 25]),
      ...days('1997-12', [9, 23]),
      ...days('1998-01', [6, 20]),
      ...days('1998-02', [3, 17]),
    ],
  },
  {
    title: 'weekly on Tuesday and Thursday for five weeks (UNTIL)',
    start: '1997-09-02T09:00',
    rrule: 'FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH',
    expected: [...days('1997-09', [2, 4, 9, 11, 16, 18, 23, 25, 30]), '1997-10-02'],
    complete: true,
  },
  {
    title: 'weekly on Tuesday and Thursday for five weeks (COUNT)',
    start: '1997-09-02T09:00',
    rrule: 'FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH',
    expected: [...days('1997-09', [2, 4, 9, 11, 16, 18, 23, 25, 30]), '1997-10-02'],
    complete: true,
  },
  {
    title: 'every other week on Monday, Wednesday and Friday until December 24, 1997',
    start: '1997-09-01T09:00',
    rrule: 'FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR',
    expected: [
      ...days('1997-09', [1, 3, 5, 15, 17, 19, 29]),
      ...days('1997-10', [1, 3, 13, 15, 17, 27, 29, 31]),
      ...days('1997-11', [10, 12, 14, 24, 26, 28]),
      ...days('1997-12', [8, 10, 12, 22]),
    ],
    complete: true,
  },
  {
    title: 'every other week on Tuesday and Thursday, for 8 occurrences',
    start: '1997-09-02T09:00',
    rrule: 'FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH',
    expected: [...days('1997-09', [2, 4, 16, 18, 30]), ...days('1997-10', [2, 14, 16])],
    complete: true,
  },
  {
    title: 'monthly on the first Friday for 10 occurrences',
    start: '1997-09-05T09:00',
    rrule: 'FREQ=MONTHLY;COUNT=10;BYDAY=1FR',
    expected: [
      '1997-09-05',
      '1997-10-03',
      '1997-11-07',
      '1997-12-05',
      '1998-01-02',
      '1998-02-06',
      '1998-03-06',
      '1998-04-03',
      '1998-05-01',
      '1998-06-05',
    ],
    complete: true,
  },
  {
    title: 'monthly on the first Friday until December 24, 1997',
    start: '1997-09-05T09:00',
    rrule: 'FREQ=MONTHLY;UNTIL=19971224T000000Z;BYDAY=1FR',
    expected: ['1997-09-05', '1997-10-03', '1997-11-07', '1997-12-05'],
    complete: true,
  },
  {
    title: 'every other month on the first and last Sunday, 10 occurrences',
    start: '1997-09-07T09:00',
    rrule: 'FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU',
    expected: [
      '1997-09-07',
      '1997-09-28',
      '1997-11-02',
      '1997-11-30',
      '1998-01-04',
      '1998-01-25',
      '1998-03-01',
      '1998-03-29',
      '1998-05-03',
      '1998-05-31',
    ],
    complete: true,
  },
  {
    title: 'monthly on the second-to-last Monday for 6 months',
    start: '1997-09-22T09:00',
    rrule: 'FREQ=MONTHLY;COUNT=6;BYDAY=-2MO',
    expected: ['1997-09-22', '1997-10-20', '1997-11-17', '1997-12-22', '1998-01-19', '1998-02-16'],
    complete: true,
  },
  {
    title: 'monthly on the third-to-last day, forever',
    start: '1997-09-28T09:00',
    rrule: 'FREQ=MONTHLY;BYMONTHDAY=-3',
    expected: ['1997-09-28', '1997-10-29', '1997-11-28', '1997-12-29', '1998-01-29', '1998-02-26'],
  },
  {
    title: 'monthly on the 2nd and 15th for 10 occurrences',
    start: '1997-09-02T09:00',
    rrule: 'FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15',
    expected: [
      '1997-09-02',
      '1997-09-15',
      '1997-10-02',
      '1997-10-15',
      '1997-11-02',
      '1997-11-15',
      '1997-12-02',
      '1997-12-15',
      '1998-01-02',
      '1998-01-15',
    ],
    complete: true,
  },
  {
    title: 'monthly on the first and last day for 10 occurrences',
    start: '1997-09-30T09:00',
    rrule: 'FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1',
    expected: [
      '1997-09-30',
      '1997-10-01',
      '1997-10-31',
      '1997-11-01',
      '1997-11-30',
      '1997-12-01',
      '1997-12-31',
      '1998-01-01',
      '1998-01-31',
      '1998-02-01',
    ],
    complete: true,
  },
  {
    title: 'every 18 months on the 10th to 15th, 10 occurrences',
    start: '1997-09-10T09:00',
    rrule: 'FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15',
    expected: [...days('1997-09', range(10, 15)), ...days('1999-03', range(10, 13))],
    complete: true,
  },
  {
    title: 'every Tuesday, every other month',
    start: '1997-09-02T09:00',
    rrule: 'FREQ=MONTHLY;INTERVAL=2;BYDAY=TU',
    expected: [
      ...days('1997-09', [2, 9, 16, 23, 30]),
      ...days('1997-11', [4, 11, 18, 25]),
      ...days('1998-01', [6, 13, 20, 27]),
      ...days('1998-03', [3, 10, 17, 24, 31]),
    ],
  },
  {
    title: 'yearly in June and July for 10 occurrences',
    start: '1997-06-10T09:00',
    rrule: 'FREQ=YEARLY;COUNT=10;BYMONTH=6,7',
    expected: [1997, 1998, 1999, 2000, 2001].flatMap((y) => [`${y}-06-10`, `${y}-07-10`]),
    complete: true,
  },
  {
    title: 'every other year in January, February and March, 10 occurrences',
    start: '1997-03-10T09:00',
    rrule: 'FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3',
    expected: [
      '1997-03-10',
      ...[1999, 2001, 2003].flatMap((y) => [`${y}-01-10`, `${y}-02-10`, `${y}-03-10`]),
    ],
    complete: true,
  },
  {
    title: 'every third year on days 1, 100 and 200, 10 occurrences',
    start: '1997-01-01T09:00',
    rrule: 'FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200',
    expected: [
      '1997-01-01',
      '1997-04-10',
      '1997-07-19',
      '2000-01-01',
      '2000-04-09',
      '2000-07-18',
      '2003-01-01',
      '2003-04-10',
      '2003-07-19',
      '2006-01-01',
    ],
    complete: true,
  },
  {
    title: 'every 20th Monday of the year',
    start: '1997-05-19T09:00',
    rrule: 'FREQ=YEARLY;BYDAY=20MO',
    expected: ['1997-05-19', '1998-05-18', '1999-05-17'],
  },
  {
    title: 'Monday of week number 20',
    start: '1997-05-12T09:00',
    rrule: 'FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO',
    expected: ['1997-05-12', '1998-05-11', '1999-05-17'],
  },
  {
    title: 'every Thursday in March',
    start: '1997-03-13T09:00',
    rrule: 'FREQ=YEARLY;BYMONTH=3;BYDAY=TH',
    expected: [
      ...days('1997-03', [13, 20, 27]),
      ...days('1998-03', [5, 12, 19, 26]),
      ...days('1999-03', [4, 11, 18, 25]),
    ],
  },
  {
    title: 'every Thursday in June, July and August',
    start: '1997-06-05T09:00',
    rrule: 'FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8',
    expected: [
      ...days('1997-06', [5, 12, 19, 26]),
      ...days('1997-07', [3, 10, 17, 24, 31]),
      ...days('1997-08', [7, 14, 21, 28]),
      ...days('1998-06', [4, 11, 18, 25]),
    ],
  },
  {
    title: 'every Friday the 13th (EXDATE on the start)',
    start: '1997-09-02T09:00',
    rrule: 'FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13',
    exdates: ['1997-09-02T09:00'],
    expected: ['1998-02-13', '1998-03-13', '1998-11-13', '1999-08-13', '2000-10-13'],
  },
  {
    title: 'the first Saturday that follows the first Sunday',
    start: '1997-09-13T09:00',
    rrule: 'FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13',
    expected: [
      '1997-09-13',
      '1997-10-11',
      '1997-11-08',
      '1997-12-13',
      '1998-01-10',
      '1998-02-07',
      '1998-03-07',
      '1998-04-11',
      '1998-05-09',
      '1998-06-13',
    ],
  },
  {
    title: 'U.S. presidential election day',
    start: '1996-11-05T09:00',
    rrule: 'FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8',
    expected: ['1996-11-05', '2000-11-07', '2004-11-02'],
  },
  {
    title: 'third Tuesday, Wednesday or Thursday of the month, for 3 months',
    start: '1997-09-04T09:00',
    rrule: 'FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3',
    expected: ['1997-09-04', '1997-10-07', '1997-11-06'],
    complete: true,
  },
  {
    title: 'the second-to-last weekday of the month',
    start: '1997-09-29T09:00',
    rrule: 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2',
    expected: [
      '1997-09-29',
      '1997-10-30',
      '1997-11-27',
      '1997-12-30',
      '1998-01-29',
      '1998-02-26',
      '1998-03-30',
    ],
  },
  {
    title: 'every 15 minutes for 6 occurrences',
    start: '1997-09-02T09:00',
    rrule: 'FREQ=MINUTELY;INTERVAL=15;COUNT=6',
    expected: [
      '1997-09-02T09:00',
      '1997-09-02T09:15',
      '1997-09-02T09:30',
      '1997-09-02T09:45',
      '1997-09-02T10:00',
      '1997-09-02T10:15',
    ],
    complete: true,
  },
  {
    title: 'every hour and a half for 4 occurrences',
    start: '1997-09-02T09:00',
    rrule: 'FREQ=MINUTELY;INTERVAL=90;COUNT=4',
    expected: ['1997-09-02T09:00', '1997-09-02T10:30', '1997-09-02T12:00', '1997-09-02T13:30'],
    complete: true,
  },
  {
    title: 'every 20 minutes from 9:00 to 16:40 every day (daily form)',
    start: '1997-09-02T09:00',
    rrule: 'FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,20,40',
    expected: [
      ...range(9, 16).flatMap((h) =>
        [0, 20, 40].map((m) => `1997-09-02T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
      ),
      '1997-09-03T09:00',
    ],
  },
  {
    title: 'every 20 minutes from 9:00 to 16:40 every day (minutely form)',
    start: '1997-09-02T09:00',
    rrule: 'FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10,11,12,13,14,15,16',
    expected: [
      ...range(9, 16).flatMap((h) =>
        [0, 20, 40].map((m) => `1997-09-02T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
      ),
      '1997-09-03T09:00',
    ],
  },
  {
    title: 'WKST=MO changes the result',
    start: '1997-08-05T09:00',
    rrule: 'FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO',
    expected: ['1997-08-05', '1997-08-10', '1997-08-19', '1997-08-24'],
    complete: true,
  },
  {
    title: 'WKST=SU changes the result',
    start: '1997-08-05T09:00',
    rrule: 'FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU',
    expected: ['1997-08-05', '1997-08-17', '1997-08-19', '1997-08-31'],
    complete: true,
  },
  {
    title: 'an invalid date (February 30) is ignored',
    start: '2007-01-15T09:00',
    rrule: 'FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5',
    expected: ['2007-01-15', '2007-01-30', '2007-02-15', '2007-03-15', '2007-03-30'],
    complete: true,
  },
];

describe('RFC 5545 §3.8.5.3 recurrence examples (DTSTART in America/New_York)', () => {
  for (const ex of EXAMPLES) {
    it(ex.title, () => {
      const expected = at9(ex.expected);
      const asked = expected.length + (ex.complete ? 3 : 0);
      const spec = { rrule: ex.rrule, start: ex.start, zone: NY, exdates: ex.exdates ?? [] };
      const got = occurrencesAfter(spec, null, asked).map((o) => formatWall(instantToWall(o.instant, NY)));
      expect(got).toEqual(expected);
    });
  }

  it('keeps 09:00 local across the end of DST on 26 Oct 1997: UTC moves from 13:00 to 14:00', () => {
    const from = new Date('1997-10-24T00:00:00Z');
    const to = new Date('1997-10-29T00:00:00Z');
    const got = occurrencesBetween('FREQ=DAILY', '1997-09-02T09:00', NY, [], from, to).map((d) =>
      d.toISOString(),
    );
    expect(got).toEqual([
      '1997-10-24T13:00:00.000Z',
      '1997-10-25T13:00:00.000Z',
      '1997-10-26T14:00:00.000Z',
      '1997-10-27T14:00:00.000Z',
      '1997-10-28T14:00:00.000Z',
    ]);
  });
});
