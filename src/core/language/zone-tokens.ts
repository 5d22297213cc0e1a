import { type Attempt, failure, HINTS } from './types.js';
import { isZoneAbbreviation, looksLikeZone, resolveZone, suggestZones } from './zones.js';

/**
 * Finds the zone a phrase names — `tz:Europe/Paris`, a bare `Europe/Paris` anywhere, an RFC
 * 9557 suffix `2026-12-01T09:00[Europe/Paris]`, or `UTC` — removes it from the text, and
 * falls back to the context zone. Unknown names and abbreviations are refused with the
 * closest valid names.
 */

export interface ZoneFound {
  ok: true;
  /** The phrase without its zone words. */
  text: string;
  zone: string;
  /** Whether the phrase named the zone itself. */
  explicit: boolean;
}

const BRACKET_RE = /^(.*)\[([^\]]+)\]$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * Refuses a zone name typed with control characters in it (`tz:Europe/Paris\u0000`). It runs
 * on the raw text because cleaning turns them into spaces, which would quietly read a
 * different name than the one sent.
 */
export function zoneWithControls(raw: string): Attempt | null {
  for (const token of raw.split(/\s+/)) {
    const plain = token.replace(CONTROL_RE, '');
    if (plain === token) continue;
    const tz = /^tz:/i.test(plain);
    if (tz || BRACKET_RE.test(plain) || looksLikeZone(plain) || /^(utc|gmt)$/i.test(plain)) {
      return unknownZone(tz ? token.slice(token.indexOf(':') + 1) : token);
    }
  }
  return null;
}

/** Extracts the zone from `text`; `fallback` is the account/workspace zone. */
export function extractZone(text: string, fallback: string): ZoneFound | Attempt {
  const kept: string[] = [];
  const named: string[] = [];
  const tokens = text.split(' ');
  for (let i = 0; i < tokens.length; i++) {
    let token = tokens[i]!;
    const bracket = BRACKET_RE.exec(token);
    if (bracket) {
      named.push(bracket[2]!);
      token = bracket[1]!;
    }
    const name = zoneName(token, tokens[i + 1]);
    if (name === null) {
      if (isZoneAbbreviation(token)) return unknownZone(token);
      if (token) kept.push(token);
      continue;
    }
    if (token.toLowerCase() === 'tz:') i += 1;
    if (kept.length > 0 && kept[kept.length - 1]!.toLowerCase() === 'in') kept.pop();
    named.push(name);
  }
  return settle(kept.join(' '), named, fallback);
}

/** The zone a token names (`tz:X`, `Area/City`, `UTC`), or null when it names none. */
function zoneName(token: string, next: string | undefined): string | null {
  const tz = /^tz:(.*)$/i.exec(token);
  if (tz) return tz[1] || next || '';
  if (looksLikeZone(token)) return token;
  return /^(utc|gmt)$/i.test(token) ? 'UTC' : null;
}

function settle(text: string, named: string[], fallback: string): ZoneFound | Attempt {
  const zones = new Set<string>();
  for (const name of named) {
    const zone = resolveZone(name);
    if (!zone) return unknownZone(name);
    zones.add(zone);
  }
  if (zones.size > 1) {
    const message = `The phrase names ${zones.size} time zones (${[...zones].join(', ')}); keep one.`;
    return failure('UNPARSEABLE_TIME', message, HINTS.zone, true);
  }
  const [explicit] = zones;
  if (explicit) return { ok: true, text, zone: explicit, explicit: true };
  const zone = resolveZone(fallback);
  if (!zone) return unknownZone(fallback, false);
  return { ok: true, text, zone, explicit: false };
}

/** UNKNOWN_TIMEZONE with the closest names, e.g. `Europe/Pari` → Europe/Paris. */
export function unknownZone(given: string, recognized = true): Attempt {
  const name = String(given);
  const suggestions = suggestZones(name);
  const abbreviation = isZoneAbbreviation(name.toUpperCase()) && name.length <= 5;
  // JSON quoting shows control characters as escapes instead of printing them.
  const quoted = JSON.stringify(name);
  const head = abbreviation
    ? `${quoted} is an abbreviation, which does not say which DST rules apply; use an IANA zone name.`
    : name.trim() === ''
      ? 'No time zone was named.'
      : `${quoted} is not a time zone I know.`;
  const tail =
    suggestions.length > 0
      ? ` Did you mean ${suggestions.join(', ')}?`
      : ' Zone names look like Europe/Paris.';
  const hint = `tomorrow 9am tz:${suggestions[0] ?? 'Europe/Paris'}`;
  return failure('UNKNOWN_TIMEZONE', head + tail, hint, recognized);
}
