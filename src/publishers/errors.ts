import { PublishError, type PublishErrorKind } from '../core/ports/publisher.js';
import { type HttpResult, safeError } from './http.js';

/**
 * What every platform shares about failures: HTTP status → kind, and "when may I try again" read
 * from whichever header the platform uses. Platform modules refine this with their own error codes.
 */

/** 429 → rate_limited; 408 and 5xx → transient; any other 4xx → permanent (retrying will not help). */
export function kindForStatus(status: number): PublishErrorKind {
  if (status === 429) return 'rate_limited';
  if (status === 408 || status >= 500) return 'transient';
  return 'permanent';
}

/**
 * `Retry-After` as delta-seconds or an HTTP date (RFC 9110 §10.2.3), in ms from `nowMs`.
 * Returns undefined when absent or unreadable.
 */
function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * A rate-limit reset instant as sent by Mastodon (`X-RateLimit-Reset`, ISO 8601) or the AT Protocol
 * PDS (`RateLimit-Reset`, Unix seconds), in ms from `nowMs`.
 */
function parseResetAt(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Math.max(0, Number(trimmed) * 1000 - nowMs);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** Retry-After first (it is the explicit instruction), then the platform's reset headers. */
export function retryAfterFromHeaders(headers: Headers, nowMs: number): number | undefined {
  return (
    parseRetryAfter(headers.get('retry-after'), nowMs) ??
    parseResetAt(headers.get('ratelimit-reset'), nowMs) ??
    parseResetAt(headers.get('x-ratelimit-reset'), nowMs)
  );
}

/** Generic classification for a non-2xx answer whose body has no platform-specific meaning. */
export function httpStatusError(
  platform: string,
  result: HttpResult,
  what: string,
  opts: { nowMs: number; secrets?: readonly (string | undefined)[]; detail?: string; requestId?: string },
): PublishError {
  const kind = kindForStatus(result.status);
  const detail = opts.detail ? `: ${opts.detail}` : '';
  return safeError(
    kind,
    `http_${result.status}`,
    `${platform} ${what} → HTTP ${result.status}${detail}`,
    opts.secrets,
    {
      ...(kind === 'rate_limited' ? { retryAfterMs: retryAfterFromHeaders(result.headers, opts.nowMs) } : {}),
      ...(opts.requestId ? { requestId: opts.requestId } : {}),
    },
  );
}

/** True for 2xx. */
export function isOk(result: HttpResult): boolean {
  return result.status >= 200 && result.status < 300;
}

/** Every publish needs the account's credential; without one nothing can be tried (a human must connect it). */
export function requireToken(platform: string, token: string | undefined): string {
  if (token && token.length > 0) return token;
  throw safeError('permanent', 'missing_token', `${platform}: the account has no credential to publish with`);
}

/**
 * Thrown by lookup when the platform cannot answer "was it published?" with what we were given;
 * the port treats any throw from lookup as "a human must decide".
 */
export function lookupUnavailable(platform: string, why: string): PublishError {
  return safeError(
    'permanent',
    'lookup_unavailable',
    `${platform}: cannot tell whether the post exists: ${why}`,
  );
}

/**
 * Once the step that creates the post has been sent, a transient failure (timeout, 5xx, unreadable
 * answer) no longer means "not published". On platforms without an idempotency key it becomes
 * `outcome_unknown`: the pipeline must look up before retrying, or ask a human.
 */
export function ambiguousAfterCommit(err: unknown, what: string): unknown {
  if (!(err instanceof PublishError) || err.kind !== 'transient') return err;
  return new PublishError(
    'transient',
    'outcome_unknown',
    `${what} may have succeeded: ${err.message}`,
    err.opts,
  );
}
