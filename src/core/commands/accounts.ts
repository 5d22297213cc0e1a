import { type Account, PLATFORMS, type Platform } from '../domain/types.js';
import { HeraldError } from '../errors.js';
import type { CoreDeps } from '../use-cases/deps.js';

export function isPlatform(word: string): word is Platform {
  return (PLATFORMS as readonly string[]).includes(word.toLowerCase());
}

/**
 * Resolves what a user typed for accounts: `@mia`, `mia`, `instagram:@mia`, or several joined
 * by commas, optionally followed by a platform word (`@mia instagram`). A handle on several
 * platforms must be disambiguated: Herald never guesses where to publish.
 */
export async function resolveAccounts(
  deps: Pick<CoreDeps, 'accounts'>,
  workspaceId: string,
  token: string,
  platformWord?: Platform,
): Promise<Account[]> {
  const found: Account[] = [];
  for (const part of token.split(',').filter(Boolean)) {
    const [maybePlatform, maybeHandle] = part.includes(':') ? part.split(':', 2) : [undefined, part];
    const platform =
      maybePlatform && isPlatform(maybePlatform) ? (maybePlatform.toLowerCase() as Platform) : platformWord;
    const handle = (maybeHandle ?? part).replace(/^@/, '');
    const matches = await deps.accounts.findByHandle(workspaceId, handle, platform);
    if (matches.length === 0) throw await unknownAccount(deps, workspaceId, part);
    if (matches.length > 1) {
      const platforms = matches.map((a) => a.platform).join(', ');
      throw new HeraldError('VALIDATION_FAILED', `@${handle} has accounts on ${platforms}; which one?`, {
        hint: `Name the platform, e.g. "schedule @${handle} ${matches[0]?.platform} …" or "${matches[0]?.platform}:@${handle}".`,
      });
    }
    found.push(matches[0] as Account);
  }
  return found;
}

async function unknownAccount(deps: Pick<CoreDeps, 'accounts'>, workspaceId: string, typed: string) {
  const known = (await deps.accounts.list(workspaceId)).map((a) => `@${a.handle} (${a.platform})`);
  return new HeraldError('NOT_FOUND', `No account "${typed}" in this workspace.`, {
    hint: known.length > 0 ? `Known accounts: ${known.join(', ')}.` : 'No account is connected yet.',
  });
}
