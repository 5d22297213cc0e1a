import { type Occurrence, occurrencesAfter, type SeriesSpec, walkSeries } from '../domain/recurrence.js';
import { formatWall, formatWallDate, instantToWall } from '../domain/time.js';
import { formatUtc } from './format.js';
import { withoutPart } from './series-anchor.js';
import type { OnceWhen, RecurringWhen, When } from './types.js';

/**
 * Expanding a parsed `When`, and the edits a recurring post allows — editing a series and
 * editing one occurrence are distinct acts: skip one occurrence, move one occurrence, or split
 * the series to change "this and following". All pure: they return new values.
 */

/**
 * Why an edit was refused. Not a parse failure: the times were read fine, but the request
 * names no occurrence of the series or would empty it, which is a request error.
 */
export interface EditFailure {
  code: 'VALIDATION_FAILED';
  message: string;
  /** What to do instead. */
  hint: string;
}

export type EditResult<T> = { ok: true; value: T } | { ok: false; error: EditFailure };

const specOf = (w: RecurringWhen): SeriesSpec => ({
  rrule: w.rrule,
  start: w.local,
  zone: w.zone,
  exdates: w.exdates,
});

/** The next `count` occurrences strictly after `after` (from the first one when absent). */
export function nextOccurrences(when: When, count: number, after?: Date): Date[] {
  if (count <= 0) return [];
  if (when.kind === 'once') return !after || when.instant.getTime() > after.getTime() ? [when.instant] : [];
  return occurrencesAfter(specOf(when), after ?? null, count).map((o) => o.instant);
}

/** The occurrence of `when` at exactly `at`, or null when the series has none there. */
function occurrenceAt(when: RecurringWhen, at: Date, withExceptions = true): Occurrence | null {
  const spec = withExceptions ? specOf(when) : { ...specOf(when), exdates: [] };
  const [found] = occurrencesAfter(spec, new Date(at.getTime() - 1), 1);
  return found && found.instant.getTime() === at.getTime() ? found : null;
}

function notAnOccurrence(when: RecurringWhen, at: Date): EditResult<never> {
  const message = `${formatUtc(at)} is not an occurrence of this series (${when.rrule}).`;
  return {
    ok: false,
    error: { code: 'VALIDATION_FAILED', message, hint: 'Pick a time from the list of next occurrences.' },
  };
}

/**
 * Leaves one occurrence out: adds its local date to EXDATE, or its local date-time when the
 * series has several occurrences that day. `instant` becomes the first remaining occurrence.
 */
export function skipOccurrence(when: RecurringWhen, at: Date): EditResult<RecurringWhen> {
  const found = occurrenceAt(when, at);
  if (!found) return notAnOccurrence(when, at);
  const date = formatWallDate(found.wall);
  let sameDay = 0;
  walkSeries({ ...specOf(when), exdates: [] }, new Date(at.getTime() - 86_400_000), (o) => {
    if (formatWallDate(o.wall) === date) sameDay += 1;
    return formatWallDate(o.wall) <= date;
  });
  const key = sameDay > 1 ? formatWall(found.wall) : date;
  const skipped: RecurringWhen = { ...when, exdates: [...when.exdates, key] };
  const [first] = occurrencesAfter(specOf(skipped), null, 1);
  if (!first) {
    const message = 'Skipping this occurrence would leave the series empty; cancel the post instead.';
    return { ok: false, error: { code: 'VALIDATION_FAILED', message, hint: 'cancel' } };
  }
  return { ok: true, value: { ...skipped, instant: first.instant } };
}

/** Moves one occurrence: skipped in the series, published once at `to` instead. */
export function moveOccurrence(
  when: RecurringWhen,
  at: Date,
  to: Date,
): EditResult<{ series: RecurringWhen; moved: OnceWhen }> {
  const series = skipOccurrence(when, at);
  if (!series.ok) return series;
  const moved: OnceWhen = {
    kind: 'once',
    instant: to,
    zone: when.zone,
    local: formatWall(instantToWall(to, when.zone)),
  };
  return { ok: true, value: { series: series.value, moved } };
}

/**
 * Splits a series at occurrence `at` for "this and following" edits: `before` ends just
 * before it (null when `at` is the first), `after` starts at it with the same rule; COUNT is
 * shared out so the two halves together are the original series.
 */
export function splitSeries(
  when: RecurringWhen,
  at: Date,
): EditResult<{ before: RecurringWhen | null; after: RecurringWhen }> {
  const found = occurrenceAt(when, at, false);
  if (!found) return notAnOccurrence(when, at);
  let earlier = 0;
  walkSeries({ ...specOf(when), exdates: [] }, null, (o) => {
    if (o.instant.getTime() >= at.getTime()) return false;
    earlier += 1;
    return true;
  });
  const count = /(?:^|;)COUNT=(\d+)/i.exec(when.rrule)?.[1];
  const afterRule = count
    ? `${withoutPart(when.rrule, 'COUNT')};COUNT=${Number(count) - earlier}`
    : when.rrule;
  const splitDate = formatWallDate(found.wall);
  const after: RecurringWhen = {
    ...when,
    instant: found.instant,
    local: formatWall(found.wall),
    rrule: afterRule,
    exdates: when.exdates.filter((d) => d.slice(0, 10) >= splitDate),
  };
  if (earlier === 0) return { ok: true, value: { before: null, after } };
  const until = formatUtc(new Date(at.getTime() - 1000)).replace(/[-:]/g, '');
  const beforeRule = `${withoutPart(withoutPart(when.rrule, 'COUNT'), 'UNTIL')};UNTIL=${until}`;
  return { ok: true, value: { before: { ...when, rrule: beforeRule }, after } };
}
