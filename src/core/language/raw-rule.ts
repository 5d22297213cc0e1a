import { parseRule } from '../domain/recurrence.js';
import {
  formatWall,
  formatWallDate,
  instantToWall,
  isValidWall,
  type WallTime,
  wallToInstant,
} from '../domain/time.js';
import { MAX_AHEAD_YEARS } from './bounds.js';
import type { LooseDate } from './lexicon.js';
import { parseMoment } from './moment.js';
import { pastFailure, placeMoment, resolveLooseDate } from './resolve.js';
import { type RuleDraft, readExcept, Words } from './rule-clauses.js';
import { anchorSeries, partOf, withoutPart } from './series-anchor.js';
import { type Attempt, failure, HINTS, type RecurringWhen } from './types.js';
import { unknownZone } from './zone-tokens.js';
import { resolveZone } from './zones.js';

/**
 * Raw RFC 5545 input: `RRULE:FREQ=…`, optionally after `DTSTART[;TZID=…]:…` or a start
 * phrase (`tomorrow 9am RRULE:FREQ=WEEKLY;BYDAY=MO`), optionally followed by `except …`.
 * Herald repeats at most daily, so HOURLY/MINUTELY/SECONDLY are refused (several times a
 * day is `FREQ=DAILY;BYHOUR=9,17`).
 */

const RAW_RE = /^(.*?)\s*(?:dtstart(?:;tzid=([^:\s]+))?:(\d{8}t\d{6})(z)?\s+)?rrule:(\S+)\s*(.*)$/;
const DAILY = 3;

/** Parses lower-case raw input; `zone` is the phrase's zone, `explicit` whether it named one. */
export function rawRuleWhen(text: string, zone: string, explicit: boolean, now: Date): Attempt {
  const m = RAW_RE.exec(text);
  if (!m) return unreadable(`I could not find "RRULE:" followed by a rule in "${text}".`);
  const [, startText = '', tzid, dtstart, utc, ruleRaw = '', rest = ''] = m;
  const rule = parseRule(ruleRaw);
  if (typeof rule === 'string') return unreadable(`The RRULE is not valid: ${rule}.`);
  const refused = refuseRule(rule.options);
  if (refused) return refused;
  const seriesZone = tzid ? zoneOfTzid(tzid, zone, explicit) : zone;
  if (typeof seriesZone !== 'string') return seriesZone;
  const except = readExceptions(rest);
  if (typeof except === 'string') return unreadable(`I could not read ${except} after the RRULE.`);
  if (dtstart && startText) return unreadable('Give either DTSTART or a start phrase, not both.');
  const start = dtstart
    ? fromDtstart(dtstart, Boolean(utc), seriesZone)
    : fromPhrase(startText, rule, seriesZone, now);
  if ('result' in start) return start;
  if (!isValidWall(start.wall)) return unreadable(`DTSTART ${dtstart} is not a real date and time.`);
  const exdates: string[] = [];
  for (const loose of except) {
    const date = resolveLooseDate(loose, start.wall);
    if (!date) return unreadable(`The exception ${loose.month}/${loose.day} is not a real date.`);
    exdates.push(formatWallDate(date));
  }
  return anchorRaw(rule.text, start, seriesZone, now, exdates, Boolean(dtstart));
}

/** Rules Herald will not run: more often than daily, or on a day that never comes. */
function refuseRule(options: Parameters<typeof neverHappens>[0] & { freq?: number | null }): Attempt | null {
  if ((options.freq ?? 0) > DAILY) {
    const message = 'Herald repeats posts at most daily; for several posts a day use BYHOUR.';
    return failure('UNPARSEABLE_TIME', message, 'RRULE:FREQ=DAILY;BYHOUR=9,17', true);
  }
  if (!neverHappens(options)) return null;
  return failure(
    'UNPARSEABLE_TIME',
    'This RRULE names a day no month has (like 30 February).',
    HINTS.recurring,
    true,
  );
}

/** The zone DTSTART's TZID names, which must agree with a zone the phrase named. */
function zoneOfTzid(tzid: string, zone: string, explicit: boolean): string | Attempt {
  const named = resolveZone(tzid);
  if (!named) return unknownZone(tzid);
  if (explicit && named !== zone) return unreadable(`DTSTART says ${named} but the phrase says ${zone}.`);
  return named;
}

interface RawStart {
  wall: WallTime;
  /** True when the start is a real date the series must not begin before. */
  dated: boolean;
}

