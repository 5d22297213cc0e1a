import * as chrono from 'chrono-node';
import { instantToWall, type WallTime } from '../domain/time.js';
import type { Moment, MomentAttempt } from './moment-types.js';
import { failure, HINTS } from './types.js';

/**
 * chrono-node for the long tail of date words (`next friday at noon`, `the day after
 * tomorrow 8am`, `Dec 1st, 2026 at 9:15 pm`).
 *
 * chrono computes in the process zone, so it is only asked for wall-clock *fields*: the
 * reference handed to it is a Date whose process-local fields equal "now" on the wall in
 * the target zone, and the fields it returns are turned into an instant by luxon in that
 * zone. Durations (`in 45 minutes`) never reach chrono: they are exact elapsed time.
 */

const FILLER = /^(?:at|on|the|,|\s)*$/;
const MODIFIER = /\b(this|next|last|past|previous|coming)\b/;
const DAY_PART = /\b(tonight|morning|afternoon|evening|night)\b/;

/** Reads `text` with chrono relative to `now` on the wall in `zone`. */
export function chronoMoment(text: string, zone: string, now: Date): MomentAttempt {
  const n = instantToWall(now, zone);
  const reference = new Date(n.year, n.month - 1, n.day, n.hour, n.minute, n.second);
  let results: chrono.ParsedResult[];
  try {
    results = chrono.casual.parse(text, reference);
  } catch {
    results = [];
  }
  const first = results[0];
  if (!first) {
    return failure('UNPARSEABLE_TIME', `I could not read "${text}" as a time.`, HINTS.general, false);
  }
  const rest = (text.slice(0, first.index) + text.slice(first.index + first.text.length)).trim();
  if (results.length > 1 || !FILLER.test(rest)) {
    const notUnderstood = results.length > 1 ? text.slice(first.index + first.text.length).trim() : rest;
    const message = `I understood "${first.text}" but not "${notUnderstood}".`;
    return failure('UNPARSEABLE_TIME', message, HINTS.general, false, first.text);
  }
  return fromComponents(first, text, n);
}

function fromComponents(result: chrono.ParsedResult, text: string, n: { year: number }): MomentAttempt {
  const c = result.start;
  if (c.isCertain('timezoneOffset')) {
    const message = `"${text}" names a UTC offset or abbreviation; Herald needs an IANA zone name.`;
    return failure('UNKNOWN_TIMEZONE', message, HINTS.zone, true, result.text);
  }
  if (result.end) {
    return failure(
      'UNPARSEABLE_TIME',
      `"${text}" is a range; give one time.`,
      HINTS.general,
      true,
      result.text,
    );
  }
  if (c.tags().has('result/relativeDateAndTime')) {
    return failure(
      'UNPARSEABLE_TIME',
      `I could not read "${text}" as a duration.`,
      HINTS.duration,
      true,
      result.text,
    );
  }
  const year = c.get('year')!;
  const wall = { year, month: c.get('month')!, day: c.get('day')!, hour: 0, minute: 0, second: 0 };
  if (!c.isCertain('hour')) return { ok: true, moment: dateOnly(c, wall, result.text, n.year) };
  wall.hour = c.get('hour')!;
  wall.minute = c.get('minute') ?? 0;
  wall.second = c.get('second') ?? 0;
  return { ok: true, moment: withRoll(c, wall, text, n.year) };
}

/** A date without a time of day, with the roll it would get once a time is added. */
function dateOnly(c: chrono.ParsedComponents, wall: WallTime, text: string, thisYear: number): Moment {
  const rolled = withRoll(c, wall, text, thisYear);
  const roll = rolled.kind === 'wall' && rolled.roll !== 'day' ? rolled.roll : 'none';
  const moment: Moment = { kind: 'date', wall: rolled.kind === 'instant' ? wall : rolled.wall, text, roll };
  if (c.isCertain('weekday')) moment.weekday = c.get('weekday')!;
  if (DAY_PART.test(text)) moment.dayPart = true;
  return moment;
}

/** How a chrono result should move forward when it lands in the past (see `Moment.roll`). */
function withRoll(c: chrono.ParsedComponents, wall: WallTime, text: string, thisYear: number): Moment {
  const day = c.isCertain('day');
  if (day && c.isCertain('month') && !c.isCertain('year')) {
    const moment: Moment = { kind: 'wall', wall: { ...wall, year: thisYear }, dateGiven: true, roll: 'year' };
    if (c.isCertain('weekday')) moment.weekday = c.get('weekday')!;
    return moment;
  }
  if (c.isCertain('weekday') && !day) {
    return { kind: 'wall', wall, dateGiven: true, roll: MODIFIER.test(text) ? 'none' : 'week' };
  }
  if (!day) return { kind: 'wall', wall, dateGiven: false, roll: 'day' };
  const moment: Moment = { kind: 'wall', wall, dateGiven: true, roll: 'none' };
  if (c.isCertain('weekday')) moment.weekday = c.get('weekday')!;
  return moment;
}
