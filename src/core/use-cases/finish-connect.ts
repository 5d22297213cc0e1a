import { PLATFORM_NAMES } from '../domain/connection.js';
import { HeraldError } from '../errors.js';
import type { ConnectState } from '../ports/connect-request-store.js';
import { ConnectError, type PlatformConnector } from '../ports/platform-connector.js';
import { type ConnectStart, startState } from './begin-connect.js';
import { connectFailure, connectorTarget, unavailable } from './connector-target.js';
import type { CoreDeps } from './deps.js';
import { type ConnectedAccount, storeConnection } from './store-connection.js';

type Deps = Parameters<typeof storeConnection>[0] &
  Pick<CoreDeps, 'connectRequests' | 'connectorFor' | 'oauthClients' | 'secrets'>;

/**
 * The OAuth callback (`/oauth/<platform>/callback?code&state`): the state must be one Herald
 * issued, unused, unexpired, for this platform and started in this browser; the code is traded
 * with the PKCE verifier; the account the platform names is stored. A refusal stores nothing.
 */
export async function finishOAuth(
  deps: Deps,
  input: {
    platform: string;
    state?: string | undefined;
    code?: string | undefined;
    /** The platform's own `error` when the person declined (`access_denied`). */
    error?: string | undefined;
    browserNonce?: string | undefined;
  },
): Promise<ConnectedAccount> {
  const state = await takeState(deps, input.platform, input.state, input.browserNonce);
  const connector = connectorOf(deps, state);
  if (input.error || !input.code) {
    await refused(deps, state, input.error ?? 'no_code');
    throw new HeraldError(
      'CONNECT_REFUSED',
      `${PLATFORM_NAMES[state.platform]} did not authorize Herald (${(input.error ?? 'no code came back').slice(0, 60)}).`,
      { hint: `Start again with /herald connect ${state.platform}, and allow Herald when asked.` },
    );
  }
  const code = input.code;
  return attempt(deps, state, async () => {
    const target = await connectorTarget(deps, connector, state.instance, state.redirectUri);
    if (!connector.exchangeCode) throw unavailable(state.platform);
    const grant = await connector.exchangeCode(
      { code, codeVerifier: state.codeVerifier, redirectUri: state.redirectUri },
      target,
    );
    const profile = await connector.profile(grant, target);
    const apiBaseUrl = target.apiBaseUrl ?? connector.publishBaseUrl;
    return storeConnection(deps, { intent: state, grant, profile, method: 'oauth', apiBaseUrl });
  });
}

/** What a Bluesky form submission led to: the account, or the form again with what was wrong. */
export type SessionOutcome =
  | { kind: 'connected'; connected: ConnectedAccount }
  | { kind: 'again'; start: Extract<ConnectStart, { kind: 'form' }>; message: string };

/**
 * Bluesky's documented flow: createSession with the handle and an app password, kept only for
 * that call (the session's tokens are stored, never the password). A wrong password shows the
 * form again with a fresh state, so the person need not go back to chat.
 */
export async function finishSession(
  deps: Deps,
  input: { state?: string | undefined; browserNonce?: string | undefined; handle: string; password: string },
): Promise<SessionOutcome> {
  const state = await takeState(deps, 'bluesky', input.state, input.browserNonce);
  const connector = connectorOf(deps, state);
  if (!connector.createSession) throw unavailable(state.platform);
  const target = { apiBaseUrl: state.instance };
  const handle = input.handle.trim().replace(/^@/, '');
  try {
    const session = await connector.createSession({ handle, password: input.password }, target);
    const connected = await attempt(deps, state, () =>
      storeConnection(deps, { intent: state, ...session, method: 'session', apiBaseUrl: state.instance }),
    );
    return { kind: 'connected', connected };
  } catch (error) {
    if (!(error instanceof ConnectError) || error.kind !== 'rejected') throw connectFailure(error, 'bluesky');
    await refused(deps, state, error.code);
    const browser = { redirectUri: state.redirectUri, browserNonce: input.browserNonce ?? '' };
    const start = await startState(deps, connector, state, target, browser);
    return { kind: 'again', start: start as Extract<ConnectStart, { kind: 'form' }>, message: error.message };
  }
}

/** Uses the state up (whatever follows) after checking it is Herald's, current, this platform's and this browser's. */
async function takeState(
  deps: Deps,
  platform: string,
  token: string | undefined,
  browserNonce: string | undefined,
): Promise<ConnectState> {
  const now = deps.clock.now();
  const state = token ? await deps.connectRequests.useState(deps.secrets.hash(token), now) : null;
  const again = { hint: `Start again with /herald connect ${platform}.` };
  if (!state) {
    deps.meter?.count('connect', platform, 'refused');
    throw new HeraldError('UNAUTHORIZED', 'This authorization is unknown or was used already.', again);
  }
  if (state.expiresAt.getTime() < now.getTime()) {
    await refused(deps, state, 'state_expired');
    throw new HeraldError(
      'UNAUTHORIZED',
      'This authorization took longer than 10 minutes and expired.',
      again,
    );
  }
  if (state.platform !== platform) {
    await refused(deps, state, 'platform_mismatch');
    throw new HeraldError('UNAUTHORIZED', 'This authorization was started for another platform.', again);
  }
  if (!browserNonce || deps.secrets.hash(browserNonce) !== state.browserHash) {
    await refused(deps, state, 'other_browser');
    throw new HeraldError('FORBIDDEN', 'This authorization was started in another browser.', {
      hint: `Open the link from /herald connect ${platform} and finish in the same browser.`,
    });
  }
  return state;
}

function connectorOf(deps: Deps, state: ConnectState): PlatformConnector {
  const connector = deps.connectorFor(state.platform);
  if (!connector) throw unavailable(state.platform);
  return connector;
}

/** Runs the platform calls of a connect; a refusal or silence is audited, counted and said plainly. */
async function attempt(
  deps: Deps,
  state: ConnectState,
  run: () => Promise<ConnectedAccount>,
): Promise<ConnectedAccount> {
  try {
    return await run();
  } catch (error) {
    const code =
      error instanceof ConnectError ? error.code : error instanceof HeraldError ? error.code : 'error';
    await refused(deps, state, code);
    throw connectFailure(error, state.platform);
  }
}

/** A connect that did not happen, in the workspace's audit trail (no code, token or password in it). */
async function refused(deps: Deps, state: ConnectState, reason: string): Promise<void> {
  deps.meter?.count('connect', state.platform, 'refused');
  await deps.audit.append({
    id: deps.ids.next('aud'),
    workspaceId: state.workspaceId,
    at: deps.clock.now(),
    actor: state.actor,
    action: 'account.connect_refused',
    subject: state.accountId
      ? { type: 'account', id: state.accountId }
      : { type: 'workspace', id: state.workspaceId },
    after: { platform: state.platform, reason: reason.slice(0, 80) },
  });
}