function fromDtstart(dtstart: string, utc: boolean, zone: string): RawStart {
  const n = (from: number, to: number): number => Number(dtstart.slice(from, to));
  const wall = {
    year: n(0, 4),
    month: n(4, 6),
    day: n(6, 8),
    hour: n(9, 11),
    minute: n(11, 13),
    second: n(13, 15),
  };
  if (!utc) return { wall, dated: true };
  const instant = new Date(
    Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second),
  );
  return { wall: instantToWall(instant, zone), dated: true };
}

/** Start from a phrase, else from today at midnight when the rule itself names the hour (BYHOUR). */
function fromPhrase(
  text: string,
  rule: { options: { byhour?: unknown } },
  zone: string,
  now: Date,
): RawStart | Attempt {
  const today = { ...instantToWall(now, zone), hour: 0, minute: 0, second: 0 };
  if (!text) {
    if (rule.options.byhour !== undefined && rule.options.byhour !== null)
      return { wall: today, dated: false };
    const message = 'The RRULE has no time of day; add BYHOUR or a start such as "tomorrow 9am".';
    return failure('UNPARSEABLE_TIME', message, 'tomorrow 9am RRULE:FREQ=WEEKLY;BYDAY=MO', true);
  }
  const moment = parseMoment(text, zone, now);
  if ('result' in moment) return moment;
  const placed = placeMoment(moment.moment, text, zone, now);
  if ('result' in placed) return placed;
  const dated = moment.moment.kind !== 'wall' || moment.moment.dateGiven;
  const wall = dated ? placed.placed.wall : { ...today, ...clockOf(placed.placed.wall) };
  return { wall, dated };
}

const clockOf = (w: WallTime) => ({ hour: w.hour, minute: w.minute, second: w.second });

function anchorRaw(
  rule: string,
  start: RawStart,
  zone: string,
  now: Date,
  exdates: string[],
  dtstart: boolean,
): Attempt {
  const threshold = start.dated ? wallToInstant(start.wall, zone).instant : now;
  if (threshold.getTime() < now.getTime()) return pastFailure(threshold, zone, now, start.wall);
  const count = partOf(rule, 'COUNT');
  const search = withoutPart(rule, 'COUNT');
  const begin = formatWall(start.wall);
  const anchor = anchorSeries({ rrule: search, start: begin, zone, threshold, exdates, keepPhase: dtstart });
  const first = anchor.occurrence;
  if (!first) {
    const message = `This RRULE has no occurrence in the next ${MAX_AHEAD_YEARS} years.`;
    return failure('TIME_OUT_OF_RANGE', message, HINTS.recurring, true);
  }
  const left = count === undefined ? undefined : Number(count) - anchor.skipped;
  if (left !== undefined && left < 1) return unreadable('The exceptions remove every occurrence.');
  const rrule = left === undefined ? search : `${search};COUNT=${left}`;
  const local = formatWall(first.wall);
  const value: RecurringWhen = { kind: 'recurring', instant: first.instant, zone, local, rrule, exdates };
  return { result: { ok: true, value }, recognized: true };
}

function readExceptions(rest: string): LooseDate[] | string {
  if (!rest) return [];
  const w = new Words(rest);
  const draft: RuleDraft = { freq: 'DAILY', interval: 1, byDay: [], byMonthDay: [], byMonth: [], except: [] };
  const word = w.next();
  const problem = ['except', 'excluding', 'skipping', 'but'].includes(word)
    ? readExcept(w, draft, word)
    : `"${word}"`;
  if (problem || !w.done()) return problem ?? `"${w.peek()}"`;
  return draft.except;
}

function unreadable(message: string): Attempt {
  return failure('UNPARSEABLE_TIME', message, 'RRULE:FREQ=WEEKLY;BYDAY=MO;BYHOUR=9', true);
}

const LONGEST_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const asList = (v: number | number[] | null | undefined): number[] =>
  v === null || v === undefined ? [] : [v].flat();

/** BYMONTHDAY values that none of the BYMONTH months has (30 February): the rule would never fire. */
function neverHappens(o: {
  bymonthday?: number | number[] | null;
  bymonth?: number | number[] | null;
}): boolean {
  const days = asList(o.bymonthday);
  if (days.length === 0) return false;
  const months = asList(o.bymonth);
  const candidates = months.length > 0 ? months : [1];
  return !candidates.some((m) => days.some((d) => d !== 0 && Math.abs(d) <= (LONGEST_MONTH[m - 1] ?? 0)));
}
