import { z } from 'zod';
import type { TokenGrant } from '../../core/domain/connection.js';
import type { PlatformConnector, PlatformProfile } from '../../core/ports/platform-connector.js';
import type { HttpResult } from '../http.js';
import { formBody, joinUrl } from '../http.js';
import { connectBody, connectCall, connectFailure, expiresIn } from './oauth-http.js';

export interface InstagramConnectOptions {
  appId: string;
  appSecret: string;
  /** Where people authorize: https://www.instagram.com (…/oauth/authorize). */
  authUrl: string;
  /** The code exchange: https://api.instagram.com (…/oauth/access_token). */
  tokenUrl: string;
  /** Long-lived tokens, refresh, /me and publishing: https://graph.instagram.com. */
  graphUrl: string;
  apiVersion?: string;
  timeoutMs?: number;
  now?: () => Date;
}

const ShortLived = z.union([
  z.object({ data: z.array(z.object({ access_token: z.string().min(1) })).min(1) }),
  z.object({ access_token: z.string().min(1) }),
]);
const LongLived = z.object({ access_token: z.string().min(1), expires_in: z.number().optional() });
const Me = z.object({
  user_id: z.union([z.string(), z.number()]).optional(),
  id: z.string().optional(),
  username: z.string(),
});

/**
 * Instagram API with Instagram Login (business login): authorize at instagram.com, trade the
 * code for a short-lived token (an hour) and that at once for a long-lived one (60 days), which
 * is refreshed with `refresh_access_token` before it lapses. Instagram offers no revocation: the
 * person removes Herald under their app settings.
 */
export class InstagramConnector implements PlatformConnector {
  readonly platform = 'instagram' as const;
  readonly method = 'oauth' as const;
  readonly registersPerInstance = false;
  readonly revokes = false;
  readonly publishBaseUrl: string;
  private readonly now: () => Date;

  constructor(private readonly options: InstagramConnectOptions) {
    this.now = options.now ?? (() => new Date());
    this.publishBaseUrl = joinUrl(options.graphUrl, `/${options.apiVersion ?? 'v21.0'}`);
  }

  authorizeUrl(input: { state: string; codeChallenge: string; redirectUri: string }): string {
    return joinUrl(this.options.authUrl, '/oauth/authorize', {
      client_id: this.options.appId,
      redirect_uri: input.redirectUri,
      response_type: 'code',
      scope: 'instagram_business_basic,instagram_business_content_publish',
      state: input.state,
      code_challenge: input.codeChallenge,
      code_challenge_method: 'S256',
    });
  }

  async exchangeCode(input: {
    code: string;
    codeVerifier: string;
    redirectUri: string;
  }): Promise<TokenGrant> {
    const secrets = [input.code, input.codeVerifier, this.options.appSecret];
    const result = await connectCall({
      method: 'POST',
      url: joinUrl(this.options.tokenUrl, '/oauth/access_token'),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: formBody({
        client_id: this.options.appId,
        client_secret: this.options.appSecret,
        grant_type: 'authorization_code',
        redirect_uri: input.redirectUri,
        code: input.code,
        code_verifier: input.codeVerifier,
      }),
      timeoutMs: this.timeout(),
      secrets,
    });
    if (!ok(result)) throw connectFailure(result, 'Instagram code exchange', { secrets });
    const short = connectBody(ShortLived, result, 'Instagram code exchange');
    const shortToken = 'data' in short ? (short.data[0]?.access_token ?? '') : short.access_token;
    return this.longLived(
      '/access_token',
      { grant_type: 'ig_exchange_token', client_secret: this.options.appSecret },
      shortToken,
    );
  }

  refresh(grant: TokenGrant): Promise<TokenGrant> {
    return this.longLived('/refresh_access_token', { grant_type: 'ig_refresh_token' }, grant.accessToken);
  }

  async profile(grant: TokenGrant): Promise<PlatformProfile> {
    const url = joinUrl(this.publishBaseUrl, '/me', {
      fields: 'user_id,username',
      access_token: grant.accessToken,
    });
    const secrets = [grant.accessToken];
    const result = await connectCall({ method: 'GET', url, timeoutMs: this.timeout(), secrets });
    if (!ok(result)) throw connectFailure(result, 'Instagram /me', { secrets });
    const me = connectBody(Me, result, 'Instagram /me');
    return { userId: String(me.user_id ?? me.id ?? ''), handle: me.username };
  }

  private async longLived(path: string, query: Record<string, string>, token: string): Promise<TokenGrant> {
    const secrets = [token, this.options.appSecret];
    const url = joinUrl(this.options.graphUrl, path, { ...query, access_token: token });
    const result = await connectCall({ method: 'GET', url, timeoutMs: this.timeout(), secrets });
    if (!ok(result)) throw connectFailure(result, `Instagram ${path}`, { secrets });
    const answer = connectBody(LongLived, result, `Instagram ${path}`);
    return {
      accessToken: answer.access_token,
      expiresAt: expiresIn(answer.expires_in ?? 5_184_000, this.now()),
    };
  }

  private timeout(): number {
    return this.options.timeoutMs ?? 15_000;
  }
}

function ok(result: HttpResult): boolean {
  return result.status >= 200 && result.status < 300;
}
