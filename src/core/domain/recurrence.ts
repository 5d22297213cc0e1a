import rrulePkg, { type Options } from 'rrule';
import {
  floatingToWall,
  formatWallDate,
  instantToWall,
  parseWall,
  type WallResolution,
  type WallTime,
  wallToFloating,
  wallToInstant,
} from './time.js';

/**
 * Expansion of a recurring post: RRULE + local start + zone + EXDATE exceptions → instants.
 *
 * rrule computes in the process zone unless handed UTC dates, so every date given to it is
 * "floating": the wall time written as if it were UTC. Each occurrence's wall time is then
 * placed in the post's zone by `wallToInstant`, which is how a series keeps 09:00 local
 * across DST changes (RFC 5545 §3.3.5 for gaps and repeats).
 */

const { RRule } = rrulePkg;

/** A rule parsed once: rrule options without UNTIL, plus UNTIL in the form the text used. */
interface ParsedRule {
  text: string;
  options: Partial<Options>;
  /** UNTIL given in UTC (`…Z`): compared with instants. */
  untilInstant?: number;
  /** UNTIL given as a local date or date-time: compared with wall times. */
  untilFloating?: number;
}

/** One occurrence: when it happens, the wall time the rule asked for, and how it mapped. */
export interface Occurrence {
  instant: Date;
  wall: WallTime;
  resolution: WallResolution;
}

/** A series: the rule, its first wall time (`YYYY-MM-DDTHH:mm` or an instant), zone, exceptions. */
export interface SeriesSpec {
  rrule: string;
  start: Date | string;
  zone: string;
  exdates: string[];
}

const ruleCache = new Map<string, ParsedRule | string>();

/** Parses RRULE text (with or without `RRULE:`); a string is the reason it is not valid. */
export function parseRule(text: string): ParsedRule | string {
  const cached = ruleCache.get(text);
  if (cached !== undefined) return cached;
  const parsed = computeRule(text);
  if (ruleCache.size > 2000) ruleCache.clear();
  ruleCache.set(text, parsed);
  return parsed;
}

