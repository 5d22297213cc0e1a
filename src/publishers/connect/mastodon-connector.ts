import { z } from 'zod';
import type { TokenGrant } from '../../core/domain/connection.js';
import {
  ConnectError,
  type ConnectorTarget,
  type OAuthClient,
  type PlatformConnector,
  type PlatformProfile,
} from '../../core/ports/platform-connector.js';
import { formBody, type HttpResult, joinUrl } from '../http.js';
import type { FetchPolicy } from '../url-guard.js';
import { connectBody, connectCall, connectFailure } from './oauth-http.js';

export interface MastodonConnectOptions {
  /** The instances are user-given: every call goes through the URL guard with this policy. */
  fetchPolicy?: FetchPolicy | undefined;
  /** Shown to the person on the instance's authorization page. */
  clientName?: string;
  website?: string | undefined;
  timeoutMs?: number;
}

/** What Herald asks for: read its own account, post statuses with media. */
const SCOPES = 'read:accounts write:statuses write:media';
const App = z.object({ client_id: z.string().min(1), client_secret: z.string().min(1) });
const Token = z.object({ access_token: z.string().min(1) });
const Account = z.object({ id: z.string(), username: z.string(), acct: z.string().optional() });

/**
 * Mastodon: Herald registers itself on each instance once (POST /api/v1/apps), then the
 * authorization-code flow with PKCE (Mastodon 4.3+; older instances ignore the challenge),
 * verify_credentials for the account, and /oauth/revoke. Its tokens do not expire.
 */
export class MastodonConnector implements PlatformConnector {
  readonly platform = 'mastodon' as const;
  readonly method = 'oauth' as const;
  readonly registersPerInstance = true;
  readonly revokes = true;

  constructor(private readonly options: MastodonConnectOptions = {}) {}

  async registerClient(apiBaseUrl: string, redirectUri: string): Promise<OAuthClient> {
    const result = await this.call({
      method: 'POST',
      url: joinUrl(apiBaseUrl, '/api/v1/apps'),
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        client_name: this.options.clientName ?? 'Herald',
        redirect_uris: redirectUri,
        scopes: SCOPES,
        ...(this.options.website ? { website: this.options.website } : {}),
      }),
    });
    if (!ok(result)) throw connectFailure(result, 'Mastodon app registration');
    const app = connectBody(App, result, 'Mastodon app registration');
    return { clientId: app.client_id, clientSecret: app.client_secret };
  }

  authorizeUrl(
    input: { state: string; codeChallenge: string; redirectUri: string },
    target: ConnectorTarget,
  ): string {
    const { apiBaseUrl, client } = need(target);
    return joinUrl(apiBaseUrl, '/oauth/authorize', {
      response_type: 'code',
      client_id: client.clientId,
      redirect_uri: input.redirectUri,
      scope: SCOPES,
      state: input.state,
      code_challenge: input.codeChallenge,
      code_challenge_method: 'S256',
    });
  }

  async exchangeCode(
    input: { code: string; codeVerifier: string; redirectUri: string },
    target: ConnectorTarget,
  ): Promise<TokenGrant> {
    const { apiBaseUrl, client } = need(target);
    const secrets = [input.code, input.codeVerifier, client.clientSecret];
    const result = await this.call({
      method: 'POST',
      url: joinUrl(apiBaseUrl, '/oauth/token'),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: formBody({
        grant_type: 'authorization_code',
        code: input.code,
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uri: input.redirectUri,
        code_verifier: input.codeVerifier,
        scope: SCOPES,
      }).toString(),
      secrets,
    });
    if (!ok(result)) throw connectFailure(result, 'Mastodon token', { secrets });
    return { accessToken: connectBody(Token, result, 'Mastodon token').access_token };
  }

  async profile(grant: TokenGrant, target: ConnectorTarget): Promise<PlatformProfile> {
    const { apiBaseUrl } = need(target);
    const secrets = [grant.accessToken];
    const result = await this.call({
      method: 'GET',
      url: joinUrl(apiBaseUrl, '/api/v1/accounts/verify_credentials'),
      headers: { Authorization: `Bearer ${grant.accessToken}` },
      secrets,
    });
    if (!ok(result))
      throw connectFailure(result, 'Mastodon verify_credentials', { secrets, revokedOn: 'any_4xx' });
    const account = connectBody(Account, result, 'Mastodon verify_credentials');
    return { userId: account.id, handle: account.username };
  }

  async revoke(grant: TokenGrant, target: ConnectorTarget): Promise<void> {
    const { apiBaseUrl, client } = need(target);
    const secrets = [grant.accessToken, client.clientSecret];
    const result = await this.call({
      method: 'POST',
      url: joinUrl(apiBaseUrl, '/oauth/revoke'),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: formBody({
        client_id: client.clientId,
        client_secret: client.clientSecret,
        token: grant.accessToken,
      }).toString(),
      secrets,
    });
    if (!ok(result)) throw connectFailure(result, 'Mastodon revoke', { secrets });
  }

  private call(call: {
    method: 'GET' | 'POST';
    url: string;
    headers?: Record<string, string>;
    body?: string;
    secrets?: string[];
  }): Promise<HttpResult> {
    return connectCall({
      ...call,
      timeoutMs: this.options.timeoutMs ?? 15_000,
      guard: this.options.fetchPolicy ?? {},
    });
  }
}

function need(target: ConnectorTarget): { apiBaseUrl: string; client: OAuthClient } {
  if (!target.apiBaseUrl || !target.client)
    throw new ConnectError(
      'rejected',
      'no_instance',
      'Mastodon: no server, or Herald is not registered on it',
    );
  return { apiBaseUrl: target.apiBaseUrl, client: target.client };
}

function ok(result: HttpResult): boolean {
  return result.status >= 200 && result.status < 300;
}
