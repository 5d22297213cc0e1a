import type { Account, Actor, Platform } from '../domain/types.js';
import { HeraldError, notFound } from '../errors.js';
import type { CoreDeps } from './deps.js';

type Deps = Pick<CoreDeps, 'accounts' | 'influencers' | 'vault' | 'audit' | 'ids' | 'clock'>;

interface ConnectAccountInput {
  workspaceId: string;
  actor: Actor;
  platform: Platform;
  handle: string;
  timezone: string;
  /** `HH:mm`: what a day without a time of day means for this account. */
  defaultTime?: string;
  /** The creator the account belongs to (handle); defaults to the account handle. */
  influencer?: string;
  platformUserId?: string;
  /** Write-only: encrypted by the vault, never stored or returned in clear. */
  token?: string;
  tokenExpiresAt?: Date;
}

/** Connects a platform account to the workspace; refuses a second account with the same platform and handle. */
export async function connectAccount(deps: Deps, input: ConnectAccountInput): Promise<Account> {
  if ((await deps.accounts.findByHandle(input.workspaceId, input.handle, input.platform)).length > 0) {
    throw new HeraldError('CONFLICT', `@${input.handle} on ${input.platform} is already connected.`, {
      hint: 'Update it with PATCH /v1/accounts/{id} instead.',
    });
  }
  const influencer = await deps.influencers.ensure({
    workspaceId: input.workspaceId,
    handle: input.influencer ?? input.handle,
    displayName: input.influencer ?? input.handle,
  });
  const account = await deps.accounts.ensure({
    workspaceId: input.workspaceId,
    influencerId: influencer.id,
    platform: input.platform,
    handle: input.handle,
    timezone: input.timezone,
    defaultTime: input.defaultTime,
    platformUserId: input.platformUserId,
    tokenExpiresAt: input.tokenExpiresAt,
  });
  const connected = input.token
    ? await storeToken(deps, account, input.token, input.tokenExpiresAt)
    : account;
  await audit(deps, input.actor, connected, 'account.connected', {
    platform: input.platform,
    handle: input.handle,
    withToken: Boolean(input.token),
  });
  return connected;
}

/** Changes an account's zone, platform id or token (the version guards against a concurrent edit). */
export async function updateAccount(
  deps: Deps,
  input: {
    workspaceId: string;
    actor: Actor;
    id: string;
    timezone?: string;
    defaultTime?: string;
    platformUserId?: string;
    token?: string;
    tokenExpiresAt?: Date;
  },
): Promise<Account> {
  const account = await deps.accounts.get(input.workspaceId, input.id);
  if (!account) throw notFound('account', input.id);
  const patch = {
    ...(input.timezone ? { timezone: input.timezone } : {}),
    ...(input.defaultTime ? { defaultTime: input.defaultTime } : {}),
    ...(input.platformUserId ? { platformUserId: input.platformUserId } : {}),
  };
  let updated =
    Object.keys(patch).length > 0
      ? await deps.accounts.update(input.workspaceId, account.id, account.version, patch)
      : account;
  if (!updated)
    throw new HeraldError('VERSION_CONFLICT', `Account ${account.id} changed while you edited it.`, {
      hint: 'Read it again and retry.',
    });
  if (input.token) updated = await storeToken(deps, updated, input.token, input.tokenExpiresAt);
  await audit(deps, input.actor, updated, 'account.updated', {
    fields: [...Object.keys(patch), ...(input.token ? ['token'] : [])],
  });
  return updated;
}

async function storeToken(
  deps: Deps,
  account: Account,
  token: string,
  expiresAt: Date | undefined,
): Promise<Account> {
  if (!deps.vault) {
    throw new HeraldError('FEATURE_DISABLED', 'Tokens cannot be stored: no credential key is configured.', {
      hint: 'Set HERALD_CREDENTIAL_KEYS (see .env.example) and restart.',
    });
  }
  const credentialId = await deps.vault.store(account.workspaceId, account.id, token);
  const updated = await deps.accounts.update(account.workspaceId, account.id, account.version, {
    credentialId,
    ...(expiresAt ? { tokenExpiresAt: expiresAt } : {}),
  });
  return updated ?? { ...account, credentialId };
}

async function audit(
  deps: Deps,
  actor: Actor,
  account: Account,
  action: string,
  after: Record<string, unknown>,
) {
  await deps.audit.append({
    id: deps.ids.next('aud'),
    workspaceId: account.workspaceId,
    at: deps.clock.now(),
    actor,
    action,
    subject: { type: 'account', id: account.id },
    after,
  });
}
