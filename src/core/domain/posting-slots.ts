import { checkSlot, type ScheduledSlot } from './conflicts.js';
import { addWallDays, instantToWall, wallToInstant, wallWeekday } from './time.js';
import type { PostingSlot } from './types.js';

/** How far ahead the next free slot is looked for. */
const SEARCH_DAYS = 62;

interface SlotSearch {
  slots: readonly PostingSlot[];
  zone: string;
  /** Only slots strictly after this instant. */
  after: Date;
  /** The account's live posts: a slot holding one is taken. */
  taken: readonly ScheduledSlot[];
  /** The campaign's rules a slot must also satisfy (0 = none). */
  minGapMinutes: number;
  dailyCap: number;
}

/** The slot instants of one local day, in order. */
function slotsOn(
  slots: readonly PostingSlot[],
  day: { year: number; month: number; day: number },
  zone: string,
): Date[] {
  const weekday = wallWeekday({ ...day, hour: 0, minute: 0, second: 0 });
  const times = new Set(slots.filter((s) => s.days.includes(weekday)).flatMap((s) => s.times));
  return [...times].sort().map((t) => {
    const [hour, minute] = t.split(':').map(Number) as [number, number];
    return wallToInstant({ ...day, hour, minute, second: 0 }, zone).instant;
  });
}

/**
 * The first slot of the plan after `after` that holds no post of the account and keeps the
 * campaign's gap and daily cap; null when none does within two months.
 */
export function nextFreeSlot(search: SlotSearch): Date | null {
  const start = instantToWall(search.after, search.zone);
  for (let d = 0; d < SEARCH_DAYS; d += 1) {
    const day = addWallDays({ ...start, hour: 0, minute: 0, second: 0 }, d);
    for (const at of slotsOn(search.slots, day, search.zone)) {
      if (at.getTime() <= search.after.getTime()) continue;
      if (search.taken.some((t) => Math.abs(t.at.getTime() - at.getTime()) < 60_000)) continue;
      const verdict = checkSlot({
        candidate: at,
        zone: search.zone,
        minGapMinutes: search.minGapMinutes,
        dailyCap: search.dailyCap,
        existing: [...search.taken],
      });
      if (verdict.ok) return at;
    }
  }
  return null;
}

/** The plan's slot instants in [from, to): the calendar shows the free ones as drop targets. */
export function slotsBetween(slots: readonly PostingSlot[], zone: string, from: Date, to: Date): Date[] {
  const out: Date[] = [];
  const first = instantToWall(from, zone);
  for (let d = 0; d < 62; d += 1) {
    const day = addWallDays({ ...first, hour: 0, minute: 0, second: 0 }, d);
    for (const at of slotsOn(slots, day, zone)) {
      if (at.getTime() >= to.getTime()) return out;
      if (at.getTime() >= from.getTime()) out.push(at);
    }
  }
  return out;
}
