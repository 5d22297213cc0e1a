import {
  addWallDays,
  formatWall,
  formatWallDate,
  instantToWall,
  isValidWall,
  type WallTime,
  wallToInstant,
  wallWeekday,
} from '../domain/time.js';
import { MAX_AHEAD_YEARS } from './bounds.js';
import type { TimeOfDay } from './default-time.js';
import { formatUtc } from './format.js';
import { type ClockTime, RRULE_DAYS } from './lexicon.js';
import type { Moment } from './moment-types.js';
import { pastFailure, placeMoment, resolveLooseDate } from './resolve.js';
import type { RuleDraft } from './rule-phrase.js';
import { anchorSeries } from './series-anchor.js';
import { type Attempt, failure, HINTS, type RecurringWhen } from './types.js';

/**
 * Turns a rule draft plus an optional start (`tomorrow 9am every weekday`) into a recurring
 * `When` anchored at its first real occurrence: the first one of the rule at or after the
 * start (or after now). COUNT counts from there; exceptions that fall before it are taken out
 * of COUNT, so the stored series expands to exactly what RFC 5545 would.
 */

interface RecurringInput {
  draft: RuleDraft;
  start: Moment | null;
  startText: string;
  zone: string;
  now: Date;
  phrase: string;
  /** The account's default posting time, used when the phrase gives no time of day. */
  defaultTime?: TimeOfDay | undefined;
}

interface Begin {
  /** The typed start date at the series' clock time, or null for "from now on". */
  date: WallTime | null;
  clock: ClockTime;
  /** True when the clock time is the default posting time. */
  defaulted: boolean;
}

/** Builds the series or says what is missing or contradictory. */
export function buildRecurring(input: RecurringInput): Attempt {
  const { draft, zone, now } = input;
  if (draft.count !== undefined && draft.until)
    return invalid('give either a number of times or an end date, not both');
  const begin = startOf(input);
  if ('result' in begin) return begin;
  const from = begin.date ?? { ...instantToWall(now, zone), ...begin.clock };
  // "2027-02-29 monthly": a start that does not exist is refused, as it is for a single post.
  if (!isValidWall(from))
    return failure('UNPARSEABLE_TIME', `"${input.startText}" is not a real date.`, HINTS.recurring, true);
  const exdates = resolveExceptions(draft, from);
  if (typeof exdates === 'string') return invalid(exdates);
  const threshold = begin.date ? wallToInstant(begin.date, zone).instant : now;
  if (threshold.getTime() < now.getTime()) return pastFailure(threshold, zone, now, from);
  const base = ruleText(draft);
  const anchor = anchorSeries({
    rrule: base,
    start: formatWall(from),
    zone,
    threshold,
    exdates,
    keepPhase: false,
  });
  const first = anchor.occurrence;
  if (!first) return noOccurrence(input.phrase);
  const count = draft.count === undefined ? undefined : draft.count - anchor.skipped;
  if (draft.count !== undefined && (draft.count < 1 || draft.count > 1000 || count! < 1)) {
    return invalid(`"${draft.count} times" leaves no occurrence (use 1 to 1000)`);
  }
  const until = untilText(draft, first.wall, first.instant, zone);
  if (until === null) return invalid('the "until" date is before the first occurrence or does not exist');
  const rrule = ruleText(explicitDraft(draft, first.wall), count, until);
  const value: RecurringWhen = {
    kind: 'recurring',
    instant: first.instant,
    zone,
    local: formatWall(first.wall),
    rrule,
    exdates,
  };
  if (begin.defaulted) value.defaultTime = true;
  return { result: { ok: true, value }, recognized: true };
}

/** The series' start date and clock time, from the start phrase, `starting …` and `at …`. */
function startOf(input: RecurringInput): Begin | Attempt {
  const typed = typedStart(input);
  if ('result' in typed) return typed;
  let { date } = typed;
  const { draft, now, zone } = input;
  if (draft.starting) {
    if (date) return invalid('the phrase gives two start dates');
    const today = instantToWall(now, zone);
    const s = draft.starting;
    date = s === 'today' ? today : s === 'tomorrow' ? addWallDays(today, 1) : resolveLooseDate(s, today);
    if (!date) return invalid('the start date does not exist');
  }
  const { clock } = typed;
  if (draft.clock && clock && (draft.clock.hour !== clock.hour || draft.clock.minute !== clock.minute)) {
    return invalid('the phrase gives two different times of day');
  }
  const chosen = draft.clock ?? clock ?? defaultClock(input.defaultTime);
  if (!chosen) {
    const message = `I understood "${input.phrase}" as a repeating schedule but not its time of day.`;
    return failure('UNPARSEABLE_TIME', message, `${input.phrase} at 9:30`, true, input.phrase);
  }
  const time = { hour: chosen.hour, minute: chosen.minute, second: chosen.second };
  const defaulted = !draft.clock && !clock;
  return { date: date ? { ...date, ...time } : null, clock: time, defaulted };
}

