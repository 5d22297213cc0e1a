import {
  type AccountConnection,
  PLATFORM_NAMES,
  refreshAtFor,
  sealGrant,
  type TokenGrant,
} from '../domain/connection.js';
import type { Account } from '../domain/types.js';
import { HeraldError } from '../errors.js';
import type { ConnectIntent } from '../ports/connect-request-store.js';
import type { PlatformProfile } from '../ports/platform-connector.js';
import { recordConnectionEvent } from './connection-events.js';
import type { CoreDeps } from './deps.js';
import { resumeAccountJobs } from './hold-account-jobs.js';
import { notifySafely } from './notify.js';

type Deps = Pick<
  CoreDeps,
  | 'accounts'
  | 'influencers'
  | 'workspaces'
  | 'vault'
  | 'jobs'
  | 'queue'
  | 'audit'
  | 'ids'
  | 'clock'
  | 'notifier'
  | 'meter'
>;

export interface ConnectedAccount {
  account: Account;
  reconnected: boolean;
  resumed: number;
}

/**
 * The end of every connect: the account the platform says was authorized (created, or the one
 * being reconnected) gets the grant encrypted in the vault, its platform id and a `connected`
 * connection with its refresh time; jobs held for it resume; the connect is audited and counted,
 * and said in the channel where it was asked for.
 */
export async function storeConnection(
  deps: Deps,
  input: {
    intent: ConnectIntent;
    grant: TokenGrant;
    profile: PlatformProfile;
    method: AccountConnection['method'];
    apiBaseUrl?: string | undefined;
  },
): Promise<ConnectedAccount> {
  const { intent, grant, profile } = input;
  const vault = deps.vault;
  if (!vault) throw noVault();
  const target = await accountFor(deps, intent, profile);
  const now = deps.clock.now();
  const credentialId = await vault.store(target.workspaceId, target.id, sealGrant(grant));
  const connection: AccountConnection = {
    method: input.method,
    status: 'connected',
    apiBaseUrl: input.apiBaseUrl,
    refreshAt: grant.expiresAt ? refreshAtFor(target.platform, grant.expiresAt, now) : undefined,
    refreshExpiresAt: grant.refreshExpiresAt,
    since: now,
    connectedAt: now,
    connectedBy: intent.actor,
  };
  const account = await writeConnected(deps, target, {
    credentialId,
    platformUserId: profile.userId,
    connection,
    ...(grant.expiresAt ? { tokenExpiresAt: grant.expiresAt } : {}),
  });
  const reconnected = Boolean(target.credentialId || target.connection);
  const resumed = await resumeAccountJobs(deps, account, intent.actor);
  await recordConnectionEvent(deps, {
    account,
    actor: intent.actor,
    action: reconnected ? 'account.reconnected' : 'account.connected',
    metric: 'connect',
    outcome: 'ok',
    after: {
      handle: account.handle,
      method: input.method,
      platformUserId: profile.userId,
      ...(grant.expiresAt ? { expiresAt: grant.expiresAt.toISOString() } : {}),
      resumed,
    },
  });
  await notifySafely(deps, account.workspaceId, {
    type: 'account_connected',
    workspaceId: account.workspaceId,
    accountId: account.id,
    handle: account.handle,
    platform: account.platform,
    channel: intent.channel,
    reconnected,
    resumed,
  });
  return { account, reconnected, resumed };
}

/** "Connected @mia on Instagram". */
export function connectedText(account: Pick<Account, 'handle' | 'platform'>, reconnected = false): string {
  return `${reconnected ? 'Reconnected' : 'Connected'} @${account.handle} on ${PLATFORM_NAMES[account.platform]}`;
}

/**
 * The account a grant is for: on a Reconnect, the account asked about — refused when the person
 * signed in as someone else (nothing is stored); otherwise the workspace's account of that
 * platform and handle, created (with its influencer) the first time.
 */
async function accountFor(deps: Deps, intent: ConnectIntent, profile: PlatformProfile): Promise<Account> {
  if (intent.accountId) {
    const account = await deps.accounts.get(intent.workspaceId, intent.accountId);
    if (!account) throw new HeraldError('NOT_FOUND', 'The account to reconnect no longer exists.');
    const same = account.platformUserId
      ? account.platformUserId === profile.userId
      : account.handle.toLowerCase() === profile.handle.toLowerCase();
    if (!same)
      throw new HeraldError(
        'CONNECT_REFUSED',
        `You signed in to ${PLATFORM_NAMES[account.platform]} as @${profile.handle}, but this link reconnects @${account.handle}.`,
        {
          hint: `Sign in as @${account.handle}, or use /herald connect ${account.platform} to add @${profile.handle}.`,
        },
      );
    return account;
  }
  const [existing] = await deps.accounts.findByHandle(intent.workspaceId, profile.handle, intent.platform);
  if (existing) return existing;
  const workspace = await deps.workspaces.get(intent.workspaceId);
  const influencer = await deps.influencers.ensure({
    workspaceId: intent.workspaceId,
    handle: profile.handle,
    displayName: profile.handle,
  });
  return deps.accounts.ensure({
    workspaceId: intent.workspaceId,
    influencerId: influencer.id,
    platform: intent.platform,
    handle: profile.handle,
    timezone: workspace?.timezone ?? 'UTC',
    platformUserId: profile.userId,
  });
}

/** Writes the connection with a compare-and-set, reading again when something else changed the account meanwhile. */
async function writeConnected(
  deps: Deps,
  account: Account,
  patch: Parameters<Deps['accounts']['update']>[3],
): Promise<Account> {
  let current = account;
  for (let tries = 0; tries < 5; tries += 1) {
    const unset = patch.tokenExpiresAt ? [] : (['tokenExpiresAt'] as const);
    const updated = await deps.accounts.update(
      current.workspaceId,
      current.id,
      current.version,
      patch,
      unset,
    );
    if (updated) return updated;
    const again = await deps.accounts.get(current.workspaceId, current.id);
    if (!again) break;
    current = again;
  }
  throw new HeraldError(
    'VERSION_CONFLICT',
    `Account ${account.id} kept changing while it was being connected.`,
    {
      hint: 'Connect it again.',
    },
  );
}

export function noVault(): HeraldError {
  return new HeraldError('FEATURE_DISABLED', 'Tokens cannot be stored: no credential key is configured.', {
    hint: 'Set HERALD_CREDENTIAL_KEYS (see .env.example) and restart.',
  });
}
