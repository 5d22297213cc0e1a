import { addWallDays, addWallMonths, instantToWall, isValidWall, wallToInstant } from '../domain/time.js';

/**
 * Durations: `30m`, `2h`, `1d`, `10s`, `1h30m`, `in 45 minutes`, `2 hours from now`, reschedule
 * deltas `+1h` / `-30m`, and `random:MIN-MAX`. Seconds, minutes and hours are exact
 * elapsed time; days, weeks and months are calendar steps in the zone that keep the clock
 * time, so `1d` across a DST change is "same time tomorrow", like a recurrence.
 */

/** A length of time split by how it is applied: calendar months/days, then exact milliseconds. */
interface Span {
  months: number;
  days: number;
  ms: number;
}

type Unit = { ms: number } | { days: number } | { months: number };

const UNITS: [RegExp, Unit][] = [
  [/^(s|secs?|seconds?)$/, { ms: 1000 }],
  [/^(m|mins?|minutes?)$/, { ms: 60_000 }],
  [/^(h|hrs?|hours?)$/, { ms: 3_600_000 }],
  [/^(d|days?)$/, { days: 1 }],
  [/^(w|wks?|weeks?)$/, { days: 7 }],
  [/^(mo|mos|months?)$/, { months: 1 }],
  [/^(y|yrs?|years?)$/, { months: 12 }],
];

const PART_RE = /\s*(\d+(?:\.\d+)?|an?|one)\s*([a-z]+)\s*(?:,|and)?/y;

/**
 * Amounts are capped here: even in seconds this is millions of years, far past any date a
 * calendar can hold, so capping changes no answer but keeps every sum finite.
 */
const MAX_AMOUNT = 1e15;

/** `1h30m`, `1 hour and 30 minutes`, `an hour`, `half an hour`; null when not a duration. */
function parseSpan(text: string): Span | null {
  const t = text.trim().toLowerCase();
  if (t === 'half an hour') return { months: 0, days: 0, ms: 1_800_000 };
  const span: Span = { months: 0, days: 0, ms: 0 };
  PART_RE.lastIndex = 0;
  let parts = 0;
  while (PART_RE.lastIndex < t.length) {
    const m = PART_RE.exec(t);
    if (!m) return null;
    const amount = /^\d/.test(m[1]!) ? Math.min(Number(m[1]), MAX_AMOUNT) : 1;
    const unit = UNITS.find(([re]) => re.test(m[2]!))?.[1];
    if (!unit || !Number.isFinite(amount)) return null;
    if ('ms' in unit) span.ms += Math.round(amount * unit.ms);
    else if (!Number.isInteger(amount)) return null;
    else if ('days' in unit) span.days += amount * unit.days;
    else span.months += amount * unit.months;
    parts += 1;
  }
  return parts > 0 ? span : null;
}

/** A relative phrase: `in 45 minutes`, `2h from now`, compact `30m`, or a signed delta `+1h`. */
export interface Relative {
  span: Span;
  sign: 1 | -1;
  /** True for `+1h` / `-30m`: relative to the current scheduled time when rescheduling. */
  delta: boolean;
}

/** Reads a relative phrase; null when the text is not one. */
export function parseRelative(text: string): Relative | null {
  const t = text.trim().toLowerCase();
  const delta = /^([+-])\s*(\d.*)$/.exec(t);
  if (delta) {
    const span = parseSpan(delta[2]!);
    return span ? { span, sign: delta[1] === '-' ? -1 : 1, delta: true } : null;
  }
  const words = /^(?:in|after)\s+(.+)$/.exec(t) ?? /^(.+?)\s+from\s+now$/.exec(t);
  if (words) {
    const span = parseSpan(words[1]!);
    return span ? { span, sign: 1, delta: false } : null;
  }
  if (!/^\d[\d.]*[a-z]+(\d[\d.]*[a-z]+)*$/.test(t)) return null;
  const span = parseSpan(t);
  return span ? { span, sign: 1, delta: false } : null;
}

/** Whether the span is no time at all (`0h`, `0 minutes`). */
export function isZeroSpan(span: Span): boolean {
  return span.months === 0 && span.days === 0 && span.ms === 0;
}

/** Furthest a span may reach: a calendar holds years 1 to 9999, so anything beyond cannot be placed. */
const MAX_MONTHS = 12 * 10_000;
const MAX_DAYS = 366 * 10_000;
/** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z: the instants a calendar date can name. */
const FIRST_MS = -62_135_596_800_000;
export const LAST_MS = 253_402_300_799_999;

/**
 * `base` moved by `span` in `zone`: calendar part first (keeping the clock time), then exact
 * time. Null when the result is not a date of years 1 to 9999 (`+99999999999d`).
 */
export function moveBySpan(base: Date, span: Span, sign: 1 | -1, zone: string): Date | null {
  let at = base.getTime();
  if (!Number.isFinite(at) || Math.abs(span.months) > MAX_MONTHS || Math.abs(span.days) > MAX_DAYS)
    return null;
  if (span.months !== 0 || span.days !== 0) {
    const subSecond = at % 1000;
    let wall = instantToWall(base, zone);
    if (span.months !== 0) wall = addWallMonths(wall, sign * span.months);
    if (span.days !== 0) wall = addWallDays(wall, sign * span.days);
    if (!isValidWall(wall)) return null;
    at = wallToInstant(wall, zone).instant.getTime() + subSecond;
  }
  const moved = at + sign * span.ms;
  return moved >= FIRST_MS && moved <= LAST_MS ? new Date(moved) : null;
}

/**
 * {@link moveBySpan} for callers that need a Date: an Invalid Date (never epoch, never a
 * throw) when the result cannot be represented. New code should use {@link moveBySpan}.
 */
export function applySpan(base: Date, span: Span, sign: 1 | -1, zone: string): Date {
  return moveBySpan(base, span, sign, zone) ?? new Date(Number.NaN);
}

/** Bounds of `random:MIN-MAX`, in milliseconds. */
interface RandomRange {
  minMs: number;
  maxMs: number;
}

const RANDOM_RE = /^random:\s*(\d[\d.]*)\s*([a-z]*)\s*-\s*(\d[\d.]*)\s*([a-z]+)$/;

/** Reads `random:10m-20m` (or `random:10-20m`); null when malformed. Days count as 24 h here. */
export function parseRandomRange(text: string): RandomRange | null {
  const m = RANDOM_RE.exec(text.trim().toLowerCase());
  if (!m) return null;
  const toMs = (amount: string, unit: string): number | null => {
    const span = parseSpan(`${amount}${unit}`);
    return span && span.months === 0 ? span.ms + span.days * 86_400_000 : null;
  };
  const minMs = toMs(m[1]!, m[2] || m[4]!);
  const maxMs = toMs(m[3]!, m[4]!);
  return minMs === null || maxMs === null ? null : { minMs, maxMs };
}
