import type { z } from 'zod';
import type { TokenGrant } from '../../core/domain/connection.js';
import { ConnectError } from '../../core/ports/platform-connector.js';
import { PublishError } from '../../core/ports/publisher.js';
import { type HttpCall, type HttpResult, httpCall, redact } from '../http.js';

/**
 * HTTP for connectors: one call with a timeout, its failure as a ConnectError (transport and 5xx
 * `transient`, the OAuth errors RFC 6749 §5.2 names as the platform's final word `revoked` or
 * `rejected`), and no secret in any message.
 */

/** OAuth errors that mean the grant itself is gone: only a reconnect helps. */
const GRANT_GONE = new Set([
  'invalid_grant',
  'access_token_invalid',
  'ExpiredToken',
  'InvalidToken',
  // The Graph API's OAuthException for an invalid, expired or revoked token.
  '190',
]);

export async function connectCall(call: HttpCall): Promise<HttpResult> {
  try {
    return await httpCall(call);
  } catch (error) {
    if (error instanceof PublishError) {
      const kind = error.code === 'url_refused' ? 'rejected' : 'transient';
      throw new ConnectError(kind, error.code, error.message);
    }
    throw error;
  }
}

/** A non-2xx answer (or an error in a 200, as TikTok sends) as a ConnectError. */
export function connectFailure(
  result: HttpResult,
  what: string,
  opts: { secrets?: readonly (string | undefined)[]; revokedOn?: 'any_4xx' | 'grant_errors' } = {},
): ConnectError {
  const body = (result.json ?? {}) as Record<string, unknown>;
  const nested = (body.error ?? {}) as Record<string, unknown>;
  const code = String(
    (typeof body.error === 'string' ? body.error : undefined) ??
      nested.code ??
      nested.type ??
      `http_${result.status}`,
  );
  const detail = String(body.error_description ?? body.message ?? nested.message ?? '').slice(0, 200);
  const message = redact(
    `${what} → HTTP ${result.status}: ${code}${detail ? ` (${detail})` : ''}`,
    opts.secrets,
  );
  if (result.status === 429 || result.status === 408 || result.status >= 500)
    return new ConnectError('transient', code, message);
  const gone = opts.revokedOn === 'any_4xx' || GRANT_GONE.has(code);
  return new ConnectError(gone ? 'revoked' : 'rejected', code, message);
}

/** Parses a success body; an unreadable one is transient (the platform may answer properly next time). */
export function connectBody<T>(schema: z.ZodType<T>, result: HttpResult, what: string): T {
  const parsed = schema.safeParse(result.json);
  if (parsed.success) return parsed.data;
  throw new ConnectError('transient', 'bad_response', `${what}: unexpected answer (HTTP ${result.status})`);
}

/** `expires_in` seconds from now as an instant; undefined when absent. */
export function expiresIn(seconds: number | undefined, now: Date): Date | undefined {
  return seconds === undefined || seconds <= 0 ? undefined : new Date(now.getTime() + seconds * 1000);
}

/** Builds the grant a token endpoint answered. */
export function grantOf(
  answer: {
    access_token: string;
    refresh_token?: string | undefined;
    expires_in?: number | undefined;
    refresh_expires_in?: number | undefined;
  },
  now: Date,
): TokenGrant {
  return {
    accessToken: answer.access_token,
    ...(answer.refresh_token ? { refreshToken: answer.refresh_token } : {}),
    ...(answer.expires_in ? { expiresAt: expiresIn(answer.expires_in, now) } : {}),
    ...(answer.refresh_expires_in ? { refreshExpiresAt: expiresIn(answer.refresh_expires_in, now) } : {}),
  };
}

export interface ConnectorClock {
  now?: () => Date;
  timeoutMs?: number;
}
