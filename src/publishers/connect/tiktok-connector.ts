import { z } from 'zod';
import type { TokenGrant } from '../../core/domain/connection.js';
import {
  ConnectError,
  type PlatformConnector,
  type PlatformProfile,
} from '../../core/ports/platform-connector.js';
import { formBody, joinUrl } from '../http.js';
import { connectBody, connectCall, connectFailure, grantOf } from './oauth-http.js';

export interface TikTokConnectOptions {
  clientKey: string;
  clientSecret: string;
  /** Where people authorize: https://www.tiktok.com (…/v2/auth/authorize/). */
  authUrl: string;
  /** The API: https://open.tiktokapis.com (…/v2/oauth/token/, …/v2/oauth/revoke/, …/v2/user/info/). */
  apiUrl: string;
  /** Comma-separated, as TikTok takes them. */
  scopes?: string;
  timeoutMs?: number;
  now?: () => Date;
}

const TokenAnswer = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().optional(),
  refresh_token: z.string().optional(),
  refresh_expires_in: z.number().optional(),
  open_id: z.string().optional(),
});
const UserInfo = z.object({
  data: z.object({
    user: z.object({
      open_id: z.string(),
      username: z.string().optional(),
      display_name: z.string().optional(),
    }),
  }),
});

/**
 * TikTok Login Kit (OAuth v2): authorize at www.tiktok.com with PKCE, then the token endpoint
 * for the code, for refreshes (the refresh token rotates: the newest is kept) and revocation;
 * /v2/user/info/ names the account. Access tokens last a day (TikTok says `expires_in`).
 */
export class TikTokConnector implements PlatformConnector {
  readonly platform = 'tiktok' as const;
  readonly method = 'oauth' as const;
  readonly registersPerInstance = false;
  readonly revokes = true;
  private readonly now: () => Date;

  constructor(private readonly options: TikTokConnectOptions) {
    this.now = options.now ?? (() => new Date());
  }

  authorizeUrl(input: { state: string; codeChallenge: string; redirectUri: string }): string {
    return joinUrl(this.options.authUrl, '/v2/auth/authorize/', {
      client_key: this.options.clientKey,
      scope: this.options.scopes ?? 'user.info.basic,user.info.profile,video.publish,video.upload,video.list',
      response_type: 'code',
      redirect_uri: input.redirectUri,
      state: input.state,
      code_challenge: input.codeChallenge,
      code_challenge_method: 'S256',
    });
  }

  exchangeCode(input: { code: string; codeVerifier: string; redirectUri: string }): Promise<TokenGrant> {
    return this.token(
      {
        grant_type: 'authorization_code',
        code: input.code,
        redirect_uri: input.redirectUri,
        code_verifier: input.codeVerifier,
      },
      [input.code, input.codeVerifier],
    );
  }

  refresh(grant: TokenGrant): Promise<TokenGrant> {
    if (!grant.refreshToken) return Promise.reject(noRefreshToken());
    return this.token({ grant_type: 'refresh_token', refresh_token: grant.refreshToken }, [
      grant.refreshToken,
    ]);
  }

  async revoke(grant: TokenGrant): Promise<void> {
    const url = joinUrl(this.options.apiUrl, '/v2/oauth/revoke/');
    const secrets = [grant.accessToken, this.options.clientSecret];
    const result = await connectCall({
      ...this.post(url),
      body: this.form({ token: grant.accessToken }),
      secrets,
    });
    if (!ok(result)) throw connectFailure(result, 'TikTok revoke', { secrets });
  }

  async profile(grant: TokenGrant): Promise<PlatformProfile> {
    const url = joinUrl(this.options.apiUrl, '/v2/user/info/', { fields: 'open_id,username,display_name' });
    const result = await connectCall({
      method: 'GET',
      url,
      headers: { Authorization: `Bearer ${grant.accessToken}` },
      timeoutMs: this.options.timeoutMs ?? 15_000,
      secrets: [grant.accessToken],
    });
    if (!ok(result)) throw connectFailure(result, 'TikTok user info', { secrets: [grant.accessToken] });
    const { user } = connectBody(UserInfo, result, 'TikTok user info').data;
    return { userId: user.open_id, handle: handleOf(user.username ?? user.display_name ?? user.open_id) };
  }

  private async token(fields: Record<string, string>, secrets: string[]): Promise<TokenGrant> {
    const url = joinUrl(this.options.apiUrl, '/v2/oauth/token/');
    const all = [...secrets, this.options.clientSecret];
    const result = await connectCall({ ...this.post(url), body: this.form(fields), secrets: all });
    if (!ok(result)) throw connectFailure(result, 'TikTok token', { secrets: all });
    return grantOf(connectBody(TokenAnswer, result, 'TikTok token'), this.now());
  }

  private post(url: string) {
    return {
      method: 'POST' as const,
      url,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Cache-Control': 'no-cache' },
      timeoutMs: this.options.timeoutMs ?? 15_000,
    };
  }

  private form(fields: Record<string, string>) {
    return formBody({
      client_key: this.options.clientKey,
      client_secret: this.options.clientSecret,
      ...fields,
    });
  }
}

/** 2xx without an `error` in the body: TikTok's token endpoint reports some errors with 200. */
function ok(result: { status: number; json: unknown }): boolean {
  const body = result.json as { error?: unknown } | undefined;
  const error = body?.error;
  const failed =
    typeof error === 'string' ||
    (typeof error === 'object' && error !== null && (error as { code?: string }).code !== 'ok');
  return result.status >= 200 && result.status < 300 && !failed;
}

function handleOf(name: string): string {
  return (
    name
      .replace(/^@/, '')
      .replace(/[^A-Za-z0-9_.-]/g, '')
      .slice(0, 64) || 'tiktok'
  );
}

function noRefreshToken(): ConnectError {
  return new ConnectError('revoked', 'no_refresh_token', 'TikTok: no refresh token is stored');
}
