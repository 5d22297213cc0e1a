import {
  type AccountConnection,
  openGrant,
  PLATFORM_NAMES,
  REFRESH_LEASE_MS,
  REFRESH_RETRY_MS,
  refreshAtFor,
  sealGrant,
  type TokenGrant,
} from '../domain/connection.js';
import type { Account } from '../domain/types.js';
import { ConnectError } from '../ports/platform-connector.js';
import { recordConnectionEvent } from './connection-events.js';
import { connectorTarget } from './connector-target.js';
import type { CoreDeps } from './deps.js';
import { holdAccountJobs } from './hold-account-jobs.js';
import { notifyOnce } from './notify.js';
import { SYSTEM_ACTOR } from './transition-job.js';

type Deps = Pick<
  CoreDeps,
  | 'accounts'
  | 'vault'
  | 'connectorFor'
  | 'oauthClients'
  | 'jobs'
  | 'queue'
  | 'audit'
  | 'ids'
  | 'clock'
  | 'notifier'
  | 'notices'
  | 'meter'
  | 'settings'
>;

export type RefreshOutcome = 'refreshed' | 'needs_reconnect' | 'retry_later' | 'taken';

/** Accounts one sweep refreshes at most (the rest are due again at the next sweep). */
const BATCH = 50;

/**
 * The sweeper's refresh step: every connected account whose token is due (a safe margin before
 * it expires) is refreshed by exactly one worker — each claims the account with a
 * compare-and-set on its version before calling the platform, so of several sweeping workers
 * one refreshes and the others move on. Returns how each due account ended.
 */
export async function refreshDueTokens(deps: Deps, worker: string): Promise<RefreshOutcome[]> {
  const due = await deps.accounts.listRefreshDue(deps.clock.now(), BATCH);
  const outcomes: RefreshOutcome[] = [];
  for (const account of due) outcomes.push(await refreshAccount(deps, account, worker));
  return outcomes;
}

/** Claims and refreshes one account's token; `taken` when another worker got there first. */
export async function refreshAccount(deps: Deps, account: Account, worker: string): Promise<RefreshOutcome> {
  const connection = account.connection;
  if (connection?.status !== 'connected') return 'taken';
  const now = deps.clock.now();
  const refreshing = { owner: worker, until: new Date(now.getTime() + REFRESH_LEASE_MS) };
  const claimed = await deps.accounts.update(account.workspaceId, account.id, account.version, {
    connection: { ...connection, refreshing },
  });
  if (!claimed) return 'taken';
  try {
    const grant = await refreshedGrant(deps, claimed);
    await settle(deps, claimed, worker, (c) => ({
      account: {
        tokenExpiresAt: grant.expiresAt,
        connection: {
          ...c,
          refreshing: undefined,
          refreshAt: grant.expiresAt ? refreshAtFor(claimed.platform, grant.expiresAt, now) : undefined,
          refreshExpiresAt: grant.refreshExpiresAt,
          lastRefreshedAt: now,
        },
      },
    }));
    await recordConnectionEvent(deps, {
      account: claimed,
      actor: SYSTEM_ACTOR,
      action: 'account.token_refreshed',
      metric: 'refresh',
      outcome: 'ok',
      after: grant.expiresAt ? { expiresAt: grant.expiresAt.toISOString() } : {},
    });
    return 'refreshed';
  } catch (error) {
    if (error instanceof ConnectError && error.kind === 'revoked')
      return needsReconnect(deps, claimed, worker, error);
    return retryLater(deps, claimed, worker, error);
  }
}

