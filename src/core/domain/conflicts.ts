import { formatLocal, formatWallDay } from '../language/format.js';
import { addWallDays, formatWallDate, instantToWall, wallToInstant } from './time.js';

/**
 * Conflicts and caps (docs/product.md#conflicts-and-caps): a new post for an account must keep
 * the campaign's minimum gap from that account's other posts, and stay within its daily cap — counted per local day
 * in the account's zone, because "3 posts a day" means the creator's day, not UTC's. A
 * refusal names the conflicting post and the earliest slot that satisfies both rules.
 */

export interface ScheduledSlot {
  postId: string;
  at: Date;
}

/** A candidate slot and the campaign rules it must satisfy for one account. */
export interface CheckSlotInput {
  candidate: Date;
  /** The account's IANA zone: whose "day" the daily cap counts. */
  zone: string;
  /** Minimum minutes between two posts of the account; 0 = no minimum. */
  minGapMinutes: number;
  /** Most posts per local day; 0 = no cap. */
  dailyCap: number;
  /** The account's scheduled posts (occurrences), each with its post id. */
  existing: ScheduledSlot[];
  /** A post being rescheduled: its own current slots never conflict with it. */
  ignorePostId?: string;
}

/** Accepted, or refused with the rule broken, the post it collides with and the next free slot. */
export type SlotVerdict =
  | { ok: true }
  | {
      ok: false;
      reason: 'min_gap' | 'daily_cap';
      conflictWith: ScheduledSlot;
      /** Earliest instant ≥ candidate that satisfies both rules. */
      nextFreeSlot: Date;
      message: string;
    };

interface Rules {
  gapMs: number;
  cap: number;
  zone: string;
  slots: ScheduledSlot[];
  byDay: Map<string, ScheduledSlot[]>;
}

/** Whether `candidate` fits the campaign's gap and cap; if not, why, with whom, and the next free slot. */
export function checkSlot(input: CheckSlotInput): SlotVerdict {
  const rules = rulesOf(input);
  const problem = problemAt(input.candidate.getTime(), rules);
  if (!problem) return { ok: true };
  const nextFreeSlot = new Date(nextFree(input.candidate.getTime(), rules));
  const when = formatLocal(nextFreeSlot, input.zone);
  const other = formatLocal(problem.slot.at, input.zone);
  const message =
    problem.reason === 'min_gap'
      ? `Too close to post ${problem.slot.postId} at ${other}: this campaign keeps at least ${input.minGapMinutes} minutes between posts on an account. Next free slot: ${when}.`
      : `${formatWallDay(instantToWall(input.candidate, input.zone))} already has ${rules.cap} post${rules.cap === 1 ? '' : 's'} on this account, the campaign's daily cap (latest: post ${problem.slot.postId} at ${other}). Next free slot: ${when}.`;
  return { ok: false, reason: problem.reason, conflictWith: problem.slot, nextFreeSlot, message };
}

function rulesOf(input: CheckSlotInput): Rules {
  const gap = Number.isFinite(input.minGapMinutes) ? Math.max(0, input.minGapMinutes) : 0;
  const cap =
    Number.isFinite(input.dailyCap) && input.dailyCap > 0
      ? Math.floor(input.dailyCap)
      : Number.POSITIVE_INFINITY;
  const slots = input.existing
    .filter((s) => s.postId !== input.ignorePostId)
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  const byDay = new Map<string, ScheduledSlot[]>();
  for (const slot of slots) {
    const day = formatWallDate(instantToWall(slot.at, input.zone));
    byDay.set(day, [...(byDay.get(day) ?? []), slot]);
  }
  return { gapMs: gap * 60_000, cap, zone: input.zone, slots, byDay };
}

type Problem = { reason: 'min_gap' | 'daily_cap'; slot: ScheduledSlot };

/** The gap conflict nearest to `t`, else the cap conflict of `t`'s local day, else null. */
function problemAt(t: number, rules: Rules): Problem | null {
  let nearest: ScheduledSlot | null = null;
  for (const slot of rules.slots) {
    const distance = Math.abs(slot.at.getTime() - t);
    if (distance < rules.gapMs && (!nearest || distance < Math.abs(nearest.at.getTime() - t))) nearest = slot;
  }
  if (nearest) return { reason: 'min_gap', slot: nearest };
  const sameDay = rules.byDay.get(formatWallDate(instantToWall(new Date(t), rules.zone))) ?? [];
  if (sameDay.length < rules.cap) return null;
  const closest = sameDay.reduce((a, b) =>
    Math.abs(b.at.getTime() - t) < Math.abs(a.at.getTime() - t) ? b : a,
  );
  return { reason: 'daily_cap', slot: closest };
}

/** Walks forward from `t`: past full days to the next local midnight, past gap conflicts to gap's end. */
function nextFree(start: number, rules: Rules): number {
  let t = start;
  for (let guard = 0; guard < rules.slots.length * 2 + 4000; guard++) {
    const problem = problemAt(t, rules);
    if (!problem) return t;
    if (problem.reason === 'daily_cap') {
      const nextDay = addWallDays(
        { ...instantToWall(new Date(t), rules.zone), hour: 0, minute: 0, second: 0 },
        1,
      );
      t = wallToInstant(nextDay, rules.zone).instant.getTime();
    } else {
      const blockers = rules.slots.filter((s) => Math.abs(s.at.getTime() - t) < rules.gapMs);
      t = Math.max(...blockers.map((s) => s.at.getTime())) + rules.gapMs;
    }
  }
  return t;
}
