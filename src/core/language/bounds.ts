import { busiestDay, MAX_PER_DAY } from '../domain/density.js';
import { formatLocal } from './format.js';
import { pastFailure } from './resolve.js';
import { type Attempt, failure, HINTS } from './types.js';

/**
 * The one time bound of the product: nothing is scheduled more than five years ahead — a
 * one-off post, the first occurrence of a series, a `random:` draw, or a reschedule. Every
 * parse ends in {@link keepInRange}, so no form can slip past it, and the past check is
 * repeated there as a safety net.
 */

/** How far ahead anything can be scheduled, in years (the number users read in messages). */
export const MAX_AHEAD_YEARS = 5;

/**
 * {@link MAX_AHEAD_YEARS} in milliseconds, counting 366-day years so that "in 5 years" is
 * inside the bound whichever leap days it spans.
 */
export const MAX_AHEAD_MS = MAX_AHEAD_YEARS * 366 * 86_400_000;

/** A phrase that is always inside the bound and never in the past. */
const IN_RANGE_HINT = 'in 1 year';

/**
 * The attempt unchanged when its result is an instant between now and the bound; otherwise
 * the refusal: TIME_OUT_OF_RANGE naming the date the phrase came to, or TIME_IN_PAST.
 * `phrase` is the text as quoted back to the user.
 */
export function keepInRange(attempt: Attempt, now: Date, phrase: string): Attempt {
  const { result } = attempt;
  if (!result.ok) return attempt;
  const { instant, zone, kind } = result.value;
  const at = instant.getTime();
  if (!Number.isFinite(at)) return unrepresentable(phrase, false);
  if (at < now.getTime()) return pastFailure(instant, zone, now);
  if (at - now.getTime() <= MAX_AHEAD_MS)
    return result.value.kind === 'recurring' ? notTooDense(attempt, phrase) : attempt;
  const local = formatLocal(instant, zone);
  const first = kind === 'recurring' ? 'first comes' : 'comes';
  const message = `"${phrase}" ${first} to ${local}, more than ${MAX_AHEAD_YEARS} years ahead; Herald schedules at most ${MAX_AHEAD_YEARS} years ahead.`;
  const hint = kind === 'recurring' ? HINTS.recurring : IN_RANGE_HINT;
  return failure('TIME_OUT_OF_RANGE', message, hint, attempt.recognized, local);
}

/**
 * A series may publish at most {@link MAX_PER_DAY} times on any day: a rule that would fire every
 * minute (or second) is refused before a single job exists, instead of flooding the queue.
 */
function notTooDense(attempt: Attempt, phrase: string): Attempt {
  const { result } = attempt;
  if (!result.ok || result.value.kind !== 'recurring') return attempt;
  const { rrule, local, zone, exdates } = result.value;
  const busiest = busiestDay({ rrule, start: local, zone, exdates });
  if (busiest.count <= MAX_PER_DAY) return attempt;
  const message = `"${phrase}" would publish more than ${MAX_PER_DAY} times on ${busiest.date}; a post repeats at most ${MAX_PER_DAY} times a day.`;
  return failure('TOO_MANY_OCCURRENCES', message, HINTS.recurring, attempt.recognized);
}

/** A span so long that the date it leads to cannot be written down (`in 99999999999 years`). */
export function unrepresentable(phrase: string, delta: boolean): Attempt {
  const message = `"${phrase}" lands far outside the calendar; Herald schedules at most ${MAX_AHEAD_YEARS} years ahead.`;
  return failure('TIME_OUT_OF_RANGE', message, delta ? HINTS.delta : IN_RANGE_HINT, true);
}

/** A span of zero (`+0h`, `in 0 minutes`): it names no change, so it is refused rather than read as "now". */
export function zeroSpan(phrase: string): Attempt {
  return failure('UNPARSEABLE_TIME', `"${phrase}" does not move the post.`, HINTS.delta, true);
}
