import type { Account } from '../domain/types.js';
import { HeraldError } from '../errors.js';
import {
  type ParseContext,
  type ParseResult,
  parseReschedule,
  parseWhen,
  resolveZone,
  suggestZones,
  type When,
} from '../language/index.js';
import type { CoreDeps } from '../use-cases/deps.js';

/** The default posting time of an account that has none of its own. */
export const DEFAULT_POSTING_TIME = '09:00';

export interface TimeInput {
  /** What the person typed: `tomorrow 9am`, `+1h`, `random:10m-20m`, `every monday at 10:00`. */
  phrase: string;
  zone: string;
  /** The time a shift (`+1h`) counts from; absent for a new post. */
  current?: Date;
  /** The accounts it is for: their default posting time, and what `random:` chains after. */
  accounts: readonly Account[];
}

/**
 * Reads a time phrase the way every operation does: in the given zone, with the accounts'
 * default posting time for a day without a time, `random:` chained after the accounts' latest
 * planned post and drawn from the core's random source. Refuses what it cannot use with the
 * language's own message and hint.
 */
export async function readTime(
  deps: Pick<CoreDeps, 'jobs' | 'clock' | 'random'>,
  workspaceId: string,
  input: TimeInput,
): Promise<When> {
  const ctx: ParseContext = {
    now: deps.clock.now(),
    zone: input.zone,
    random: deps.random,
    defaultTime: clockOf(input.accounts[0]?.defaultTime ?? DEFAULT_POSTING_TIME),
  };
  if (/random:/i.test(input.phrase)) {
    const latest = await Promise.all(input.accounts.map((a) => deps.jobs.latestPlanned(workspaceId, a.id)));
    const times = latest.filter((d): d is Date => d !== null).map((d) => d.getTime());
    if (times.length > 0) ctx.lastScheduledAt = new Date(Math.max(...times));
  }
  return parsedOrThrow(
    input.current
      ? parseReschedule(input.phrase, { ...ctx, current: input.current })
      : parseWhen(input.phrase, ctx),
  );
}

/** A parse result's value, or the HeraldError its failure describes. */
export function parsedOrThrow(result: ParseResult): When {
  if (result.ok) return result.value;
  const { code, message, hint, understood } = result.error;
  throw new HeraldError(code, message, { hint, ...(understood ? { details: { understood } } : {}) });
}

/** An IANA zone as typed, or UNKNOWN_TIMEZONE with the closest names. Empty text is not a zone. */
export function zoneOrThrow(name: string): string {
  const zone = name.trim() ? resolveZone(name) : null;
  if (zone) return zone;
  const near = name.trim() ? suggestZones(name) : [];
  throw new HeraldError('UNKNOWN_TIMEZONE', `"${name.slice(0, 64)}" is not an IANA time zone.`, {
    hint:
      near.length > 0
        ? `Did you mean: ${near.join(', ')}?`
        : 'Use a name such as Europe/Paris or America/New_York.',
  });
}

/** `HH:mm` as hour and minute (a malformed setting falls back to the default). */
export function clockOf(text: string): { hour: number; minute: number } {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text) ?? /^(\d{1,2}):(\d{2})$/.exec(DEFAULT_POSTING_TIME);
  return { hour: Number(match?.[1]), minute: Number(match?.[2]) };
}
