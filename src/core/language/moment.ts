import {
  addWallDays,
  daysInMonth,
  instantToWall,
  isValidWall,
  type WallTime,
  zoneOffset,
} from '../domain/time.js';
import { unrepresentable, zeroSpan } from './bounds.js';
import { chronoMoment } from './chrono-moment.js';
import { isZeroSpan, moveBySpan, parseRelative, type Relative } from './durations.js';
import { formatOffset } from './format.js';
import { type ClockTime, type LooseDate, parseClock, parseLooseDate } from './lexicon.js';
import type { Moment, MomentAttempt } from './moment-types.js';
import { notADate } from './resolve.js';
import { failure, HINTS } from './types.js';

/**
 * The start phrase (the part before any "every …"): durations, ISO timestamps, a date with a
 * clock time, a bare clock time — all by regex — and chrono for the remaining date words.
 */

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})[t ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?\s*(z|[+-]\d{2}(?::?\d{2})?)?$/;
const BASIC_ISO_RE = /^(\d{4})(\d{2})(\d{2})t(\d{2})(\d{2})(\d{2})?(z)?$/;
const NUMERIC_DATE_RE = /^(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})$/;

/** Parses the start phrase `text` (already lower-case, zone tokens removed). */
export function parseMoment(text: string, zone: string, now: Date, explicitZone = false): MomentAttempt {
  const relative = parseRelative(text);
  if (relative) return relativeMoment(relative, text, zone, now);
  const iso = isoMoment(text, zone, explicitZone);
  if (iso) return iso;
  const nowWall = instantToWall(now, zone);
  const split = dateAndClock(text, nowWall);
  if (split) return split;
  const bare = /^at\s+/.test(text);
  const clock = parseClock(text.replace(/^at\s+/, ''), bare);
  if (clock)
    return {
      ok: true,
      moment: { kind: 'wall', wall: { ...nowWall, ...clock }, dateGiven: false, roll: 'day' },
    };
  if (/\bweek(day|end)s?\b/.test(text)) {
    return failure('UNPARSEABLE_TIME', `"${text}" sounds like a repeating schedule.`, HINTS.recurring, true);
  }
  return chronoMoment(text, zone, now);
}

/** `in 45 minutes`, `+1h`: exact time from now; a zero span and one past any calendar are refused. */
function relativeMoment(relative: Relative, text: string, zone: string, now: Date): MomentAttempt {
  if (isZeroSpan(relative.span)) return zeroSpan(text);
  const instant = moveBySpan(now, relative.span, relative.sign, zone);
  if (!instant) return unrepresentable(text, relative.delta);
  return { ok: true, moment: { kind: 'instant', instant } };
}

/** ISO 8601 / RFC 3339; with both an offset and a named zone they must agree (RFC 9557). */
function isoMoment(text: string, zone: string, explicitZone: boolean): MomentAttempt | null {
  const m = ISO_RE.exec(text) ?? BASIC_ISO_RE.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((v) => Number(v ?? 0));
  const wall = { year: y!, month: mo!, day: d!, hour: h!, minute: mi!, second: s! };
  if (!isValidWall(wall)) {
    return failure('UNPARSEABLE_TIME', `"${text}" is not a real date and time.`, HINTS.absolute, true);
  }
  const offset = m[7];
  if (!offset) return { ok: true, moment: { kind: 'wall', wall, dateGiven: true, roll: 'none' } };
  const digits = offset.replace(/[^0-9]/g, '');
  const minutes =
    offset === 'z'
      ? 0
      : (offset.startsWith('-') ? -1 : 1) *
        (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0));
  const local = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const instant = new Date(local - minutes * 60_000);
  if (explicitZone && zoneOffset(zone, instant.getTime()) !== minutes) {
    const message = `"${text}" has UTC offset ${offset.toUpperCase()}, but ${zone} is at ${formatOffset(zoneOffset(zone, instant.getTime()))} then.`;
    return failure('UNPARSEABLE_TIME', message, `${text.slice(0, 16).replace(' ', 'T')}[${zone}]`, true);
  }
  return { ok: true, moment: { kind: 'instant', instant } };
}

/** A typed date: `today`, `tomorrow`, `2026-12-01`, `Dec 1`, `1 Dec 2026`, `25/12/2026`. */
function dateWord(text: string, now: WallTime): { date: LooseDate } | 'ambiguous' | null {
  if (text === 'today') return { date: now };
  if (text === 'tomorrow') return { date: addWallDays(now, 1) };
  const loose = parseLooseDate(text.replace(/^on\s+/, ''));
  if (loose) return { date: loose };
  const m = NUMERIC_DATE_RE.exec(text);
  if (!m) return null;
  const [a, b] = [Number(m[1]), Number(m[2])];
  const year = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
  if (a <= 12 && b <= 12 && a !== b) return 'ambiguous';
  return { date: a > 12 ? { year, month: b, day: a } : { year, month: a, day: b } };
}

/** `<date> [at] <clock>`, `<clock> [on] <date>`, or a date alone (no time: refused later). */
function dateAndClock(text: string, now: WallTime): MomentAttempt | null {
  const whole = dateWord(text, now);
  if (whole) return fromDate(whole, null, text, now);
  const tokens = text.split(' ');
  if (tokens.length > 7) return null;
  for (let k = 1; k < tokens.length; k++) {
    const left = tokens.slice(0, k).join(' ');
    const right = tokens.slice(k).join(' ');
    const dateFirst = dateWord(left, now);
    if (dateFirst) {
      const clock = parseClock(right.replace(/^at\s+/, ''), /^at\s/.test(right));
      if (clock) return fromDate(dateFirst, clock, text, now);
    }
    const clock = parseClock(left.replace(/^at\s+/, ''), /^at\s/.test(left));
    const dateLast = clock ? dateWord(right, now) : null;
    if (clock && dateLast) return fromDate(dateLast, clock, text, now);
  }
  return null;
}

function fromDate(
  found: { date: LooseDate } | 'ambiguous',
  clock: ClockTime | null,
  text: string,
  now: WallTime,
): MomentAttempt {
  if (found === 'ambiguous') {
    const message = `"${text}" could be read day-first or month-first; write the date as YYYY-MM-DD.`;
    return failure('UNPARSEABLE_TIME', message, HINTS.absolute, true);
  }
  const { date } = found;
  if (!dateExists(date)) return notADate(text);
  const wall = {
    year: date.year ?? now.year,
    month: date.month,
    day: date.day,
    hour: 0,
    minute: 0,
    second: 0,
  };
  const roll = date.year === undefined ? 'year' : 'none';
  const moment: Moment = clock
    ? { kind: 'wall', wall: { ...wall, ...clock }, dateGiven: true, roll }
    : { kind: 'date', wall, text, roll };
  if (date.weekday !== undefined) moment.weekday = date.weekday;
  return { ok: true, moment };
}

/** Whether the typed date exists: in its year, or — with no year typed — in some year (Feb 29). */
function dateExists(d: LooseDate): boolean {
  if (d.year !== undefined)
    return isValidWall({ year: d.year, month: d.month, day: d.day, hour: 0, minute: 0, second: 0 });
  return d.month >= 1 && d.month <= 12 && d.day >= 1 && d.day <= daysInMonth(2000, d.month);
}