const defaultClock = (t: TimeOfDay | undefined): ClockTime | undefined =>
  t && { hour: t.hour, minute: t.minute, second: 0 };

/** What the start phrase says: a date (none for a bare `9am`) and a clock time (none for `tomorrow`). */
function typedStart(input: RecurringInput): { date: WallTime | null; clock?: ClockTime } | Attempt {
  const { start, zone, now } = input;
  if (!start) return { date: null };
  if (start.kind === 'date') return { date: start.wall };
  const placed = placeMoment(start, input.startText, zone, now);
  if ('result' in placed) return placed;
  const wall = placed.placed.wall;
  return { date: start.kind === 'instant' || start.dateGiven ? wall : null, clock: wall };
}

/** Exception dates as `YYYY-MM-DD`; a year left out means the first such date from the start on. */
function resolveExceptions(draft: RuleDraft, from: WallTime): string[] | string {
  const out: string[] = [];
  for (const loose of draft.except) {
    const date = resolveLooseDate(loose, from);
    if (!date) return `the exception date ${loose.year ?? ''} ${loose.month}/${loose.day} does not exist`;
    if (!out.includes(formatWallDate(date))) out.push(formatWallDate(date));
  }
  return out;
}

/** UNTIL as RFC 5545 wants it with a zoned start: the last second of that local day, in UTC. */
function untilText(
  draft: RuleDraft,
  firstWall: WallTime,
  first: Date,
  zone: string,
): string | undefined | null {
  if (!draft.until) return undefined;
  const date = resolveLooseDate(draft.until, firstWall);
  const end = date && wallToInstant({ ...date, hour: 23, minute: 59, second: 59 }, zone).instant;
  if (!end || end.getTime() < first.getTime()) return null;
  return formatUtc(end).replace(/[-:]/g, '');
}

/** Spells out what rrule would take from DTSTART, so the stored rule reads on its own. */
function explicitDraft(d: RuleDraft, first: WallTime): RuleDraft {
  if (d.freq === 'WEEKLY' && d.byDay.length === 0) return { ...d, byDay: [RRULE_DAYS[wallWeekday(first)]!] };
  const noDay = d.byDay.length === 0 && d.byMonthDay.length === 0;
  if (d.freq === 'MONTHLY' && noDay) return { ...d, byMonthDay: [first.day] };
  if (d.freq === 'YEARLY' && noDay && d.byMonth.length === 0) {
    return { ...d, byMonth: [first.month], byMonthDay: [first.day] };
  }
  return d;
}

/** RRULE text in a fixed part order, e.g. `FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=10`. */
export function ruleText(d: RuleDraft, count?: number, until?: string): string {
  const parts = [`FREQ=${d.freq}`];
  if (d.interval > 1) parts.push(`INTERVAL=${d.interval}`);
  if (d.byMonth.length > 0) parts.push(`BYMONTH=${d.byMonth.join(',')}`);
  if (d.byMonthDay.length > 0) parts.push(`BYMONTHDAY=${d.byMonthDay.join(',')}`);
  if (d.byDay.length > 0) parts.push(`BYDAY=${d.byDay.join(',')}`);
  if (count !== undefined) parts.push(`COUNT=${count}`);
  if (until !== undefined) parts.push(`UNTIL=${until}`);
  return parts.join(';');
}

/** The scan stops at the scheduling bound: a rule with nothing before it is out of range. */
function noOccurrence(phrase: string): Attempt {
  const message = `"${phrase}" has no occurrence in the next ${MAX_AHEAD_YEARS} years.`;
  return failure('TIME_OUT_OF_RANGE', message, HINTS.recurring, true);
}

function invalid(what: string): Attempt {
  const message = `${what.charAt(0).toUpperCase()}${what.slice(1)}.`;
  return failure('UNPARSEABLE_TIME', message, HINTS.recurring, true);
}
