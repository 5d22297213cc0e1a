import { z } from 'zod';
import type { TokenGrant } from '../../core/domain/connection.js';
import type {
  ConnectorTarget,
  PlatformConnector,
  PlatformProfile,
} from '../../core/ports/platform-connector.js';
import { type HttpResult, joinUrl } from '../http.js';
import { connectBody, connectCall, connectFailure } from './oauth-http.js';

export interface BlueskyConnectOptions {
  /** The PDS (or entryway) sessions are opened on, e.g. https://bsky.social */
  baseUrl: string;
  timeoutMs?: number;
  now?: () => Date;
}

const Session = z.object({
  accessJwt: z.string().min(1),
  refreshJwt: z.string().min(1),
  handle: z.string(),
  did: z.string(),
});
const Who = z.object({ handle: z.string(), did: z.string() });

/** When the JWTs carry no `exp`: the PDS's documented lifetimes (access 2 hours, refresh 90 days). */
const ACCESS_MS = 2 * 3_600_000;
const REFRESH_MS = 90 * 86_400_000;

/**
 * Bluesky's documented flow for an app password: createSession once with the handle and the
 * password (which Herald never keeps), then refreshSession with the refresh JWT before the
 * access JWT expires; deleteSession ends it. Expiries are read from the JWTs' `exp` claims.
 */
export class BlueskyConnector implements PlatformConnector {
  readonly platform = 'bluesky' as const;
  readonly method = 'session' as const;
  readonly registersPerInstance = false;
  readonly revokes = true;
  private readonly now: () => Date;

  constructor(private readonly options: BlueskyConnectOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async createSession(
    input: { handle: string; password: string },
    target: ConnectorTarget,
  ): Promise<{ grant: TokenGrant; profile: PlatformProfile }> {
    const secrets = [input.password];
    const result = await this.xrpc(target, 'com.atproto.server.createSession', {
      body: JSON.stringify({ identifier: input.handle, password: input.password }),
      secrets,
    });
    if (!ok(result)) throw connectFailure(result, 'Bluesky createSession', { secrets });
    const session = connectBody(Session, result, 'Bluesky createSession');
    return { grant: this.grantOf(session), profile: { userId: session.did, handle: session.handle } };
  }

  async refresh(grant: TokenGrant, target: ConnectorTarget): Promise<TokenGrant> {
    const secrets = [grant.refreshToken, grant.accessToken];
    const result = await this.xrpc(target, 'com.atproto.server.refreshSession', {
      token: grant.refreshToken ?? '',
      secrets,
    });
    if (!ok(result))
      throw connectFailure(result, 'Bluesky refreshSession', { secrets, revokedOn: 'any_4xx' });
    return this.grantOf(connectBody(Session, result, 'Bluesky refreshSession'));
  }

  async revoke(grant: TokenGrant, target: ConnectorTarget): Promise<void> {
    const secrets = [grant.refreshToken, grant.accessToken];
    const result = await this.xrpc(target, 'com.atproto.server.deleteSession', {
      token: grant.refreshToken ?? '',
      secrets,
    });
    if (!ok(result)) throw connectFailure(result, 'Bluesky deleteSession', { secrets });
  }

  async profile(grant: TokenGrant, target: ConnectorTarget): Promise<PlatformProfile> {
    const result = await this.xrpc(target, 'com.atproto.server.getSession', {
      method: 'GET',
      token: grant.accessToken,
      secrets: [grant.accessToken],
    });
    if (!ok(result)) throw connectFailure(result, 'Bluesky getSession', { secrets: [grant.accessToken] });
    const who = connectBody(Who, result, 'Bluesky getSession');
    return { userId: who.did, handle: who.handle };
  }

  private grantOf(session: z.infer<typeof Session>): TokenGrant {
    const now = this.now().getTime();
    return {
      accessToken: session.accessJwt,
      refreshToken: session.refreshJwt,
      expiresAt: new Date(jwtExpiry(session.accessJwt) ?? now + ACCESS_MS),
      refreshExpiresAt: new Date(jwtExpiry(session.refreshJwt) ?? now + REFRESH_MS),
    };
  }

  private xrpc(
    target: ConnectorTarget,
    nsid: string,
    call: { method?: 'GET' | 'POST'; body?: string; token?: string; secrets: (string | undefined)[] },
  ): Promise<HttpResult> {
    const headers: Record<string, string> = {};
    if (call.body) headers['Content-Type'] = 'application/json';
    if (call.token) headers.Authorization = `Bearer ${call.token}`;
    return connectCall({
      method: call.method ?? 'POST',
      url: joinUrl(target.apiBaseUrl ?? this.options.baseUrl, `/xrpc/${nsid}`),
      headers,
      ...(call.body ? { body: call.body } : {}),
      timeoutMs: this.options.timeoutMs ?? 15_000,
      secrets: call.secrets,
    });
  }
}

/** A JWT's `exp` (seconds) in ms, read without verifying: only to know when to refresh. */
export function jwtExpiry(jwt: string): number | undefined {
  const payload = jwt.split('.')[1];
  if (!payload) return undefined;
  try {
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

function ok(result: HttpResult): boolean {
  return result.status >= 200 && result.status < 300;
}
