import { PLATFORM_NAMES } from '../domain/connection.js';
import { HeraldError } from '../errors.js';
import {
  ConnectError,
  type ConnectorTarget,
  type OAuthClient,
  type PlatformConnector,
} from '../ports/platform-connector.js';
import type { CoreDeps } from './deps.js';
import { noVault } from './store-connection.js';

/** The vault "workspace" client secrets are kept under: Herald's own registrations, no tenant's. */
const CLIENTS = 'oauth-clients';

/**
 * Where a connector's calls for one account go: its instance, and Herald's client there.
 * Mastodon registers Herald on an instance the first time anyone connects from it (one app per
 * instance and callback URL, remembered; its secret kept encrypted in the vault).
 */
export async function connectorTarget(
  deps: Pick<CoreDeps, 'oauthClients' | 'vault' | 'clock'>,
  connector: PlatformConnector,
  apiBaseUrl: string | undefined,
  redirectUri: string,
): Promise<ConnectorTarget> {
  if (!connector.registersPerInstance || !apiBaseUrl) return { apiBaseUrl };
  return { apiBaseUrl, client: await clientOn(deps, connector, apiBaseUrl, redirectUri) };
}

async function clientOn(
  deps: Pick<CoreDeps, 'oauthClients' | 'vault' | 'clock'>,
  connector: PlatformConnector,
  server: string,
  redirectUri: string,
): Promise<OAuthClient> {
  const vault = deps.vault;
  if (!vault) throw noVault();
  const platform = connector.platform;
  const known = await deps.oauthClients.get(platform, server, redirectUri);
  const secretOf = (clientId: string) => vault.reveal(CLIENTS, `${platform}:${clientId}`);
  if (known) {
    const clientSecret = await secretOf(known);
    if (clientSecret) return { clientId: known, clientSecret };
  }
  if (!connector.registerClient) throw unavailable(platform);
  const registered = await connector.registerClient(server, redirectUri);
  // The secret first, under its client id: whichever registration the store keeps has its secret.
  await vault.store(CLIENTS, `${platform}:${registered.clientId}`, registered.clientSecret);
  const kept = await deps.oauthClients.keep(
    platform,
    server,
    redirectUri,
    registered.clientId,
    deps.clock.now(),
  );
  if (kept === registered.clientId) return registered;
  const clientSecret = await secretOf(kept);
  if (!clientSecret) throw unavailable(platform);
  return { clientId: kept, clientSecret };
}

/** Herald is not set up to connect accounts of this platform (no app credentials configured). */
export function unavailable(platform: string): HeraldError {
  const name = PLATFORM_NAMES[platform] ?? platform;
  const settings: Record<string, string> = {
    instagram: 'HERALD_INSTAGRAM_APP_ID and HERALD_INSTAGRAM_APP_SECRET',
    tiktok: 'HERALD_TIKTOK_CLIENT_KEY and HERALD_TIKTOK_CLIENT_SECRET',
  };
  return new HeraldError('FEATURE_DISABLED', `Herald is not set up to connect ${name} accounts.`, {
    hint: settings[platform]
      ? `An operator sets ${settings[platform]} (see .env.example) and restarts Herald.`
      : 'Ask an operator to check the platform settings.',
  });
}

/** A platform's refusal or silence as the person reads it; anything else is passed on. */
export function connectFailure(error: unknown, platform: string): unknown {
  if (!(error instanceof ConnectError)) return error;
  const name = PLATFORM_NAMES[platform] ?? platform;
  if (error.kind === 'transient')
    return new HeraldError('PLATFORM_UNAVAILABLE', `${name} did not answer: ${error.message}`, {
      hint: 'Try again in a few minutes.',
    });
  return new HeraldError('CONNECT_REFUSED', `${name} refused: ${error.message}`, {
    hint: `Start again with /herald connect ${platform}.`,
    details: { code: error.code },
  });
}
