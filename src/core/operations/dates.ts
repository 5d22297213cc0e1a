import { addWallDays, isValidWall, parseWall, wallToInstant } from '../domain/time.js';
import { HeraldError } from '../errors.js';

/**
 * A bound of a time window as a person gives it: an instant, an ISO time with its offset, or a
 * local date (`2026-12-01`) in `zone` — which, as an end, includes that whole day.
 */
export function windowBound(
  value: Date | string | undefined,
  zone: string,
  name: string,
  end: boolean,
): Date | undefined {
  if (value === undefined || value === '') return undefined;
  if (value instanceof Date) return value;
  const text = value.trim();
  const wall = /^\d{4}-\d{2}-\d{2}$/.test(text) ? parseWall(text) : null;
  if (wall && isValidWall(wall)) return wallToInstant(end ? addWallDays(wall, 1) : wall, zone).instant;
  const instant = /T.*(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? new Date(text) : null;
  if (instant && Number.isFinite(instant.getTime())) return instant;
  throw new HeraldError('VALIDATION_FAILED', `"${text.slice(0, 40)}" is not a date for "${name}".`, {
    hint: 'Give a local date such as 2026-12-01, or an ISO time with its offset.',
  });
}
