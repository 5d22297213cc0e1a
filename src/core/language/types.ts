/**
 * Shapes of the scheduling language: what a parse needs, what it returns, and how it fails. Parsers never throw on user input; they return a `ParseResult`.
 */

/** Everything a parse depends on besides the text: the reference time and default zone are inputs. */
export interface ParseContext {
  /** The reference "now"; relative phrases and the past check use it. */
  now: Date;
  /** Default IANA zone: the account's, else the workspace's. */
  zone: string;
  /** The account's last scheduled post: `random:` chains after it (default: now). */
  lastScheduledAt?: Date;
  /** Uniform source in [0, 1) for `random:`; 0.5 (the middle of the range) when absent. */
  random?: () => number;
  /**
   * The account's default posting time. When given, a phrase that names a day but no time
   * of day (`tomorrow`, `every weekday`) is scheduled at it; when absent such phrases are
   * refused and the user is asked for a time.
   */
  defaultTime?: { hour: number; minute: number };
}

/** A parsed schedule: one instant, or a recurring series anchored at its first occurrence. */
export type When =
  | {
      kind: 'once';
      instant: Date;
      zone: string;
      /** Wall time in `zone`, `YYYY-MM-DDTHH:mm` (`:ss` only when non-zero); the time asked for. */
      local: string;
      /** Set when the phrase named no time of day and the context's default time was used. */
      defaultTime?: true;
    }
  | {
      kind: 'recurring';
      /** The first occurrence. */
      instant: Date;
      zone: string;
      /** Wall time of the first occurrence: the series' DTSTART, which keeps its clock time across DST. */
      local: string;
      /** RRULE text without DTSTART, e.g. `FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR`. */
      rrule: string;
      /** Local dates `YYYY-MM-DD` (or local date-times `YYYY-MM-DDTHH:mm`) left out of the series. */
      exdates: string[];
      /** Set when the phrase named no time of day and the context's default time was used. */
      defaultTime?: true;
    };

/** A single post. */
export type OnceWhen = Extract<When, { kind: 'once' }>;
/** A series: what series edits and expansion work on. */
export type RecurringWhen = Extract<When, { kind: 'recurring' }>;

/**
 * The error codes a parse can return; all are declared in src/core/errors.ts, and all answer
 * HTTP 422: a time that cannot be used is never a malformed request.
 */
export type ParseErrorCode =
  | 'UNPARSEABLE_TIME'
  | 'TIME_IN_PAST'
  | 'TIME_OUT_OF_RANGE'
  | 'TOO_MANY_OCCURRENCES'
  | 'UNKNOWN_TIMEZONE';

/** Why a phrase was refused: what was understood, what was not, and an example that works. */
export interface ParseFailure {
  code: ParseErrorCode;
  message: string;
  /** A phrase that would work, ready to copy. */
  hint: string;
  /** The part that was understood, in words, when there was one. */
  understood?: string;
}

/** What every parser returns instead of throwing (STYLE.md: parsers return results). */
export type ParseResult = { ok: true; value: When } | { ok: false; error: ParseFailure };

/** Internal: a result plus whether the whole text was a time phrase (even a failing one). */
export interface Attempt {
  result: ParseResult;
  /** True when every word belonged to the time grammar: `splitTrailingWhen` stops here. */
  recognized: boolean;
}

/** Builds a failure; `recognized` says the text was a time phrase that was wrong, not prose. */
export function failure(
  code: ParseErrorCode,
  message: string,
  hint: string,
  recognized: boolean,
  understood?: string,
): Attempt {
  const error: ParseFailure =
    understood === undefined ? { code, message, hint } : { code, message, hint, understood };
  return { result: { ok: false, error }, recognized };
}

/** Examples used as hints, one per form, so every error offers something that works. */
export const HINTS = {
  general: 'tomorrow 9am',
  absolute: '2026-12-01 09:00',
  duration: 'in 45 minutes',
  recurring: 'every weekday at 9:30',
  random: 'random:10m-20m',
  zone: 'tomorrow 9am tz:Europe/Paris',
  delta: '+1h',
} as const;
