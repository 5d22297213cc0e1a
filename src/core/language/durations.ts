import { addWallDays, addWallMonths, instantToWall, wallToInstant } from '../domain/time.js';

/**
 * Durations: `30m`, `2h`, `1d`, `10s`, `1h30m`, `in 45 minutes`, `2 hours from now`, reschedule
 * deltas `+1h` / `-30m`, and `random:MIN-MAX`. Seconds, minutes and hours are exact
 * elapsed time; days, weeks and months are calendar steps in the zone that keep the clock
 * time, so `1d` across a DST change is "same time tomorrow", like a recurrence.
 */

/** A length of time split by how it is applied: calendar months/days, then exact milliseconds. */
export interface Span {
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

/** `1h30m`, `1 hour and 30 minutes`, `an hour`, `half an hour`; null when not a duration. */
export function parseSpan(text: string): Span | null {
  const t = text.trim().toLowerCase();
  if (t === 'half an hour') return { months: 0, days: 0, ms: 1_800_000 };
  const span: Span = { months: 0, days: 0, ms: 0 };
  PART_RE.lastIndex = 0;
  let parts = 0;
  while (PART_RE.lastIndex < t.length) {
    const m = PART_RE.exec(t);
    if (!m) return null;
    const amount = /^\d/.test(m[1]!) ? Number(m[1]) : 1;
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

/** `base` moved by `span` in `zone`: calendar part first (keeping the clock time), then exact time. */
export function applySpan(base: Date, span: Span, sign: 1 | -1, zone: string): Date {
  let at = base.getTime();
  if (span.months !== 0 || span.days !== 0) {
    const subSecond = at % 1000;
    let wall = instantToWall(base, zone);
    if (span.months !== 0) wall = addWallMonths(wall, sign * span.months);
    if (span.days !== 0) wall = addWallDays(wall, sign * span.days);
    at = wallToInstant(wall, zone).instant.getTime() + subSecond;
  }
  return new Date(at + sign * span.ms);
}

/** Bounds of `random:MIN-MAX`, in milliseconds. */
export interface RandomRange {
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
