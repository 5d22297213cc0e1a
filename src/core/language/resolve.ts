import {
  addWallDays,
  instantToWall,
  isValidWall,
  type WallResolution,
  type WallTime,
  wallToFloating,
  wallToInstant,
  wallWeekday,
} from '../domain/time.js';
import { formatClock, formatLocal, formatRelative, formatUtcShort, formatWallDay } from './format.js';
import { DAY_NAMES, type LooseDate } from './lexicon.js';
import type { Moment } from './moment-types.js';
import { type Attempt, failure, HINTS } from './types.js';

/**
 * Places a parsed moment on the timeline in a zone: validates the date, applies the RFC 5545
 * gap/fall-back rule, and moves phrases that did not name a date (`9am`, `friday 9am`,
 * `Dec 1 9am`) to their next future occurrence. Phrases that did name one are never moved:
 * in the past they are refused.
 */

const RECENT_MS = 31 * 86_400_000;

/** A moment placed on the timeline. */
interface Placed {
  instant: Date;
  /** The wall time asked for (it may not exist, see `resolution`). */
  wall: WallTime;
  resolution: WallResolution;
}

/** A placed moment, or why it cannot be placed (no time of day, no such date). */
type PlaceResult = { ok: true; placed: Placed } | Attempt;

/** Places `m` (typed as `text`) in `zone` relative to `now`. */
export function placeMoment(m: Moment, text: string, zone: string, now: Date): PlaceResult {
  const placed = placeOnTimeline(m, text, zone, now);
  if (
    !('result' in placed) &&
    m.kind === 'wall' &&
    m.weekday !== undefined &&
    wallWeekday(placed.placed.wall) !== m.weekday
  ) {
    const day = formatWallDay(placed.placed.wall);
    return failure(
      'UNPARSEABLE_TIME',
      `"${text}" names a ${DAY_NAMES[m.weekday]}, but ${day} is not one.`,
      HINTS.general,
      false,
      day,
    );
  }
  return placed;
}

function placeOnTimeline(m: Moment, text: string, zone: string, now: Date): PlaceResult {
  if (m.kind === 'instant') {
    return {
      ok: true,
      placed: { instant: m.instant, wall: instantToWall(m.instant, zone), resolution: 'exact' },
    };
  }
  if (m.kind === 'date') {
    const day = formatWallDay(firstReal(m.wall));
    const message = `I understood the date ${day} but no time of day.`;
    return failure('UNPARSEABLE_TIME', message, `${m.text} 9am`, true, day);
  }
  if (m.roll === 'year') return placeYearless(m.wall, text, zone, now);
  if (!isValidWall(m.wall)) return notADate(text);
  let wall = m.wall;
  let resolved = wallToInstant(wall, zone);
  const step = m.roll === 'day' ? 1 : m.roll === 'week' ? 7 : 0;
  for (let i = 0; step > 0 && i < 2 && resolved.instant.getTime() < now.getTime(); i++) {
    wall = addWallDays(wall, step);
    resolved = wallToInstant(wall, zone);
  }
  return { ok: true, placed: { instant: resolved.instant, wall, resolution: resolved.resolution } };
}

/**
 * `Dec 1 9am`: this year if still ahead, else the next year that has the date (Feb 29) —
 * except a date passed less than a month ago, which is refused as past rather than silently
 * pushed a year out.
 */
function placeYearless(first: WallTime, text: string, zone: string, now: Date): PlaceResult {
  for (let y = 0; y <= 8; y++) {
    const wall = { ...first, year: first.year + y };
    if (!isValidWall(wall)) continue;
    const resolved = wallToInstant(wall, zone);
    const placed = { instant: resolved.instant, wall, resolution: resolved.resolution };
    const behind = now.getTime() - resolved.instant.getTime();
    if (behind <= 0 || (y === 0 && behind <= RECENT_MS)) return { ok: true, placed };
  }
  return notADate(text);
}

/** The wall itself, or for a yearless Feb 29 the next year that has it (what the date will mean). */
function firstReal(wall: WallTime): WallTime {
  for (let y = 0; y <= 8; y++) {
    if (isValidWall({ ...wall, year: wall.year + y })) return { ...wall, year: wall.year + y };
  }
  return wall;
}

/** UNPARSEABLE_TIME for a date no calendar has (30 February, 29 February 2027). */
export function notADate(text: string): Attempt {
  return failure('UNPARSEABLE_TIME', `"${text}" is not a real date.`, HINTS.absolute, true);
}

/** TIME_IN_PAST showing the parsed instant in the zone and in UTC, with a time that works. */
export function pastFailure(instant: Date, zone: string, now: Date, clock?: WallTime): Attempt {
  const local = formatLocal(instant, zone);
  const message = `${local} (${formatUtcShort(instant)}) is in the past (${formatRelative(instant, now)}).`;
  const hint = clock ? `tomorrow ${formatClock(clock)}` : HINTS.general;
  return failure('TIME_IN_PAST', message, hint, true, local);
}

/** A typed date with its year filled in: the first such date on or after `from` when none was typed. */
export function resolveLooseDate(d: LooseDate, from: WallTime): WallTime | null {
  const base = { year: d.year ?? from.year, month: d.month, day: d.day, hour: 0, minute: 0, second: 0 };
  if (d.year !== undefined) return isValidWall(base) ? base : null;
  const floor = wallToFloating({ ...from, hour: 0, minute: 0, second: 0 }).getTime();
  for (let y = 0; y <= 8; y++) {
    const wall = { ...base, year: base.year + y };
    if (isValidWall(wall) && wallToFloating(wall).getTime() >= floor) return wall;
  }
  return null;
}
