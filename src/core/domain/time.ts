import { IANAZone } from 'luxon';

/**
 * Wall-clock time in an IANA zone, and the one place that turns it into an instant.
 *
 * Every zone computation goes through luxon's IANA zone data (never the process zone), so
 * results are identical whatever `TZ` the process runs with. Local times follow RFC 5545
 * §3.3.5: a time in a spring-forward gap moves forward by the length of the gap, and a time
 * that happens twice at a fall-back takes the first (earlier) instant.
 */

/** Wall-clock fields as typed by a person; `month` is 1–12. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** How a wall time mapped onto the timeline: once, not at all (gap), or twice (ambiguous). */
export type WallResolution = 'exact' | 'gap' | 'ambiguous';

/** Where a wall time landed, and whether RFC 5545's gap/fall-back rule had to decide. */
interface ResolvedWall {
  instant: Date;
  resolution: WallResolution;
  /** Minutes the wall time moved forward because it fell in a gap; 0 otherwise. */
  shiftMinutes: number;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const offsetMemo = new Map<string, Map<number, number>>();

/**
 * UTC offset of `zone` at `ts`, in minutes. Luxon asks Intl each time (~7 µs), and a parse
 * needs several, so results are memoised per UTC hour — only when the offset is the same at
 * both ends of that hour, so an hour containing a transition is always computed exactly.
 */
export function zoneOffset(zone: string, ts: number): number {
  let memo = offsetMemo.get(zone);
  if (!memo) {
    if (offsetMemo.size > 1000) offsetMemo.clear();
    memo = new Map();
    offsetMemo.set(zone, memo);
  }
  const bucket = Math.floor(ts / HOUR);
  const known = memo.get(bucket);
  if (known !== undefined) return known;
  const iana = IANAZone.create(zone);
  const start = iana.offset(bucket * HOUR);
  if (start !== iana.offset(bucket * HOUR + HOUR - 1)) return iana.offset(ts);
  if (memo.size > 20_000) memo.clear();
  memo.set(bucket, start);
  return start;
}

/** The wall time as if it were UTC: the "floating" form rrule computes with. */
export function wallToFloating(w: WallTime): Date {
  const d = new Date(Date.UTC(2000, w.month - 1, w.day, w.hour, w.minute, w.second));
  d.setUTCFullYear(w.year, w.month - 1, w.day);
  return d;
}

/** Inverse of {@link wallToFloating}. */
export function floatingToWall(d: Date): WallTime {
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/**
 * The instant a wall time denotes in `zone`, per RFC 5545 §3.3.5 (gap → forward by the gap,
 * fall-back → first occurrence). Assumes at most one offset change within ±1 day, which holds
 * for every zone in the tz database since 1970.
 */
export function wallToInstant(w: WallTime, zone: string): ResolvedWall {
  const local = wallToFloating(w).getTime();
  const before = zoneOffset(zone, local - DAY);
  const after = zoneOffset(zone, local + DAY);
  const guess = zoneOffset(zone, local - before * MINUTE);
  const found: number[] = [];
  for (const o of new Set([before, after, guess])) {
    const t = local - o * MINUTE;
    if (zoneOffset(zone, t) === o) found.push(t);
  }
  if (found.length === 0) {
    const t = local - before * MINUTE;
    return { instant: new Date(t), resolution: 'gap', shiftMinutes: zoneOffset(zone, t) - before };
  }
  const t = Math.min(...found);
  const resolution = new Set(found).size > 1 ? 'ambiguous' : 'exact';
  return { instant: new Date(t), resolution, shiftMinutes: 0 };
}

/** The wall time `instant` shows in `zone` (milliseconds dropped). */
export function instantToWall(instant: Date, zone: string): WallTime {
  const ts = instant.getTime();
  return floatingToWall(new Date(ts + zoneOffset(zone, ts) * MINUTE));
}

/** Whether the fields name a real calendar date and clock time (ignoring zones). */
export function isValidWall(w: WallTime): boolean {
  const ints = [w.year, w.month, w.day, w.hour, w.minute, w.second].every(Number.isInteger);
  if (!ints || w.year < 1 || w.year > 9999 || w.month < 1 || w.month > 12 || w.day < 1) return false;
  if (w.hour < 0 || w.hour > 23 || w.minute < 0 || w.minute > 59 || w.second < 0 || w.second > 59)
    return false;
  return w.day <= daysInMonth(w.year, w.month);
}

/** Days in a month of the proleptic Gregorian calendar; `month` is 1–12. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Moves a wall time by whole calendar days, keeping the clock time (DST-proof "tomorrow"). */
export function addWallDays(w: WallTime, days: number): WallTime {
  const f = wallToFloating(w);
  f.setUTCDate(f.getUTCDate() + days);
  return floatingToWall(f);
}

/** Moves a wall time by calendar months, clamping the day (Jan 31 + 1 month = Feb 28/29). */
export function addWallMonths(w: WallTime, months: number): WallTime {
  const index = w.year * 12 + (w.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { ...w, year, month, day: Math.min(w.day, daysInMonth(year, month)) };
}

/** Day of week, 0 = Sunday … 6 = Saturday. */
export function wallWeekday(w: WallTime): number {
  return wallToFloating({ ...w, hour: 12, minute: 0, second: 0 }).getUTCDay();
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `YYYY-MM-DD`: the local-date form used for EXDATE exceptions. */
export function formatWallDate(w: WallTime): string {
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** `YYYY-MM-DDTHH:mm`, plus `:ss` only when seconds are not zero: the stored local form. */
export function formatWall(w: WallTime): string {
  const seconds = w.second ? `:${pad(w.second)}` : '';
  return `${formatWallDate(w)}T${pad(w.hour)}:${pad(w.minute)}${seconds}`;
}

const WALL_RE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** Parses {@link formatWall} / {@link formatWallDate} output; null when not a valid wall time. */
export function parseWall(text: string): WallTime | null {
  const m = WALL_RE.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((s) => (s ? Number(s) : 0));
  const w = { year: year!, month: month!, day: day!, hour: hour!, minute: minute!, second: second! };
  return isValidWall(w) ? w : null;
}
