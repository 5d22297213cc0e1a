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
  /**
   * The accounts it is for: their default posting time, and what `random:` chains after. A loader
   * is called only when the phrase needs them (most phrases name their time), saving a read.
   */
  accounts: readonly Account[] | (() => Promise<readonly Account[]>);
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
  const load =
    typeof input.accounts === 'function' ? input.accounts : async () => input.accounts as Account[];
  let accounts = typeof input.accounts === 'function' ? undefined : input.accounts;
  const ctx: ParseContext = { now: deps.clock.now(), zone: input.zone, random: deps.random };
  if (/random:/i.test(input.phrase)) {
    accounts ??= await load();
    const latest = await Promise.all(accounts.map((a) => deps.jobs.latestPlanned(workspaceId, a.id)));
    const times = latest.filter((d): d is Date => d !== null).map((d) => d.getTime());
    if (times.length > 0) ctx.lastScheduledAt = new Date(Math.max(...times));
  }
  const parse = (defaultTime: string) => {
    const withDefault = { ...ctx, defaultTime: clockOf(defaultTime) };
    return input.current
      ? parseReschedule(input.phrase, { ...withDefault, current: input.current })
      : parseWhen(input.phrase, withDefault);
  };
  const first = parse(accounts?.[0]?.defaultTime ?? DEFAULT_POSTING_TIME);
  // No time of day was given: the default it took must be the account's own.
  if (first.ok && first.value.defaultTime && accounts === undefined) {
    const own = (await load())[0]?.defaultTime;
    if (own && own !== DEFAULT_POSTING_TIME) return parsedOrThrow(parse(own));
  }
  return parsedOrThrow(first);
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
