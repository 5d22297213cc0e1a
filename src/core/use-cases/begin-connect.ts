import { PLATFORM_NAMES } from '../domain/connection.js';
import { HeraldError } from '../errors.js';
import type { ConnectIntent, ConnectLink } from '../ports/connect-request-store.js';
import type { ConnectorTarget, PlatformConnector } from '../ports/platform-connector.js';
import { connectFailure, connectorTarget, unavailable } from './connector-target.js';
import type { CoreDeps } from './deps.js';

/** A connect link, and an authorization started from it, work within this long. */
export const CONNECT_TTL_MS = 10 * 60_000;

type Deps = Pick<
  CoreDeps,
  'connectRequests' | 'connectorFor' | 'oauthClients' | 'vault' | 'secrets' | 'clock' | 'settings'
>;

/** Where the browser goes next: the platform's authorization page, or Bluesky's app-password form. */
export type ConnectStart =
  | { kind: 'redirect'; url: string }
  | { kind: 'form'; state: string; platform: 'bluesky' };

/** The callback URL a platform sends the browser back to: `/oauth/<platform>/callback` on the public URL. */
export function redirectUriOf(deps: Pick<CoreDeps, 'settings'>, platform: string): string {
  return `${deps.settings.publicUrl.replace(/\/$/, '')}/oauth/${platform}/callback`;
}

/**
 * Opens a connect link (once, within 10 minutes): starts an authorization whose `state` is bound
 * to the person, the workspace and this browser (`browserNonce`, the cookie the caller set), with
 * a PKCE verifier kept on Herald's side. Mastodon registers Herald on the instance first, once.
 */
export async function beginConnect(
  deps: Deps,
  input: { linkToken: string; browserNonce: string },
): Promise<ConnectStart> {
  const now = deps.clock.now();
  const link = await deps.connectRequests.useLink(deps.secrets.hash(input.linkToken), now);
  if (!link)
    throw new HeraldError('UNAUTHORIZED', 'This connect link is unknown or was used already.', {
      hint: 'Ask for a new one with /herald connect <platform>.',
    });
  if (link.expiresAt.getTime() < now.getTime())
    throw new HeraldError('UNAUTHORIZED', 'This connect link has expired (links last 10 minutes).', {
      hint: `Ask for a new one with /herald connect ${link.platform}.`,
    });
  const connector = deps.connectorFor(link.platform);
  if (!connector) throw unavailable(link.platform);
  const redirectUri = redirectUriOf(deps, link.platform);
  const target = await connectorTarget(deps, connector, link.instance, redirectUri).catch((error) => {
    throw connectFailure(error, link.platform);
  });
  return startState(deps, connector, intentOf(link), target, {
    redirectUri,
    browserNonce: input.browserNonce,
  });
}

/**
 * A new authorization state for `intent` in this browser: what a link opens, and what a Bluesky
 * form gets again after a wrong password (the state it was sent with is used up).
 */
export async function startState(
  deps: Pick<CoreDeps, 'connectRequests' | 'secrets' | 'clock'>,
  connector: PlatformConnector,
  intent: ConnectIntent,
  target: ConnectorTarget,
  browser: { redirectUri: string; browserNonce: string },
): Promise<ConnectStart> {
  const now = deps.clock.now();
  const state = deps.secrets.token();
  const codeVerifier = deps.secrets.token();
  await deps.connectRequests.saveState({
    ...intent,
    hash: deps.secrets.hash(state),
    browserHash: deps.secrets.hash(browser.browserNonce),
    codeVerifier,
    redirectUri: browser.redirectUri,
    createdAt: now,
    expiresAt: new Date(now.getTime() + CONNECT_TTL_MS),
  });
  if (connector.method === 'session') return { kind: 'form', state, platform: 'bluesky' };
  if (!connector.authorizeUrl) throw unavailable(intent.platform);
  const codeChallenge = deps.secrets.challenge(codeVerifier);
  return {
    kind: 'redirect',
    url: connector.authorizeUrl({ state, codeChallenge, redirectUri: browser.redirectUri }, target),
  };
}

function intentOf(link: ConnectLink): ConnectIntent {
  return {
    workspaceId: link.workspaceId,
    actor: link.actor,
    channel: link.channel,
    platform: link.platform,
    instance: link.instance,
    accountId: link.accountId,
  };
}

/** "Connect TikTok", for page titles. */
export function connectTitle(platform: string): string {
  return `Connect ${PLATFORM_NAMES[platform] ?? platform}`;
}
