import type { Moment } from './moment-types.js';

/**
 * The account's default posting time: what a phrase that names a day but no time of day
 * (`tomorrow`, `next friday`, `every weekday`) is scheduled at, when the caller has one.
 * Without it such phrases are refused, as before: Herald never guesses a time on its own.
 */

/** A time of day, `hour` 0–23 and `minute` 0–59. */
export interface TimeOfDay {
  hour: number;
  minute: number;
}

/** Whether `t` is absent or a real time of day; anything else is a caller's mistake to refuse. */
export function isValidTimeOfDay(t: unknown): t is TimeOfDay | undefined {
  if (t === undefined) return true;
  if (typeof t !== 'object' || t === null) return false;
  const { hour, minute } = t as Partial<TimeOfDay>;
  return (
    Number.isInteger(hour) &&
    Number.isInteger(minute) &&
    hour! >= 0 &&
    hour! <= 23 &&
    minute! >= 0 &&
    minute! <= 59
  );
}

/**
 * A date-only moment as if the default time had been typed with it (`tomorrow` →
 * `tomorrow 09:00`), so it rolls and is refused exactly as the typed phrase would be.
 * Null when there is nothing to add: not a bare date, no default, or a part of the day.
 */
export function atDefaultTime(m: Moment, time: TimeOfDay | undefined): Moment | null {
  if (m.kind !== 'date' || !time || m.dayPart) return null;
  const wall = { ...m.wall, hour: time.hour, minute: time.minute, second: 0 };
  const moment: Moment = { kind: 'wall', wall, dateGiven: true, roll: m.roll };
  if (m.weekday !== undefined) moment.weekday = m.weekday;
  return moment;
}

/** `HH:MM` of a stored local wall time `YYYY-MM-DDTHH:mm[:ss]`. */
export function clockOfLocal(local: string): string {
  return local.slice(11, 16);
}

/** The line the echo adds when the default time was used, saying how to choose another. */
export function defaultTimeNote(clock: string): string {
  const other = clock === '18:00' ? '09:00' : '18:00';
  return `No time of day was given, so the default posting time ${clock} was used; add one to choose, e.g. "at ${other}".`;
}
