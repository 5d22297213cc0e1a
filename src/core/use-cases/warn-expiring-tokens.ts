import type { Notification } from '../ports/notifier.js';
import type { CoreDeps } from './deps.js';
import { notifyOnce } from './notify.js';

export const TOKEN_WARNING_MS = 7 * 86_400_000;

/**
 * docs/product.md#alerts: a token expiring within 7 days raises one alert per account and expiry date (a
 * renewed token with a new expiry warns again when its time comes). An alert chat could not take
 * goes out on a later sweep. Returns how many went out now.
 */
export async function warnExpiringTokens(
  deps: Pick<CoreDeps, 'accounts' | 'notices' | 'notifier' | 'clock'>,
): Promise<number> {
  const now = deps.clock.now();
  const expiring = await deps.accounts.listTokensExpiringBefore(new Date(now.getTime() + TOKEN_WARNING_MS));
  let sent = 0;
  for (const account of expiring) {
    const expiresAt = account.tokenExpiresAt as Date;
    const key = `token_expiring:${account.id}:${expiresAt.toISOString()}`;
    const event: Notification = {
      type: 'token_expiring',
      workspaceId: account.workspaceId,
      accountId: account.id,
      expiresAt,
    };
    if (await notifyOnce(deps, key, account.workspaceId, event)) sent += 1;
  }
  return sent;
}