/** Asks the platform for a fresh grant and keeps it in the vault (a rotated refresh token replaces the old). */
async function refreshedGrant(deps: Deps, account: Account): Promise<TokenGrant> {
  const connector = deps.connectorFor(account.platform);
  if (!deps.vault || !connector?.refresh)
    throw new ConnectError('transient', 'not_configured', `refreshing ${account.platform} is not configured`);
  const secret = await deps.vault.reveal(account.workspaceId, account.id);
  if (!secret) throw new ConnectError('revoked', 'credential_missing', 'no token is stored');
  const old = openGrant(secret);
  const redirectUri = `${deps.settings.publicUrl.replace(/\/$/, '')}/oauth/${account.platform}/callback`;
  const target = await connectorTarget(deps, connector, account.connection?.apiBaseUrl, redirectUri);
  const fresh = await connector.refresh(old, target);
  const grant: TokenGrant = {
    ...fresh,
    refreshToken: fresh.refreshToken ?? old.refreshToken,
    refreshExpiresAt: fresh.refreshExpiresAt ?? old.refreshExpiresAt,
  };
  await deps.vault.store(account.workspaceId, account.id, sealGrant(grant));
  return grant;
}

/**
 * The refresh failed for good (revoked, refresh token expired): the account needs a reconnect,
 * its jobs are held with that reason, and the team is told once, with a Reconnect button.
 */
async function needsReconnect(
  deps: Deps,
  account: Account,
  worker: string,
  error: ConnectError,
): Promise<RefreshOutcome> {
  const now = deps.clock.now();
  const name = PLATFORM_NAMES[account.platform];
  const reason = `${name} no longer accepts the connection of @${account.handle} (${error.code}); reconnect it.`;
  const marked = await settle(deps, account, worker, (c) => ({
    account: {
      connection: {
        ...c,
        status: 'needs_reconnect',
        reason,
        since: now,
        refreshing: undefined,
        refreshAt: undefined,
      },
    },
  }));
  if (!marked) return 'taken';
  const held = await holdAccountJobs(deps, marked, {
    code: 'account_needs_reconnect',
    message: `@${account.handle} (${account.platform}) must be reconnected: ${name} refused its token (${error.code}). Reconnect it and this post continues.`,
    actor: SYSTEM_ACTOR,
  });
  await recordConnectionEvent(deps, {
    account,
    actor: SYSTEM_ACTOR,
    action: 'account.needs_reconnect',
    metric: 'refresh',
    outcome: 'revoked',
    after: { reason: error.code, held },
  });
  await notifyOnce(deps, `account_needs_reconnect:${account.id}:${now.toISOString()}`, account.workspaceId, {
    type: 'account_needs_reconnect',
    workspaceId: account.workspaceId,
    accountId: account.id,
    handle: account.handle,
    platform: account.platform,
    reason,
    since: now,
    held,
  });
  return 'needs_reconnect';
}

/** A passing failure (timeout, 5xx, 429): the hold is let go and the refresh is tried again in a few minutes. */
async function retryLater(
  deps: Deps,
  account: Account,
  worker: string,
  error: unknown,
): Promise<RefreshOutcome> {
  const at = new Date(deps.clock.now().getTime() + REFRESH_RETRY_MS);
  await settle(deps, account, worker, (c) => ({
    account: { connection: { ...c, refreshing: undefined, refreshAt: at } },
  }));
  const code = error instanceof ConnectError ? error.code : 'error';
  await recordConnectionEvent(deps, {
    account,
    actor: SYSTEM_ACTOR,
    action: 'account.token_refresh_failed',
    metric: 'refresh',
    outcome: 'failed',
    after: { reason: code, retryAt: at.toISOString() },
  });
  return 'retry_later';
}

/**
 * Writes what a refresh ended with while this worker still holds the account (its `refreshing`
 * owner), reading again when something else changed the account meanwhile (a slot edit).
 */
async function settle(
  deps: Deps,
  account: Account,
  worker: string,
  change: (c: AccountConnection) => { account: Parameters<Deps['accounts']['update']>[3] },
): Promise<Account | null> {
  let current: Account | null = account;
  for (let tries = 0; current && tries < 5; tries += 1) {
    const c = current.connection;
    if (!c || c.refreshing?.owner !== worker) return null;
    const patch = change(c).account;
    const unset =
      patch.tokenExpiresAt === undefined && 'tokenExpiresAt' in patch ? (['tokenExpiresAt'] as const) : [];
    const updated = await deps.accounts.update(
      current.workspaceId,
      current.id,
      current.version,
      patch,
      unset,
    );
    if (updated) return updated;
    current = await deps.accounts.get(account.workspaceId, account.id);
  }
  return null;
}
