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
    return failure('VALIDATION_FAILED', message, HINTS.zone, true);
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
  const head = abbreviation
    ? `"${name}" is an abbreviation, which does not say which DST rules apply; use an IANA zone name.`
    : `"${name}" is not a time zone I know.`;
  const tail =
    suggestions.length > 0
      ? ` Did you mean ${suggestions.join(', ')}?`
      : ' Zone names look like Europe/Paris.';
  const hint = `tomorrow 9am tz:${suggestions[0] ?? 'Europe/Paris'}`;
  return failure('UNKNOWN_TIMEZONE', head + tail, hint, recognized);
}
