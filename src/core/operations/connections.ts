import {
  CONNECTABLE_PLATFORMS,
  type ConnectablePlatform,
  isConnectable,
  PLATFORM_NAMES,
} from '../domain/connection.js';
import type { Account } from '../domain/types.js';
import { HeraldError } from '../errors.js';
import { CONNECT_TTL_MS } from '../use-cases/begin-connect.js';
import { unavailable } from '../use-cases/connector-target.js';
import type { CoreDeps } from '../use-cases/deps.js';
import { type Disconnected, disconnectAccount } from '../use-cases/disconnect-account.js';
import { noVault } from '../use-cases/store-connection.js';
import { isPlatform, resolveAccounts } from './accounts.js';
import type { OperationContext } from './context.js';
import { count, type Outcome } from './reply.js';

const USAGE = 'connect instagram · connect tiktok · connect mastodon mastodon.social · connect bluesky';

/**
 * `/herald connect <platform> [instance]`, a calendar Connect button, a Reconnect button: a
 * one-time link (10 minutes) for the person who asked, said only to them, that runs the
 * platform's authorization and comes back to Herald. `account` reconnects that account.
 */
export async function connectLink(
  deps: Pick<
    CoreDeps,
    'accounts' | 'connectRequests' | 'connectorFor' | 'vault' | 'secrets' | 'clock' | 'settings'
  >,
  ctx: OperationContext,
  req: { platform?: string | undefined; instance?: string | undefined; account?: string | undefined },
): Promise<Outcome<{ url: string; expiresAt: Date; platform: ConnectablePlatform }>> {
  const reconnect = req.account ? (await resolveAccounts(deps, ctx.workspace.id, req.account))[0] : undefined;
  const platform = platformOf(reconnect?.platform ?? req.platform);
  const instance =
    platform === 'mastodon' ? instanceOf(reconnect?.connection?.apiBaseUrl ?? req.instance) : undefined;
  if (!deps.connectorFor(platform)) throw unavailable(platform);
  if (!deps.vault) throw noVault();
  const token = deps.secrets.token();
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + CONNECT_TTL_MS);
  await deps.connectRequests.saveLink({
    hash: deps.secrets.hash(token),
    workspaceId: ctx.workspace.id,
    actor: ctx.actor,
    channel: ctx.channel,
    platform,
    instance,
    accountId: reconnect?.id,
    createdAt: now,
    expiresAt,
  });
  const url = `${deps.settings.publicUrl.replace(/\/$/, '')}/oauth/${platform}/start?link=${token}`;
  const what = reconnect ? `Reconnect @${reconnect.handle} on` : 'Connect an account on';
  return {
    result: { url, expiresAt, platform },
    reply: {
      title: `${what} ${PLATFORM_NAMES[platform]}${instance ? ` (${new URL(instance).host})` : ''}: your link (only for you, works once, for 10 minutes)`,
      lines: [
        url,
        platform === 'bluesky'
          ? 'It asks for your handle and an app password (Settings → Privacy and security → App passwords); Herald keeps only the session, never the password.'
          : `Sign in to ${PLATFORM_NAMES[platform]} and allow Herald; you come back to Herald, and the channel hears when it is done.`,
      ],
      public: false,
    },
  };
}

/**
 * `/herald disconnect @mia instagram`, `DELETE /v1/accounts/:id/connection`: revokes at the
 * platform where it can, deletes the stored tokens, holds the account's pending posts.
 */
export async function disconnect(
  deps: CoreDeps,
  ctx: OperationContext,
  req: { account: string; platform?: string | undefined },
): Promise<Outcome<Disconnected>> {
  const platform = req.platform ? platformWord(req.platform) : undefined;
  const [account] = await resolveAccounts(deps, ctx.workspace.id, req.account, platform);
  const done = await disconnectAccount(deps, { account: account as Account, actor: ctx.actor });
  const name = PLATFORM_NAMES[done.account.platform];
  const revoked = {
    revoked: `Herald's access was revoked at ${name}; the tokens are deleted.`,
    not_offered: `The tokens are deleted (${name} offers no revocation: remove Herald in its app settings if you want it gone there too).`,
    failed: `The tokens are deleted; ${name} did not confirm the revocation, so it may still list Herald.`,
  }[done.revocation];
  const held =
    done.held > 0
      ? `${count(done.held, 'post job')} held (needs attention) until it is connected again: /herald connect ${done.account.platform}`
      : 'Nothing was waiting to publish on it.';
  return {
    result: done,
    reply: {
      title: `Disconnected @${done.account.handle} on ${name}`,
      lines: [revoked, held],
      public: true,
    },
  };
}

function platformOf(word: string | undefined): ConnectablePlatform {
  if (!word)
    throw new HeraldError('VALIDATION_FAILED', 'Which platform? connect takes one.', { hint: USAGE });
  const platform = word.toLowerCase();
  if (!isConnectable(platform))
    throw new HeraldError(
      'VALIDATION_FAILED',
      `"${word.slice(0, 40)}" is not a platform Herald connects from chat.`,
      {
        hint: `Use one of ${CONNECTABLE_PLATFORMS.join(', ')} — e.g. ${USAGE}.`,
      },
    );
  return platform;
}

function platformWord(word: string) {
  if (!isPlatform(word))
    throw new HeraldError('VALIDATION_FAILED', `"${word.slice(0, 40)}" is not a platform.`, {
      hint: 'disconnect @mia instagram',
    });
  return word.toLowerCase() as Account['platform'];
}

/**
 * A Mastodon instance as typed (`mastodon.social`, `https://mastodon.social`, `@mia@mastodon.social`)
 * as its base URL; the host must look like one, and only http(s) is taken.
 */
function instanceOf(typed: string | undefined): string {
  const hint = 'connect mastodon mastodon.social';
  if (!typed)
    throw new HeraldError('VALIDATION_FAILED', 'Which Mastodon server is the account on?', { hint });
  const text = typed.trim().replace(/^@?[^@\s/]+@(?=[^@\s/]+$)/, '');
  const withScheme = /^[a-z]+:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new HeraldError('VALIDATION_FAILED', `"${typed.slice(0, 80)}" is not a server address.`, { hint });
  }
  if (!/^https?:$/.test(url.protocol) || !/^[a-z0-9.-]+(:\d+)?$/i.test(url.host) || url.username)
    throw new HeraldError('VALIDATION_FAILED', `"${typed.slice(0, 80)}" is not a server address.`, { hint });
  return url.origin;
}
