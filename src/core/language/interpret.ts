import { type Occurrence, occurrencesAfter, type SeriesSpec } from '../domain/recurrence.js';
import { parseWall, wallToInstant } from '../domain/time.js';
import { clockOfLocal, defaultTimeNote } from './default-time.js';
import { offsetChanges, onceCrossingNote, seriesCrossingNote, wallNote } from './dst.js';
import { formatLocal, formatRelative, formatUtc, formatUtcShort, zoneAbbreviation } from './format.js';
import { describeRule, joinWords } from './rule-words.js';
import type { RecurringWhen, When } from './types.js';

/**
 * The interpretation echo — every reply says how its time was read: ONE formatter for
 * chat, console, CLI and API. Structured fields for surfaces that render their own layout
 * (Block Kit, embeds), plus `lines` — the same content as plain text.
 */

export interface Interpretation {
  kind: When['kind'];
  zone: string;
  /** Abbreviation at the (first) instant: EST, CEST, AEDT, IST, or `UTC+5:45`. */
  zoneAbbreviation: string;
  /** `Sun 22 Nov 2026 09:00 CET`. */
  local: string;
  /** `2026-11-22T08:00:00Z`. */
  utc: string;
  /** `in 22 hours`, relative to the `now` given. */
  relative: string;
  /** For a series: the rule in words, with its exceptions. */
  ruleText?: string;
  /** The next occurrences from now on (a once-off post: itself, while still ahead). */
  next: { utc: string; local: string }[];
  /** DST notes: moved out of a gap, one of two fall-back times, crossing a change. */
  warnings: string[];
  /** Set when no time of day was typed and the default posting time was used: that time, `HH:MM`. */
  defaultTime?: string;
  /** Plain-text rendering, one line per entry. */
  lines: string[];
}

const DAY = 86_400_000;

/** Describes `when` as of `now`, listing `count` upcoming occurrences for a series. */
export function interpret(when: When, now: Date, count = 3): Interpretation {
  const { instant, zone } = when;
  const head = {
    kind: when.kind,
    zone,
    zoneAbbreviation: zoneAbbreviation(zone, instant),
    local: formatLocal(instant, zone),
    utc: formatUtc(instant),
    relative: formatRelative(instant, now),
  };
  const defaulted = when.defaultTime ? { defaultTime: clockOfLocal(when.local) } : {};
  const defaultLine = defaulted.defaultTime ? [defaultTimeNote(defaulted.defaultTime)] : [];
  if (when.kind === 'once') {
    const next = instant.getTime() >= now.getTime() ? [point(instant, zone)] : [];
    const warnings = onceWarnings(when, now);
    const lines = [
      `${head.local} (${zone})`,
      `${formatUtcShort(instant)} · ${head.relative}`,
      ...defaultLine,
      ...notes(warnings),
    ];
    return { ...head, ...defaulted, next, warnings, lines };
  }
  const spec: SeriesSpec = { rrule: when.rrule, start: when.local, zone, exdates: when.exdates };
  const upcoming = occurrencesAfter(spec, new Date(now.getTime() - 1), count);
  const ruleText = seriesWords(when);
  const warnings = seriesWarnings(when, spec, upcoming, now);
  const next = upcoming.map((o) => point(o.instant, zone));
  const lines = [
    `Repeats ${ruleText} (${zone})`,
    `First: ${head.local} · ${formatUtcShort(instant)} · ${head.relative}`,
    next.length > 0 ? `Next ${next.length}:` : 'No occurrences ahead.',
    ...next.map((n) => `  ${n.local} · ${formatUtcShort(new Date(n.utc))}`),
    ...defaultLine,
    ...notes(warnings),
  ];
  return { ...head, ...defaulted, ruleText, next, warnings, lines };
}

const point = (instant: Date, zone: string) => ({
  utc: formatUtc(instant),
  local: formatLocal(instant, zone),
});
const notes = (warnings: string[]): string[] => warnings.map((w) => `Note: ${w}`);

function seriesWords(when: RecurringWhen): string {
  const start = parseWall(when.local);
  const words = start ? describeRule(when.rrule, start, when.zone) : `RRULE ${when.rrule}`;
  return when.exdates.length > 0 ? `${words}, except ${joinWords(when.exdates)}` : words;
}

function onceWarnings(when: When, now: Date): string[] {
  const out: string[] = [];
  const asked = parseWall(when.local);
  if (asked && wallToInstant(asked, when.zone).instant.getTime() === when.instant.getTime()) {
    const note = wallNote(asked, when.zone);
    if (note) out.push(note);
  }
  if (when.instant.getTime() > now.getTime()) {
    const crossing = onceCrossingNote(when.zone, now, when.instant);
    if (crossing) out.push(crossing);
  }
  return out;
}

/** Gap/fall-back notes for shown occurrences and DST days of the coming year, and the first crossing. */
function seriesWarnings(when: RecurringWhen, spec: SeriesSpec, upcoming: Occurrence[], now: Date): string[] {
  const out = new Set<string>();
  const noteOf = (o: Occurrence): void => {
    const note = o.resolution === 'exact' ? null : wallNote(o.wall, when.zone);
    if (note) out.add(note);
  };
  upcoming.forEach(noteOf);
  const from = new Date(Math.max(now.getTime(), when.instant.getTime()));
  const changes = offsetChanges(when.zone, from, new Date(from.getTime() + 366 * DAY), 2);
  for (const change of changes) {
    for (const o of occurrencesAfter(spec, new Date(change.at.getTime() - DAY), 8)) {
      if (o.instant.getTime() > change.at.getTime() + DAY) break;
      noteOf(o);
    }
  }
  const [first] = changes;
  const clock = parseWall(when.local);
  if (first && clock && occurrencesAfter(spec, first.at, 1).length > 0) {
    out.add(seriesCrossingNote(when.zone, clock, first));
  }
  return [...out];
}
