import { IANAZone } from 'luxon';
import { instantToWall, type WallTime, wallWeekday, zoneOffset } from '../domain/time.js';

/**
 * How instants are written back to people, on every surface: local wall time with the zone's
 * abbreviation, UTC, and a relative phrase. Built from wall fields (not locale formatting),
 * so the text is the same on every machine; only the abbreviation comes from Intl.
 */

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Locales tried in turn: each knows the abbreviations of its own region (EST, CET, AEDT, IST). */
const ABBREVIATION_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-NZ', 'en-IN'];
const abbreviations = new Map<string, string>();
const pad = (n: number): string => String(n).padStart(2, '0');

/** `UTC+5:45`, `UTC-3`, `UTC`: the fallback when a zone has no common abbreviation. */
export function formatOffset(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const sign = minutes > 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  const mins = abs % 60;
  return `UTC${sign}${Math.floor(abs / 60)}${mins ? `:${pad(mins)}` : ''}`;
}

/** The zone's abbreviation at `instant` (EST/EDT, CET/CEST, AEDT, IST), else `UTC+5:45`. */
export function zoneAbbreviation(zone: string, instant: Date): string {
  const offset = zoneOffset(zone, instant.getTime());
  const key = `${zone}|${offset}`;
  const cached = abbreviations.get(key);
  if (cached) return cached;
  let found = formatOffset(offset);
  const iana = IANAZone.create(zone);
  for (const locale of ABBREVIATION_LOCALES) {
    const name = iana.offsetName(instant.getTime(), { format: 'short', locale });
    if (name && !/^(GMT|UTC)[+-−]/.test(name)) {
      found = name;
      break;
    }
  }
  if (abbreviations.size > 5000) abbreviations.clear();
  abbreviations.set(key, found);
  return found;
}

/** `Sun 22 Nov 2026`: a wall date in words. */
export function formatWallDay(w: WallTime): string {
  return `${DAYS[wallWeekday(w)]} ${w.day} ${MONTHS[w.month - 1]} ${w.year}`;
}

/** `09:00`, or `09:00:30` when seconds matter. */
export function formatClock(w: { hour: number; minute: number; second: number }): string {
  return `${pad(w.hour)}:${pad(w.minute)}${w.second ? `:${pad(w.second)}` : ''}`;
}

/** `Sun 22 Nov 2026 09:00 CET`: the local reading of an instant, as every reply shows it. */
export function formatLocal(instant: Date, zone: string): string {
  const w = instantToWall(instant, zone);
  return `${formatWallDay(w)} ${formatClock(w)} ${zoneAbbreviation(zone, instant)}`;
}

/** `2026-11-22T08:00:00Z`: UTC without milliseconds. */
export function formatUtc(instant: Date): string {
  return `${instant.toISOString().slice(0, 19)}Z`;
}

/** `2026-11-22 08:00 UTC`: the short UTC form used in sentences. */
export function formatUtcShort(instant: Date): string {
  const iso = instant.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${iso.slice(17, 19) === '00' ? '' : iso.slice(16, 19)} UTC`;
}

const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** `in 2 days 3 hours`, `in 45 minutes`, `3 hours ago`, `now`: precise to the minute, two units at most. */
export function formatRelative(instant: Date, now: Date): string {
  const diff = instant.getTime() - now.getTime();
  const abs = Math.abs(diff);
  const seconds = Math.floor(abs / 1000);
  if (seconds === 0) return 'now';
  const minutes = Math.floor(seconds / 60);
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  let text: string;
  if (minutes === 0) text = plural(seconds, 'second');
  else if (hours === 0) text = plural(minutes, 'minute');
  else if (days === 0)
    text = plural(hours, 'hour') + (minutes % 60 ? ` ${plural(minutes % 60, 'minute')}` : '');
  else if (days < 7) text = plural(days, 'day') + (hours % 24 ? ` ${plural(hours % 24, 'hour')}` : '');
  else text = plural(days, 'day');
  return diff > 0 ? `in ${text}` : `${text} ago`;
}
