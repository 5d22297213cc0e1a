import { openGrant, PLATFORM_NAMES } from '../domain/connection.js';
import type { Account, Actor } from '../domain/types.js';
import { HeraldError } from '../errors.js';
import { recordConnectionEvent } from './connection-events.js';
import { connectorTarget } from './connector-target.js';
import type { CoreDeps } from './deps.js';
import { holdAccountJobs } from './hold-account-jobs.js';

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
  | 'meter'
  | 'settings'
>;

export interface Disconnected {
  account: Account;
  /** `revoked` at the platform; `not_offered` where it has no revocation; `failed` (tokens deleted here anyway). */
  revocation: 'revoked' | 'not_offered' | 'failed';
  held: number;
}

/**
 * Disconnects an account: the grant is revoked at the platform where it offers that, the stored
 * tokens are deleted, and the account's jobs that would publish are held with a clear reason —
 * a reconnect resumes them. Refused when nothing is connected.
 */
export async function disconnectAccount(
  deps: Deps,
  input: { account: Account; actor: Actor },
): Promise<Disconnected> {
  const { account, actor } = input;
  const name = PLATFORM_NAMES[account.platform];
  if (!account.credentialId && account.connection?.status !== 'needs_reconnect')
    throw new HeraldError('NOT_CONNECTED', `@${account.handle} on ${name} is not connected.`, {
      hint: `Connect it with /herald connect ${account.platform}.`,
    });
  const revocation = await revoke(deps, account);
  await deps.vault?.remove(account.workspaceId, account.id);
  const now = deps.clock.now();
  const reason = `Disconnected by ${actor.name ?? actor.id}.`;
  const updated = await writeDisconnected(deps, account, now, reason);
  const held = await holdAccountJobs(deps, updated, {
    code: 'account_disconnected',
    message: `@${account.handle} (${account.platform}) was disconnected by ${actor.name ?? actor.id}; connect it again (/herald connect ${account.platform}) and this post continues.`,
    actor,
  });
  await recordConnectionEvent(deps, {
    account,
    actor,
    action: 'account.disconnected',
    metric: 'disconnect',
    outcome: revocation,
    after: { handle: account.handle, held },
  });
  return { account: updated, revocation, held };
}

async function revoke(deps: Deps, account: Account): Promise<Disconnected['revocation']> {
  const connector = deps.connectorFor(account.platform);
  if (!connector?.revoke || !connector.revokes) return 'not_offered';
  try {
    const secret = await deps.vault?.reveal(account.workspaceId, account.id);
    if (!secret) return 'failed';
    const redirectUri = `${deps.settings.publicUrl.replace(/\/$/, '')}/oauth/${account.platform}/callback`;
    const target = await connectorTarget(deps, connector, account.connection?.apiBaseUrl, redirectUri);
    await connector.revoke(openGrant(secret), target);
    return 'revoked';
  } catch {
    // The tokens are deleted here either way; the reply says the platform may still list Herald.
    return 'failed';
  }
}

async function writeDisconnected(deps: Deps, account: Account, now: Date, reason: string): Promise<Account> {
  let current: Account | null = account;
  for (let tries = 0; current && tries < 5; tries += 1) {
    const c = current.connection;
    const patch = c
      ? {
          connection: {
            ...c,
            status: 'disconnected' as const,
            reason,
            since: now,
            refreshing: undefined,
            refreshAt: undefined,
          },
        }
      : {};
    const updated = await deps.accounts.update(current.workspaceId, current.id, current.version, patch, [
      'credentialId',
      'tokenExpiresAt',
    ]);
    if (updated) return updated;
    current = await deps.accounts.get(account.workspaceId, account.id);
  }
  throw new HeraldError(
    'VERSION_CONFLICT',
    `Account ${account.id} kept changing while it was being disconnected.`,
    {
      hint: 'Disconnect it again.',
    },
  );
}
