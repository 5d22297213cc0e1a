import { type Account, PLATFORMS, type Platform } from '../domain/types.js';
import { HeraldError, notFound } from '../errors.js';
import type { CoreDeps } from '../use-cases/deps.js';

export function isPlatform(word: string): word is Platform {
  return (PLATFORMS as readonly string[]).includes(word.toLowerCase());
}

/**
 * Resolves accounts as a person names them: an id (`acc_…`), `@mia`, `mia`, `instagram:@mia`,
 * several joined by commas, optionally with a platform word (`@mia instagram`). A handle on
 * several platforms, or a prefix that is not a platform, is refused: Herald never guesses
 * where to publish.
 */
export async function resolveAccounts(
  deps: Pick<CoreDeps, 'accounts'>,
  workspaceId: string,
  refs: string | readonly string[],
  platformWord?: Platform,
): Promise<Account[]> {
  const parts = (typeof refs === 'string' ? [refs] : refs).flatMap((r) => r.split(',')).map((p) => p.trim());
  const found: Account[] = [];
  for (const part of parts.filter(Boolean)) {
    const account = await resolveOne(deps, workspaceId, part, platformWord);
    if (!found.some((a) => a.id === account.id)) found.push(account);
  }
  if (found.length === 0)
    throw new HeraldError('VALIDATION_FAILED', 'Say which account to post to.', {
      hint: 'Name one: @demo, or instagram:@mia.',
    });
  return found;
}

async function resolveOne(
  deps: Pick<CoreDeps, 'accounts'>,
  workspaceId: string,
  part: string,
  platformWord: Platform | undefined,
): Promise<Account> {
  if (/^acc_[A-Za-z0-9_-]+$/.test(part)) {
    const account = await deps.accounts.get(workspaceId, part);
    if (!account) throw notFound('account', part);
    return account;
  }
  const [prefix, rest] = part.includes(':') ? part.split(':', 2) : [undefined, part];
  if (prefix !== undefined && !isPlatform(prefix))
    throw new HeraldError(
      'VALIDATION_FAILED',
      `"${prefix.slice(0, 40)}" is not a platform Herald publishes to.`,
      {
        hint: `Use one of ${PLATFORMS.join(', ')}, e.g. instagram:@mia.`,
      },
    );
  const platform = prefix ? (prefix.toLowerCase() as Platform) : platformWord;
  const handle = (rest ?? part).replace(/^@/, '');
  const matches = await deps.accounts.findByHandle(workspaceId, handle, platform);
  if (matches.length === 0) throw await unknownAccount(deps, workspaceId, part);
  if (matches.length > 1) {
    const platforms = matches.map((a) => a.platform).join(', ');
    throw new HeraldError('VALIDATION_FAILED', `@${handle} has accounts on ${platforms}; which one?`, {
      hint: `Name the platform, e.g. "${matches[0]?.platform}:@${handle}".`,
    });
  }
  return matches[0] as Account;
}

async function unknownAccount(deps: Pick<CoreDeps, 'accounts'>, workspaceId: string, typed: string) {
  const known = (await deps.accounts.list(workspaceId)).map((a) => `@${a.handle} (${a.platform})`);
  return new HeraldError('NOT_FOUND', `No account "${typed.slice(0, 80)}" in this workspace.`, {
    hint:
      known.length > 0 ? `Known accounts: ${known.slice(0, 20).join(', ')}.` : 'No account is connected yet.',
  });
}
