/**
 * Words and small grammars shared by every form: input clean-up, month and weekday names,
 * clock times (`9am`, `18:00`, `noon`) and calendar dates (`2026-12-25`, `Dec 25`, `25 Dec 2026`).
 * Kept as plain regexes so the common phrases never need chrono (see the parse bench).
 */

/** Longest input read as a time phrase; longer text is refused before any work. */
export const MAX_PHRASE_LENGTH = 500;

/** Replaces control characters, odd spaces and dashes, collapses whitespace, drops final punctuation. */
export function cleanText(input: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const controls = /[\u0000-\u001f\u007f-\u009f\u00a0\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]/g;
  return input
    .replace(controls, ' ')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\s*[.!?]+$/, '');
}

/** Month names and abbreviations → 1–12 (only ever read with a key a regex matched). */
export const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};

/** Weekday names (singular, plural, short) → 0 = Sunday … 6 = Saturday. */
export const WEEKDAYS = new Map<string, number>();
const DAY_FORMS: [number, string[]][] = [
  [0, ['sun', 'sunday']],
  [1, ['mon', 'monday']],
  [2, ['tue', 'tues', 'tuesday']],
  [3, ['wed', 'weds', 'wednesday']],
  [4, ['thu', 'thur', 'thurs', 'thursday']],
  [5, ['fri', 'friday']],
  [6, ['sat', 'saturday']],
];
for (const [day, forms] of DAY_FORMS) {
  for (const form of forms) {
    WEEKDAYS.set(form, day);
    WEEKDAYS.set(`${form}s`, day);
  }
}

/** Whether `word` is a weekday name (`mon`, `tuesday`, `fridays`). */
export function isWeekday(word: string): boolean {
  return WEEKDAYS.has(word);
}

/** RRULE weekday codes indexed like `Date#getDay()`. */
export const RRULE_DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
/** Weekday names for the echo, indexed like `Date#getDay()`. */
export const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
/** Month names for the echo, January first. */
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A time of day as typed, before any date or zone is known. */
export interface ClockTime {
  hour: number;
  minute: number;
  second: number;
}

const CLOCK_RE = /^(\d{1,2})(?:[:.](\d{2}))?(?::(\d{2}))?\s*(am|pm|a\.m\.?|p\.m\.?)?$/;

/**
 * A time of day: `9am`, `9:30 pm`, `09:30`, `18:00:15`, `noon`, `midnight`. A bare hour
 * (`9`) only counts when `bareHour` is set, i.e. after "at", so a caption ending in a number
 * is never read as a time.
 */
export function parseClock(text: string, bareHour = false): ClockTime | null {
  const t = text.trim().toLowerCase();
  if (t === 'noon' || t === 'midday') return { hour: 12, minute: 0, second: 0 };
  if (t === 'midnight') return { hour: 0, minute: 0, second: 0 };
  const m = CLOCK_RE.exec(t);
  if (!m) return null;
  const [, h, mi, s, meridiem] = m;
  if (!mi && !meridiem && !bareHour) return null;
  if (mi && mi.length !== 2) return null;
  let hour = Number(h);
  const minute = mi ? Number(mi) : 0;
  const second = s ? Number(s) : 0;
  if (minute > 59 || second > 59) return null;
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem.startsWith('p') ? 12 : 0);
  } else if (hour > 23) {
    return null;
  }
  return { hour, minute, second };
}

/** A calendar date whose year may be missing (`Dec 25`): resolved against a reference later. */
export interface LooseDate {
  year?: number;
  month: number;
  day: number;
  /** The weekday typed with it (`Fri 25 Dec`), 0 = Sunday; checked once the year is known. */
  weekday?: number;
}

const MONTH_ALT = Object.keys(MONTHS).join('|');
const WEEKDAY_PREFIX = '(?:(sun|mon|tue|wed|thu|fri|sat)[a-z]*,?\\s+)?';
const ISO_DATE_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const MONTH_FIRST_RE = new RegExp(
  `^${WEEKDAY_PREFIX}(${MONTH_ALT})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?$`,
);
const DAY_FIRST_RE = new RegExp(
  `^${WEEKDAY_PREFIX}(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_ALT})\\.?(?:,?\\s+(\\d{4}))?$`,
);

/** `2026-12-25`, `Dec 25`, `December 25th, 2026`, `25 Dec`, `Fri 25 Dec 2026`; null otherwise. */
export function parseLooseDate(text: string): LooseDate | null {
  const t = text.trim().toLowerCase();
  const iso = ISO_DATE_RE.exec(t);
  if (iso) return { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) };
  const monthFirst = MONTH_FIRST_RE.exec(t);
  if (monthFirst) return loose(monthFirst[1], monthFirst[2]!, monthFirst[3]!, monthFirst[4]);
  const dayFirst = DAY_FIRST_RE.exec(t);
  if (dayFirst) return loose(dayFirst[1], dayFirst[3]!, dayFirst[2]!, dayFirst[4]);
  return null;
}

function loose(weekday: string | undefined, month: string, day: string, year: string | undefined): LooseDate {
  const date: LooseDate = { month: MONTHS[month]!, day: Number(day) };
  if (year) date.year = Number(year);
  if (weekday) date.weekday = WEEKDAYS.get(weekday)!;
  return date;
}

/** Ordinals as used in "the 1st", "the second tuesday", "the last friday" (last = -1). */
export function parseOrdinal(token: string): number | null {
  const words: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5, last: -1 };
  if (Object.hasOwn(words, token)) return words[token]!;
  const m = /^(\d{1,2})(st|nd|rd|th)?$/.exec(token);
  return m ? Number(m[1]) : null;
}

/** English ordinal suffix for display: 1st, 2nd, 3rd, 4th, 11th, 22nd. */
export function ordinal(n: number): string {
  const mod100 = n % 100;
  const suffix = mod100 >= 11 && mod100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}
