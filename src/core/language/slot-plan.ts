import type { PostingSlot } from '../domain/types.js';
import { parseClock, WEEKDAYS } from './lexicon.js';

/**
 * A weekly posting plan as a person types it: groups of days then times, e.g.
 * `mon-fri 09:00,12:30,18:00 sat 11:00`, `weekdays 9am, 6pm`, `daily 10:00`. Parsers return a
 * result (never throw on user input).
 */

type PlanResult = { ok: true; value: PostingSlot[] } | { ok: false; message: string; hint: string };

const HINT = 'mon-fri 09:00,12:30,18:00 sat 11:00';
const SHORT = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const GROUPS: Record<string, number[]> = {
  daily: [0, 1, 2, 3, 4, 5, 6],
  everyday: [0, 1, 2, 3, 4, 5, 6],
  weekdays: [1, 2, 3, 4, 5],
  weekends: [0, 6],
};

/** Days as typed: `mon`, `mon-fri`, `mon,wed,fri`, `weekdays`; null when the word is not days. */
function daysOf(word: string): number[] | null {
  const group = GROUPS[word];
  if (group) return group;
  const days: number[] = [];
  for (const part of word.split(',').filter(Boolean)) {
    const [a, b] = part.split('-');
    const from = WEEKDAYS.get(a ?? '');
    const to = b === undefined ? from : WEEKDAYS.get(b);
    if (from === undefined || to === undefined) return null;
    for (let d = from; ; d = (d + 1) % 7) {
      if (!days.includes(d)) days.push(d);
      if (d === to) break;
    }
  }
  return days.length > 0 ? days.sort() : null;
}

/** Reads a plan; the times of a group are `HH:mm` in the account's zone. */
export function parseSlotPlan(text: string): PlanResult {
  const words = text
    .toLowerCase()
    .replace(/every day/g, 'daily')
    .replace(/,\s+/g, ',')
    .split(/\s+/)
    .filter(Boolean);
  const plan: PostingSlot[] = [];
  for (const word of words) {
    const days = daysOf(word);
    if (days) {
      plan.push({ days, times: [] });
      continue;
    }
    const current = plan.at(-1);
    if (!current) return { ok: false, message: `"${word.slice(0, 20)}" comes before any day.`, hint: HINT };
    for (const part of word.split(',').filter(Boolean)) {
      const clock = parseClock(part, true);
      if (!clock)
        return {
          ok: false,
          message: `"${part.slice(0, 20)}" is neither days nor a time of day.`,
          hint: HINT,
        };
      const time = `${String(clock.hour).padStart(2, '0')}:${String(clock.minute).padStart(2, '0')}`;
      if (!current.times.includes(time)) current.times.push(time);
    }
  }
  const empty = plan.find((g) => g.times.length === 0);
  if (plan.length === 0 || empty)
    return { ok: false, message: 'Every group of days needs at least one time.', hint: HINT };
  if (plan.reduce((n, g) => n + g.times.length, 0) > 48)
    return { ok: false, message: 'A plan has at most 48 times.', hint: HINT };
  return { ok: true, value: plan.map((g) => ({ days: g.days, times: g.times.sort() })) };
}

/** `Mon–Fri 09:00, 12:30 · Sat 11:00`. */
export function describeSlotPlan(plan: readonly PostingSlot[]): string {
  return plan.map((g) => `${daysText(g.days)} ${g.times.join(', ')}`).join(' · ');
}

function daysText(days: readonly number[]): string {
  const sorted = [...days].sort();
  const run = sorted.every((d, i) => i === 0 || d === (sorted[i - 1] as number) + 1);
  if (run && sorted.length > 2) return `${SHORT[sorted[0] as number]}–${SHORT[sorted.at(-1) as number]}`;
  return sorted.map((d) => SHORT[d]).join(', ');
}
