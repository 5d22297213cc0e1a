import {
  formatWall,
  formatWallDate,
  instantToWall,
  parseWall,
  type WallTime,
  wallToInstant,
} from '../domain/time.js';
import type { Post } from '../domain/types.js';
import { HeraldError } from '../errors.js';
import { parseRelative } from '../language/durations.js';
import { nextOccurrences, type OnceWhen, type RecurringWhen, splitSeries } from '../language/index.js';
import { partOf } from '../language/series-anchor.js';

/**
 * A shift of a whole series (`+1h`, `-30m`) moves its clock: from its next occurrence on, every
 * occurrence keeps its day and takes the new time of day. A shift by days or more would change
 * which days the rule picks, and one time for a whole series is ambiguous: both are refused with
 * the three things that can be said instead.
 */
export function shiftedSeries(
  post: Post,
  series: RecurringWhen,
  phrase: string,
  when: OnceWhen,
  now: Date,
): RecurringWhen {
  const shift = /^\s*[+-]/.test(phrase) ? parseRelative(phrase.trim()) : null;
  if (!shift?.delta || shift.span.days !== 0 || shift.span.months !== 0) throw ambiguous(post, when);
  if (['BYHOUR', 'BYMINUTE', 'BYSECOND'].some((part) => partOf(series.rrule, part) !== undefined))
    throw ambiguous(post, when);
  const [next] = nextOccurrences(series, 1, new Date(now.getTime() - 1));
  if (!next) throw new HeraldError('INVALID_TRANSITION', `The series ${post.id} has no occurrence left.`);
  const split = splitSeries(series, next);
  if (!split.ok) throw new HeraldError('VALIDATION_FAILED', split.error.message, { hint: split.error.hint });
  const from = instantToWall(next, series.zone);
  const to = instantToWall(new Date(next.getTime() + shift.sign * shift.span.ms), series.zone);
  if (formatWallDate(from) !== formatWallDate(to))
    throw new HeraldError('VALIDATION_FAILED', `"${phrase}" would move the series across midnight.`, {
      hint: `Give the new rule instead, e.g. reschedule ${post.id} every day at ${pad(to)}.`,
    });
  const local = formatWall({ ...from, hour: to.hour, minute: to.minute, second: to.second });
  const instant = wallToInstant(parseWall(local) as WallTime, series.zone).instant;
  if (instant.getTime() < now.getTime())
    throw new HeraldError(
      'TIME_IN_PAST',
      `The next occurrence would move to ${local.replace('T', ' ')}, which has passed.`,
      {
        hint: `Shift it the other way, or give the new rule: reschedule ${post.id} every day at ${pad(to)}.`,
      },
    );
  return { ...split.value.after, local, instant };
}

function ambiguous(post: Post, when: OnceWhen): HeraldError {
  return new HeraldError('VALIDATION_FAILED', `Post ${post.id} is a series: say what moves.`, {
    hint: [
      `the whole series with a new rule: reschedule ${post.id} every monday at 10:00`,
      `its time of day: reschedule ${post.id} +1h`,
      `one occurrence: reschedule ${post.id} <its date> to ${when.local.replace('T', ' ')}`,
    ].join('; '),
  });
}

function pad(w: WallTime): string {
  return `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
}
