import { type ParseResult, parseReschedule, parseWhen } from '../../../../src/core/language/index.js';
import type { PhraseCase } from './phrases.js';

/** Runs one table row the way a command would: parseWhen, or parseReschedule when `current` is set. */
export function runCase(c: PhraseCase): ParseResult {
  const ctx = {
    now: new Date(c.now),
    zone: c.zone,
    ...(c.lastScheduledAt ? { lastScheduledAt: new Date(c.lastScheduledAt) } : {}),
    ...(c.random !== undefined ? { random: () => c.random! } : {}),
  };
  return c.current
    ? parseReschedule(c.text, { ...ctx, current: new Date(c.current) })
    : parseWhen(c.text, ctx);
}
