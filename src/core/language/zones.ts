import { editDistance } from './edit-distance.js';

/** Kept here too: command-name suggestions import it from this module. */
export { editDistance };

/**
 * IANA zone names: validation, canonical spelling and "did you mean" suggestions.
 *
 * Node's `Intl.supportedValuesOf('timeZone')` lists CLDR's legacy spellings (Asia/Calcutta,
 * Europe/Kiev), so the modern IANA names people actually type are added here. Abbreviations
 * (EST, CET, IST …) are refused on purpose: they are ambiguous and say nothing about DST.
 */

/** Legacy CLDR name → the modern IANA name we suggest and print. */
const MODERN: Record<string, string> = {
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Europe/Kiev': 'Europe/Kyiv',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'Asia/Rangoon': 'Asia/Yangon',
  'America/Godthab': 'America/Nuuk',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Truk': 'Pacific/Chuuk',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Louisville': 'America/Kentucky/Louisville',
  'Africa/Asmera': 'Africa/Asmara',
  'America/Coral_Harbour': 'America/Atikokan',
};

/** Abbreviations people type, and the IANA names they most likely mean. */
const ABBREVIATIONS: Record<string, string[]> = {
  'EST EDT ET': ['America/New_York', 'America/Toronto'],
  'CST CDT CT': ['America/Chicago', 'America/Mexico_City'],
  'MST MDT MT': ['America/Denver', 'America/Phoenix'],
  'PST PDT PT': ['America/Los_Angeles', 'America/Vancouver'],
  'AKST AKDT': ['America/Anchorage'],
  HST: ['Pacific/Honolulu'],
  BST: ['Europe/London'],
  IST: ['Asia/Kolkata', 'Europe/Dublin', 'Asia/Jerusalem'],
  'CET CEST MET MEST': ['Europe/Paris', 'Europe/Berlin'],
  'EET EEST': ['Europe/Athens', 'Europe/Helsinki'],
  'WET WEST': ['Europe/Lisbon'],
  MSK: ['Europe/Moscow'],
  JST: ['Asia/Tokyo'],
  KST: ['Asia/Seoul'],
  SGT: ['Asia/Singapore'],
  HKT: ['Asia/Hong_Kong'],
  'AEST AEDT': ['Australia/Sydney', 'Australia/Melbourne'],
  'ACST ACDT': ['Australia/Adelaide'],
  AWST: ['Australia/Perth'],
  'NZST NZDT': ['Pacific/Auckland'],
  BRT: ['America/Sao_Paulo'],
  ART: ['America/Argentina/Buenos_Aires'],
  SAST: ['Africa/Johannesburg'],
  WAT: ['Africa/Lagos'],
  EAT: ['Africa/Nairobi'],
  PKT: ['Asia/Karachi'],
  NPT: ['Asia/Kathmandu'],
};

const ABBREVIATION_OF = new Map<string, string[]>();
for (const [keys, zones] of Object.entries(ABBREVIATIONS)) {
  for (const key of keys.split(' ')) ABBREVIATION_OF.set(key, zones);
}

let known: { byLower: Map<string, string>; suggestable: string[] } | undefined;

function knownZones(): { byLower: Map<string, string>; suggestable: string[] } {
  if (known) return known;
  const supported = Intl.supportedValuesOf('timeZone');
  const byLower = new Map<string, string>();
  for (const name of [...supported, ...Object.values(MODERN), 'UTC']) {
    if (isIntlZone(name)) byLower.set(name.toLowerCase(), name);
  }
  for (const alias of ['etc/utc', 'etc/gmt', 'gmt', 'z', 'zulu', 'utc']) byLower.set(alias, 'UTC');
  const suggestable = [...new Set([...byLower.values()])].filter((n) => !(n in MODERN));
  known = { byLower, suggestable };
  return known;
}

function isIntlZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const resolved = new Map<string, string | null>();

/**
 * The canonical spelling of an IANA zone name typed in any case (`europe/paris` →
 * `Europe/Paris`), or null when it is not a zone, is an abbreviation like `EST`, is empty or
 * blank, or contains a control character.
 */
export function resolveZone(input: string): string | null {
  if (typeof input !== 'string') return null;
  const cached = resolved.get(input);
  if (cached !== undefined) return cached;
  const result = computeZone(input);
  if (resolved.size > 5000) resolved.clear();
  resolved.set(input, result);
  return result;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f]/;

function computeZone(input: string): string | null {
  // Trimming would hide a trailing newline or tab; a name carrying one was not typed as a zone.
  if (CONTROL_RE.test(input)) return null;
  const name = input.trim();
  if (name.length === 0 || name.length > 64 || ABBREVIATION_OF.has(name.toUpperCase())) return null;
  const direct = knownZones().byLower.get(name.toLowerCase());
  if (direct) return direct;
  if (/^[A-Z]{2,5}$/.test(name) || !isIntlZone(name)) return null;
  const canonical = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  return MODERN[canonical] ?? canonical;
}

/** Whether `token` is shaped like an IANA name (`Area/City`), valid or not. */
export function looksLikeZone(token: string): boolean {
  return /^(africa|america|antarctica|arctic|asia|atlantic|australia|europe|indian|pacific|etc|us|canada|brazil|mexico|chile)\/[a-z0-9_+\-/]+$/i.test(
    token,
  );
}

/** Whether `token` is a time-zone abbreviation we refuse (EST, CEST, IST …), in capitals. */
export function isZoneAbbreviation(token: string): boolean {
  return token === token.toUpperCase() && ABBREVIATION_OF.has(token);
}

const suggested = new Map<string, string[]>();

/**
 * Up to `max` valid zone names closest to `input`: the zones an abbreviation usually means,
 * else by edit distance on the whole name or on the city part (`paris` → Europe/Paris).
 */
export function suggestZones(input: string, max = 3): string[] {
  if (typeof input !== 'string') return [];
  const key = `${max}|${input}`;
  const cached = suggested.get(key);
  if (cached) return [...cached];
  const found = computeSuggestions(input, max);
  if (suggested.size > 1000) suggested.clear();
  suggested.set(key, found);
  return [...found];
}

function computeSuggestions(input: string, max: number): string[] {
  const abbreviation = ABBREVIATION_OF.get(input.trim().toUpperCase());
  if (abbreviation) return abbreviation.slice(0, max);
  const needle = input.trim().toLowerCase().replace(/\s+/g, '_');
  if (needle.length === 0 || needle.length > 64) return [];
  const limit = Math.max(2, Math.floor(needle.length / 4));
  const cityPenalty = needle.includes('/') ? 2 : 0;
  const scored: { name: string; score: number }[] = [];
  for (const name of knownZones().suggestable) {
    const lower = name.toLowerCase();
    const city = lower.slice(lower.lastIndexOf('/') + 1);
    const score = Math.min(
      editDistance(needle, lower, limit),
      editDistance(needle, city, limit - cityPenalty) + cityPenalty,
    );
    if (score <= limit) scored.push({ name, score });
  }
  scored.sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  const best = scored[0]?.score ?? 0;
  return scored
    .filter((s) => s.score <= best + 1)
    .slice(0, max)
    .map((s) => s.name);
}
