import type { WallTime } from '../domain/time.js';
import type { Attempt } from './types.js';

/**
 * One point in time as typed (the part of a phrase before any "every …"): a duration, an ISO
 * timestamp, a date and a clock time, or chrono's reading of date words. The result is either
 * an exact instant or a wall time plus how to move it if it lands in the past.
 */
export type Moment =
  | { kind: 'instant'; instant: Date }
  | {
      kind: 'wall';
      wall: WallTime;
      /** False for a bare clock time (`9am`): the date was not typed. */
      dateGiven: boolean;
      /** When in the past: `day` → tomorrow (bare time), `week` → next week (bare weekday), `year` → next year (no year typed). */
      roll: 'none' | 'day' | 'week' | 'year';
      /** A weekday typed next to a date (`Fri Dec 25`), 0 = Sunday: it must agree with the date. */
      weekday?: number;
    }
  | {
      kind: 'date';
      wall: WallTime;
      text: string;
      /** How the date moves once a default time of day is added and it lands in the past (see the wall kind). */
      roll: 'none' | 'week' | 'year';
      /** A weekday typed next to the date, 0 = Sunday. */
      weekday?: number;
      /** A part of the day (`tonight`, `morning`): a default time would contradict it, so none is added. */
      dayPart?: true;
    };

/** A moment, or the failure explaining why the start phrase could not be read. */
export type MomentAttempt = { ok: true; moment: Moment } | Attempt;
