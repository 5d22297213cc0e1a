import { z } from 'zod';
import { HeraldError } from '../../core/errors.js';
import { resolveZone, suggestZones } from '../../core/language/index.js';

/** Schema pieces and helpers shared by the post routes. */
export const text = (max: number) => z.string().max(max);
export const media = z
  .object({ url: z.url({ protocol: /^https?$/ }).max(2048), kind: z.enum(['image', 'video']) })
  .strict();
export const idParams = z.object({ id: text(64).min(1) }).strict();

export function zoneOrThrow(name: string): string {
  const zone = resolveZone(name);
  if (zone) return zone;
  throw new HeraldError('UNKNOWN_TIMEZONE', `"${name}" is not an IANA time zone.`, {
    hint: `Did you mean: ${suggestZones(name).join(', ')}?`,
  });
}

export function parsed<T>(
  result: { ok: true; value: T } | { ok: false; error: { code: string; message: string; hint: string } },
): T {
  if (result.ok) return result.value;
  throw new HeraldError(result.error.code as never, result.error.message, { hint: result.error.hint });
}
