import { exdateMatcher, type Occurrence, parseRule, walkSeries } from '../domain/recurrence.js';
import { formatWall } from '../domain/time.js';
import { MAX_AHEAD_YEARS } from './bounds.js';

/**
 * Finds where a new series really starts. The first date matching the pattern at or after
 * the threshold fixes the phase (`every 2 weeks on tuesday` typed on a Saturday starts on the
 * coming Tuesday, not in ten days), unless the user gave DTSTART, whose phase is kept as
 * RFC 5545 defines it. Exceptions are then skipped along the real series and counted, so
 * COUNT can be reduced by exactly the skipped ones.
 */

interface AnchorInput {
  /** Rule text without COUNT (it is applied by the caller, from the anchor on). */
  rrule: string;
  /** Wall time the search starts from, `YYYY-MM-DDTHH:mm[:ss]`. */
  start: string;
  zone: string;
  threshold: Date;
  exdates: string[];
  keepPhase: boolean;
}

/** Where a series starts, and how many occurrences exceptions removed before that. */
interface Anchor {
  occurrence: Occurrence | null;
  /** Occurrences at or after the threshold that exceptions removed before the anchor. */
  skipped: number;
}

const Y = MAX_AHEAD_YEARS;
/**
 * Rule periods covering the scheduling bound, indexed by rrule's frequency (YEARLY = 0 …
 * SECONDLY = 6): a first occurrence further out would be refused anyway, so the scan stops.
 */
const PERIODS_IN_RANGE = [Y + 1, Y * 12 + 1, Y * 53 + 1, Y * 366 + 1, Y * 8784, Y * 527_040, Y * 31_622_400];

/** The first non-excluded occurrence at or after `threshold`, within about the scheduling bound. */
export function anchorSeries(input: AnchorInput): Anchor {
  const parsed = parseRule(input.rrule);
  if (typeof parsed === 'string') return { occurrence: null, skipped: 0 };
  const budget = Math.min(PERIODS_IN_RANGE[parsed.options.freq ?? 0] ?? Y + 1, 100_000) + 2;
  const excluded = exdateMatcher(input.exdates);
  const interval = parsed.options.interval ?? 1;
  if (input.keepPhase || interval === 1) {
    return scan(input.rrule, input.start, input.zone, input.threshold, budget, excluded);
  }
  const phase = scan(
    withoutPart(input.rrule, 'INTERVAL'),
    input.start,
    input.zone,
    input.threshold,
    budget,
    () => false,
  );
  if (!phase.occurrence || input.exdates.length === 0) return phase;
  const start = formatWall(phase.occurrence.wall);
  return scan(input.rrule, start, input.zone, phase.occurrence.instant, budget, excluded);
}

function scan(
  rrule: string,
  start: string,
  zone: string,
  from: Date,
  budget: number,
  excluded: (o: Occurrence) => boolean,
): Anchor {
  let skipped = 0;
  let occurrence: Occurrence | null = null;
  const visit = (o: Occurrence): boolean => {
    if (excluded(o)) skipped += 1;
    else occurrence = o;
    return occurrence === null;
  };
  walkSeries({ rrule, start, zone, exdates: [] }, from, visit, budget);
  return { occurrence, skipped };
}

/** The rule text without one part, e.g. `withoutPart('FREQ=DAILY;COUNT=3', 'COUNT')`. */
export function withoutPart(rrule: string, part: string): string {
  return rrule
    .split(';')
    .filter((p) => !p.toUpperCase().startsWith(`${part}=`))
    .join(';');
}

/** The value of one part (`COUNT`, `UNTIL` …), or undefined. */
export function partOf(rrule: string, part: string): string | undefined {
  const found = rrule.split(';').find((p) => p.toUpperCase().startsWith(`${part}=`));
  return found?.slice(part.length + 1);
}
