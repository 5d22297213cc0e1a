import { formatWall, instantToWall } from '../domain/time.js';
import { unrepresentable } from './bounds.js';
import { LAST_MS, parseRandomRange } from './durations.js';
import { type Attempt, failure, HINTS, type ParseContext } from './types.js';

/**
 * `random:MIN-MAX`: a time drawn between MIN and MAX after the account's last scheduled post
 * (or now), to the second. The bounds keep chained posts apart yet within a month.
 */

const MIN_RANDOM_MS = 30_000;
const MAX_RANDOM_MS = 30 * 86_400_000;

/** Reads `body` (lower-case, starting `random:`) and draws the instant with `ctx.random`. */
export function randomWhen(body: string, zone: string, ctx: ParseContext): Attempt {
  const range = parseRandomRange(body);
  if (!range) {
    return failure('UNPARSEABLE_TIME', `I could not read "${body}" as random:MIN-MAX.`, HINTS.random, true);
  }
  const { minMs, maxMs } = range;
  if (maxMs > MAX_RANDOM_MS) {
    const message = `"${body}" reaches further than 30 days after the last post; MAX can be at most 30d.`;
    return failure('TIME_OUT_OF_RANGE', message, HINTS.random, true);
  }
  if (minMs < MIN_RANDOM_MS || minMs > maxMs) {
    const message = `"${body}" must have 30s ≤ MIN ≤ MAX ≤ 30d.`;
    return failure('UNPARSEABLE_TIME', message, HINTS.random, true);
  }
  const last = ctx.lastScheduledAt instanceof Date ? ctx.lastScheduledAt.getTime() : Number.NaN;
  const base = Number.isFinite(last) ? Math.max(ctx.now.getTime(), last) : ctx.now.getTime();
  const drawn = draw(ctx.random);
  const r = Number.isFinite(drawn) ? Math.min(Math.max(drawn, 0), 0.999_999_999) : 0.5;
  const steps = Math.floor((maxMs - minMs) / 1000);
  const instant = new Date(base + minMs + Math.floor(r * (steps + 1)) * 1000);
  // A last post in year 9999 would chain off the calendar; the bound check cannot even name that date.
  if (!(instant.getTime() <= LAST_MS)) return unrepresentable(body, false);
  const local = formatWall(instantToWall(instant, zone));
  return { result: { ok: true, value: { kind: 'once', instant, zone, local } }, recognized: true };
}

/** The caller's random draw, or the middle of the range when there is none (or it fails). */
function draw(random: (() => number) | undefined): number {
  try {
    return random ? random() : 0.5;
  } catch {
    return 0.5;
  }
}
