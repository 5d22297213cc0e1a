/**
 * The scheduling language and its echo: the one module every surface — Slack,
 * Discord, console, REST, `herald parse` — uses to read times and to say what it understood.
 */

export { type CheckSlotInput, checkSlot, type SlotVerdict } from '../domain/conflicts.js';
export { occurrencesBetween } from '../domain/recurrence.js';
export { MAX_AHEAD_MS, MAX_AHEAD_YEARS } from './bounds.js';
export { formatLocal, formatRelative, formatUtc, zoneAbbreviation } from './format.js';
export { type Interpretation, interpret } from './interpret.js';
export { parseReschedule, parseWhen } from './parse-when.js';
export {
  type EditFailure,
  type EditResult,
  moveOccurrence,
  nextOccurrences,
  skipOccurrence,
  splitSeries,
} from './series.js';
export { splitTrailingWhen } from './split-trailing.js';
export type {
  OnceWhen,
  ParseContext,
  ParseErrorCode,
  ParseFailure,
  ParseResult,
  RecurringWhen,
  When,
} from './types.js';
export { resolveZone, suggestZones } from './zones.js';