function computeRule(raw: string): ParsedRule | string {
  const text = raw
    .trim()
    .replace(/^RRULE:/i, '')
    .toUpperCase();
  if (/DTSTART|TZID/.test(text)) return 'DTSTART and TZID do not belong inside the RRULE';
  let options: Partial<Options>;
  try {
    options = RRule.parseString(text);
  } catch (error) {
    return error instanceof Error ? error.message : 'not a valid RRULE';
  }
  if (options.freq === undefined || options.freq === null) return 'FREQ is missing';
  if (options.count !== undefined && options.count !== null && options.until)
    return 'COUNT and UNTIL cannot both be set';
  const rule: ParsedRule = { text, options: { ...options, until: null } };
  const until = /UNTIL=(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?/.exec(text);
  if (until) {
    const [y, mo, d, h, mi, s] = until.slice(1, 7).map((v) => Number(v ?? 0));
    const ms = Date.UTC(y!, mo! - 1, d!, until[4] ? h! : 23, until[4] ? mi! : 59, until[4] ? s! : 59);
    if (until[7]) rule.untilInstant = ms;
    else rule.untilFloating = ms;
  }
  return rule;
}

/** Matches an occurrence against EXDATEs: local dates, local date-times, or UTC instants. */
export function exdateMatcher(exdates: string[]): (o: Occurrence) => boolean {
  if (exdates.length === 0) return () => false;
  const dates = new Set<string>();
  const walls = new Set<number>();
  const instants = new Set<number>();
  for (const raw of exdates) {
    const text = raw.trim();
    const wall = parseWall(text);
    if (wall && text.length === 10) dates.add(text);
    else if (wall) walls.add(wallToFloating(wall).getTime());
    else if (!Number.isNaN(Date.parse(text))) instants.add(Date.parse(text));
  }
  return (o) =>
    dates.has(formatWallDate(o.wall)) ||
    walls.has(wallToFloating(o.wall).getTime()) ||
    instants.has(o.instant.getTime());
}

class BudgetExceeded extends Error {}

/**
 * Visits the series' occurrences in order, from `from` (inclusive) on, until `visit`
 * returns false, the series ends, or `maxPeriods` rule periods were scanned — rrule would
 * otherwise scan to year 9999 for a rule that never matches (e.g. every Feb 30).
 */
export function walkSeries(
  spec: SeriesSpec,
  from: Date | null,
  visit: (o: Occurrence) => boolean,
  maxPeriods = 50_000,
): void {
  const rule = parseRule(spec.rrule);
  if (typeof rule === 'string') throw new Error(`Invalid RRULE "${spec.rrule}": ${rule}`);
  const start = typeof spec.start === 'string' ? parseWall(spec.start) : instantToWall(spec.start, spec.zone);
  if (!start) throw new Error(`Invalid series start "${String(spec.start)}"`);
  if (!subDailyReachable(rule.options, start)) return;
  const dtstart = wallToFloating(start);
  const rrule = new RRule({ ...rule.options, dtstart, tzid: null }, true);
  limitPeriods(rrule.options, maxPeriods);
  const floor = from ? wallToFloating(instantToWall(from, spec.zone)).getTime() - 86_400_000 : 0;
  try {
    const after = new Date(Math.max(floor, dtstart.getTime()));
    rrule.between(after, new Date(Date.UTC(9999, 0, 1)), true, placer(rule, spec, from, visit));
  } catch (error) {
    if (!(error instanceof BudgetExceeded)) throw error;
  }
}

/** rrule's callback: floating date → instant in the zone, UNTIL, `from`, duplicates, EXDATE. */
function placer(rule: ParsedRule, spec: SeriesSpec, from: Date | null, visit: (o: Occurrence) => boolean) {
  const excluded = exdateMatcher(spec.exdates);
  let last = Number.NaN;
  return (d: Date): boolean => {
    if (rule.untilFloating !== undefined && d.getTime() > rule.untilFloating) return false;
    const wall = floatingToWall(d);
    const resolved = wallToInstant(wall, spec.zone);
    const at = resolved.instant.getTime();
    if (rule.untilInstant !== undefined && at > rule.untilInstant) return false;
    if ((from && at < from.getTime()) || at === last) return true;
    last = at;
    const occurrence = { instant: resolved.instant, wall, resolution: resolved.resolution };
    return excluded(occurrence) || visit(occurrence);
  };
}

/** rrule reads `interval` about twice per period it scans; count the reads to bound the scan. */
function limitPeriods(options: { interval: number }, maxPeriods: number): void {
  const interval = options.interval;
  let reads = 0;
  Object.defineProperty(options, 'interval', {
    get() {
      reads += 1;
      if (reads > 2 * maxPeriods + 8) throw new BudgetExceeded('period budget exceeded');
      return interval;
    },
  });
}

/**
 * rrule loops forever on a sub-daily rule whose BYHOUR/BYMINUTE/BYSECOND can never be
 * reached from the start time by steps of INTERVAL (e.g. FREQ=HOURLY;INTERVAL=24;BYHOUR=5
 * from 09:00). Checks reachability by arithmetic on the time of day.
 */
function subDailyReachable(o: Partial<Options>, start: WallTime): boolean {
  const unit =
    o.freq === RRule.HOURLY ? 3600 : o.freq === RRule.MINUTELY ? 60 : o.freq === RRule.SECONDLY ? 1 : 0;
  if (unit === 0) return true;
  const list = (v: number | number[] | null | undefined): number[] | null =>
    v === null || v === undefined ? null : Array.isArray(v) ? v : [v];
  const hours = list(o.byhour);
  const minutes = unit <= 60 ? list(o.byminute) : [start.minute];
  const seconds = unit === 1 ? list(o.bysecond) : [start.second];
  const step = gcd((o.interval ?? 1) * unit, 86_400);
  const origin = start.hour * 3600 + start.minute * 60 + start.second;
  for (const h of hours ?? range(24)) {
    for (const m of minutes ?? range(60)) {
      for (const s of seconds ?? range(60)) {
        if ((((h * 3600 + m * 60 + s - origin) % step) + step) % step === 0) return true;
      }
    }
  }
  return false;
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** Occurrences in [from, to) of a series — what the job materializer and calendars ask. */
export function occurrencesBetween(
  rrule: string,
  start: Date | string,
  zone: string,
  exdates: string[],
  from: Date,
  to: Date,
): Date[] {
  const out: Date[] = [];
  walkSeries({ rrule, start, zone, exdates }, from, (o) => {
    if (o.instant.getTime() >= to.getTime()) return false;
    out.push(o.instant);
    return out.length < 100_000;
  });
  return out;
}

/** The next `count` occurrences strictly after `after` (or from the start when null). */
export function occurrencesAfter(spec: SeriesSpec, after: Date | null, count: number): Occurrence[] {
  const out: Occurrence[] = [];
  if (count <= 0) return out;
  walkSeries(spec, after ? new Date(after.getTime() + 1) : null, (o) => {
    out.push(o);
    return out.length < count;
  });
  return out;
}
