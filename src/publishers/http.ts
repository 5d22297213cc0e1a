import type { z } from 'zod';
import { PublishError, type PublishErrorKind } from '../core/ports/publisher.js';
import { safeFetch } from './safe-fetch.js';
import { type FetchPolicy, UrlRefusedError } from './url-guard.js';

/**
 * The one way adapters talk HTTP: global `fetch` with a hard timeout, turning transport failures into
 * PublishErrors the pipeline understands and keeping secrets out of every message it builds.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';

export interface HttpCall {
  method: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array | FormData | URLSearchParams;
  /** Covers connect, headers and body: a platform that trickles its answer still times out. */
  timeoutMs: number;
  /** Values that must never appear in an error message (tokens, passwords, signatures). */
  secrets?: readonly (string | undefined)[];
  /**
   * Set when the URL is not Herald's own configuration to trust (webhook receivers): the call then
   * goes through the url guard, and the answer is read up to GUARDED_ANSWER_BYTES.
   */
  guard?: FetchPolicy | undefined;
}

/** A receiver's answer is a small JSON document; anything past this is not read. */
const GUARDED_ANSWER_BYTES = 1024 * 1024;

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

/** Performs one request; throws PublishError `timeout` / `network` (transient) when no answer arrives. */
export async function httpCall(call: HttpCall): Promise<HttpResult> {
  const what = describe(call.method, call.url);
  try {
    if (call.guard) return await guardedCall(call, call.guard);
    const response = await fetch(call.url, {
      method: call.method,
      headers: call.headers,
      body: call.body,
      signal: AbortSignal.timeout(call.timeoutMs),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: parseJson(text) };
  } catch (err) {
    throw transportError(err, what, call);
  }
}

async function guardedCall(call: HttpCall, policy: FetchPolicy): Promise<HttpResult> {
  const { body } = call;
  if (body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array)) {
    throw new TypeError('a guarded call sends a string or bytes');
  }
  const response = await safeFetch(call.url, {
    method: call.method,
    headers: call.headers,
    body,
    timeoutMs: call.timeoutMs,
    maxBytes: GUARDED_ANSWER_BYTES,
    policy,
  });
  const text = Buffer.from(response.body).toString('utf8');
  return { status: response.status, headers: response.headers, text, json: parseJson(text) };
}

/** `METHOD /path` without the query string, which may carry an access token (Graph API). */
export function describe(method: string, url: string): string {
  try {
    return `${method} ${new URL(url).pathname}`;
  } catch {
    return method;
  }
}

function transportError(err: unknown, what: string, call: HttpCall): PublishError {
  if (err instanceof UrlRefusedError) {
    return safeError('permanent', 'url_refused', `${what} refused: ${err.reason}`, call.secrets);
  }
  const name = err instanceof Error ? err.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return safeError('transient', 'timeout', `${what} timed out after ${call.timeoutMs} ms`, call.secrets);
  }
  const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
  const message = err instanceof Error ? err.message : String(err);
  return safeError('transient', 'network', `${what} failed: ${message}${cause}`, call.secrets);
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Replaces every secret (and its URL-encoded form) with `[redacted]`. */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)]))
      out = out.split(form).join('[redacted]');
  }
  return out;
}

/** A PublishError whose message has been scrubbed of the given secrets. */
export function safeError(
  kind: PublishErrorKind,
  code: string,
  message: string,
  secrets: readonly (string | undefined)[] = [],
  opts: { retryAfterMs?: number; requestId?: string } = {},
): PublishError {
  return new PublishError(kind, code, redact(message, secrets), dropUndefined(opts));
}

function dropUndefined(opts: { retryAfterMs?: number; requestId?: string }) {
  const out: { retryAfterMs?: number; requestId?: string } = {};
  if (opts.retryAfterMs !== undefined) out.retryAfterMs = opts.retryAfterMs;
  if (opts.requestId !== undefined) out.requestId = opts.requestId;
  return out;
}

/**
 * Validates a success body against the platform's documented shape. A body we cannot read after
 * a success status means "outcome unknown", so it is transient: the pipeline looks up before retrying.
 */
export function parseBody<T>(schema: z.ZodType<T>, result: HttpResult, what: string): T {
  const parsed = schema.safeParse(result.json);
  if (parsed.success) return parsed.data;
  throw new PublishError(
    'transient',
    'bad_response',
    `${what}: unexpected response body (HTTP ${result.status})`,
  );
}

/** Resolves after `ms`; adapters poll with it. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Form-encodes a flat record, skipping undefined values. */
export function formBody(fields: Record<string, string | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) params.set(key, value);
  return params;
}

/** Joins a configured base URL and a path without doubling or dropping slashes. */
export function joinUrl(baseUrl: string, path: string, query?: Record<string, string | undefined>): string {
  const suffix = path === '' ? '' : path.startsWith('/') ? path : `/${path}`;
  const url = new URL(baseUrl.replace(/\/+$/, '') + suffix);
  for (const [key, value] of Object.entries(query ?? {}))
    if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
}
