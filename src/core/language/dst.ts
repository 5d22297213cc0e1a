import { instantToWall, type WallTime, wallToInstant, zoneOffset } from '../domain/time.js';
import { formatClock, formatLocal, formatWallDay, zoneAbbreviation } from './format.js';

/**
 * Daylight-saving awareness for the interpretation echo: where a zone's offset changes, and
 * the sentences that tell a user their time was moved (spring-forward gap), was one of two
 * (fall-back), or that a series crosses a change and keeps its local clock time.
 */

interface OffsetChange {
  /** First instant with the new offset. */
  at: Date;
  before: number;
  after: number;
}

const MINUTE = 60_000;
const WEEK = 7 * 86_400_000;

/** Offset changes of `zone` in (from, to], found by weekly steps then bisection to the minute. */
export function offsetChanges(zone: string, from: Date, to: Date, max = 4): OffsetChange[] {
  const out: OffsetChange[] = [];
  let t = Math.floor(from.getTime() / MINUTE) * MINUTE;
  const end = to.getTime();
  while (t < end && out.length < max) {
    const next = Math.min(t + WEEK, end);
    const before = zoneOffset(zone, t);
    if (zoneOffset(zone, next) !== before) {
      let lo = t;
      let hi = next;
      while (hi - lo > MINUTE) {
        const mid = lo + Math.max(MINUTE, Math.floor((hi - lo) / 2 / MINUTE) * MINUTE);
        if (zoneOffset(zone, mid) === before) lo = mid;
        else hi = mid;
      }
      out.push({ at: new Date(hi), before, after: zoneOffset(zone, hi) });
      t = hi;
    } else {
      t = next;
    }
  }
  return out;
}

/** A note when `asked` does not exist (gap) or exists twice (fall-back) in `zone`; null otherwise. */
export function wallNote(asked: WallTime, zone: string): string | null {
  const resolved = wallToInstant(asked, zone);
  const day = formatWallDay(asked);
  if (resolved.resolution === 'gap') {
    const actual = formatLocal(resolved.instant, zone);
    return `${formatClock(asked)} does not exist on ${day} in ${zone} (clocks jump forward); it runs at ${actual}.`;
  }
  if (resolved.resolution === 'ambiguous') {
    const abbreviation = zoneAbbreviation(zone, resolved.instant);
    return `${formatClock(asked)} happens twice on ${day} in ${zone} (clocks go back); Herald uses the first one, ${abbreviation}.`;
  }
  return null;
}

/** The sentence for a once-off post with a DST change between now and its time. */
export function onceCrossingNote(zone: string, now: Date, instant: Date): string | null {
  const [change] = offsetChanges(zone, now, instant, 1);
  if (!change) return null;
  return `Clocks change in ${zone} on ${changeWords(zone, change)} before this post.`;
}

/** The sentence for a series that crosses a DST change: it keeps its local time, UTC moves. */
export function seriesCrossingNote(zone: string, clock: WallTime, change: OffsetChange): string {
  const utcAt = (offset: number): string => {
    const minutes = (((clock.hour * 60 + clock.minute - offset) % 1440) + 1440) % 1440;
    return formatClock({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0 });
  };
  const local = formatClock(clock);
  const moves = `${utcAt(change.before)} UTC before and ${utcAt(change.after)} UTC after`;
  return `This series crosses a daylight-saving change on ${changeWords(zone, change)}: it stays at ${local} local time, which is ${moves}.`;
}

function changeWords(zone: string, change: OffsetChange): string {
  const before = zoneAbbreviation(zone, new Date(change.at.getTime() - MINUTE));
  const after = zoneAbbreviation(zone, change.at);
  return `${formatWallDay(instantToWall(change.at, zone))} (${before} → ${after})`;
}
