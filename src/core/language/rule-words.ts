import rrulePkg, { type Options, type Weekday } from 'rrule';
import { parseRule } from '../domain/recurrence.js';
import { instantToWall, type WallTime } from '../domain/time.js';
import { formatClock, formatWallDay } from './format.js';
import { DAY_NAMES, MONTH_NAMES, ordinal } from './lexicon.js';

/**
 * A recurrence rule in words — "every weekday at 09:00", "every 2 weeks on Tuesday at
 * 10:00", "every month on the last Friday at 18:00, 10 times" — for the interpretation echo.
 * Rules outside the language's own forms are shown as RRULE text rather than guessed at.
 */

const { RRule } = rrulePkg;
type Freq = number;

/** Describes `rrule`, whose series starts at wall time `start` in `zone`. */
export function describeRule(rrule: string, start: WallTime, zone: string): string {
  const rule = parseRule(rrule);
  if (typeof rule === 'string') return `RRULE ${rrule}`;
  const o = rule.options;
  const pattern = ownWords(o, start);
  if (pattern === null) return fallbackWords(rule.text);
  const limits: string[] = [];
  if (o.count) limits.push(`${o.count} time${o.count === 1 ? '' : 's'}`);
  if (rule.untilInstant !== undefined)
    limits.push(`until ${formatWallDay(instantToWall(new Date(rule.untilInstant), zone))}`);
  if (rule.untilFloating !== undefined)
    limits.push(`until ${formatWallDay(wallOfFloating(rule.untilFloating))}`);
  return [pattern, ...limits].join(', ');
}

function wallOfFloating(ms: number): WallTime {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: 0,
    minute: 0,
    second: 0,
  };
}

const asList = <T>(v: T | T[] | null | undefined): T[] =>
  v === null || v === undefined ? [] : Array.isArray(v) ? v : [v];

/** "A, B and C". */
export function joinWords(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function ownWords(o: Partial<Options>, start: WallTime): string | null {
  const unusual = [o.bysetpos, o.byyearday, o.byweekno, o.byeaster, o.bysecond].some(
    (v) => asList(v).length > 0,
  );
  const freq: Freq = o.freq ?? RRule.DAILY;
  if (unusual || freq > RRule.DAILY) return null;
  const days = asList(o.byweekday as Weekday | Weekday[] | number | null).map((d) =>
    typeof d === 'number' ? { weekday: d, n: undefined } : d,
  );
  const pattern = patternWords(freq, o.interval ?? 1, days, asList(o.bymonthday), asList(o.bymonth));
  return pattern === null ? null : `${pattern} at ${clockWords(o, start)}`;
}

function patternWords(
  freq: Freq,
  interval: number,
  days: { weekday: number; n?: number | undefined }[],
  monthDays: number[],
  months: number[],
): string | null {
  const every = (unit: string): string => (interval === 1 ? `every ${unit}` : `every ${interval} ${unit}s`);
  const dayNames = days.map((d) => DAY_NAMES[(d.weekday + 1) % 7]!);
  const nth = days.some((d) => d.n);
  if (freq === RRule.DAILY && days.length === 0 && monthDays.length === 0 && months.length === 0)
    return every('day');
  if (freq === RRule.WEEKLY && !nth && monthDays.length === 0 && months.length === 0) {
    const workdays = days.length === 5 && days.every((d) => d.weekday <= 4);
    if (interval === 1) return workdays ? 'every weekday (Monday to Friday)' : `every ${joinWords(dayNames)}`;
    return `${every('week')} on ${joinWords(dayNames)}`;
  }
  if (freq === RRule.MONTHLY && months.length === 0) {
    if (nth && monthDays.length === 0) {
      const named = days.map(
        (d) => `${d.n === -1 ? 'last' : ordinal(d.n ?? 1)} ${DAY_NAMES[(d.weekday + 1) % 7]}`,
      );
      return `${every('month')} on the ${joinWords(named)}`;
    }
    if (days.length === 0 && monthDays.length > 0)
      return `${every('month')} on the ${joinWords(monthDays.map(dayOfMonth))}`;
  }
  if (freq === RRule.YEARLY && days.length === 0 && months.length === 1 && monthDays.length === 1) {
    return `${every('year')} on ${monthDays[0]} ${MONTH_NAMES[months[0]! - 1]}`;
  }
  return null;
}

const dayOfMonth = (n: number): string =>
  n === -1 ? 'last day' : n < 0 ? `${ordinal(-n)}-last day` : ordinal(n);

/** `09:00`, or `09:00 and 17:00` for a BYHOUR list (minutes from BYMINUTE or the start). */
function clockWords(o: Partial<Options>, start: WallTime): string {
  const hours = asList(o.byhour);
  const minutes = asList(o.byminute);
  if (hours.length === 0 && minutes.length === 0) return formatClock(start);
  const times: string[] = [];
  for (const hour of hours.length > 0 ? [...hours].sort((a, b) => a - b) : [start.hour]) {
    for (const minute of minutes.length > 0 ? [...minutes].sort((a, b) => a - b) : [start.minute]) {
      times.push(formatClock({ hour, minute, second: start.second }));
    }
  }
  return joinWords(times);
}

/** rrule's own English drops parts such as BYSETPOS, so anything unusual is shown as the rule itself. */
function fallbackWords(rrule: string): string {
  return `the rule ${rrule.replace(/^RRULE:/i, '')}`;
}
