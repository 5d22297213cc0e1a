import { z } from 'zod';
import type { Account } from '../core/domain/types.js';
import type { PublishError, Publisher, PublishRequest, PublishResult } from '../core/ports/publisher.js';
import { httpStatusError, isOk, lookupUnavailable, requireToken } from './errors.js';
import { describe, type HttpResult, httpCall } from './http.js';
import type { LookupContext } from './lookup.js';
import type { PreflightRules } from './preflight-rules.js';
import type { FetchPolicy } from './url-guard.js';
import { SIGNATURE_HEADER, signPayload, TIMESTAMP_HEADER } from './webhook-signature.js';

/**
 * Herald's own webhook contract (we define it, receivers implement it):
 *
 * - Publish: `POST {url}` with JSON `{ idempotencyKey, account: { platform, handle }, caption, media,
 *   sentAt }`, headers `Idempotency-Key`, `X-Herald-Timestamp`, `X-Herald-Signature` (see
 *   webhook-signature.ts). A receiver must treat a repeated Idempotency-Key as the same delivery and
 *   answer with the same result. 2xx = published; the body may be `{ id, url }`.
 * - Lookup: `GET {url}?idempotencyKey=…`, signed over the query string: 200 `{ id, url }` when the
 *   delivery exists, 404 when it does not.
 * - Errors: 4xx (except 408/429) are permanent, 408/5xx/timeouts transient, 429 delays by Retry-After.
 */

export const webhookRules: PreflightRules = {
  platform: 'webhook',
  caption: { maxLength: 100_000, unit: 'utf16', required: false },
  media: {
    min: 0,
    max: 20,
    image: { mimeTypes: [], maxBytes: Number.MAX_SAFE_INTEGER },
    video: { mimeTypes: [], maxBytes: Number.MAX_SAFE_INTEGER },
  },
  notes: ['The receiver decides what it accepts; Herald only checks that media URLs are reachable.'],
};

export interface WebhookOptions {
  /** The receiver's URL. */
  baseUrl: string;
  /** Per request. Default 10 s. */
  timeoutMs?: number;
  /** The receiver is fetched like any user-given URL: a private address needs HERALD_FETCH_ALLOW. */
  fetchPolicy?: FetchPolicy | undefined;
  now?: () => Date;
}

const Delivered = z
  .object({ id: z.union([z.string(), z.number()]).optional(), url: z.string().optional() })
  .passthrough();

/** Webhook failures are plain HTTP statuses: 429 rate_limited (Retry-After), 408/5xx transient, other 4xx permanent. */
function classifyWebhookError(
  result: HttpResult,
  what: string,
  nowMs: number,
  secret?: string,
): PublishError {
  const body = result.json as { error?: unknown } | undefined;
  const detail = typeof body?.error === 'string' ? body.error : undefined;
  return httpStatusError('Webhook', result, what, { nowMs, secrets: [secret], detail });
}

export { classifyWebhookError as classifyError, webhookRules as preflightRules };

/** Delivers posts to a signed HTTP endpoint; the secret is the account's token. */
export class WebhookPublisher implements Publisher {
  readonly platform = 'webhook' as const;
  private readonly timeoutMs: number;
  private readonly now: () => Date;

  constructor(private readonly options: WebhookOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.now = options.now ?? (() => new Date());
  }

  async publish(request: PublishRequest): Promise<PublishResult> {
    const secret = requireToken('Webhook', request.token);
    const now = this.now();
    const body = JSON.stringify({
      idempotencyKey: request.idempotencyKey,
      account: { platform: request.account.platform, handle: request.account.handle },
      caption: request.caption,
      media: request.media,
      sentAt: now.toISOString(),
    });
    const url = this.options.baseUrl;
    const headers = {
      'Content-Type': 'application/json',
      'Idempotency-Key': request.idempotencyKey,
      ...this.signatureHeaders(secret, now, body),
    };
    const result = await httpCall({
      method: 'POST',
      url,
      headers,
      body,
      timeoutMs: this.timeoutMs,
      guard: this.options.fetchPolicy ?? {},
      secrets: [secret],
    });
    if (!isOk(result)) throw classifyWebhookError(result, describe('POST', url), now.getTime(), secret);
    const delivered = Delivered.safeParse(result.json);
    const id =
      delivered.success && delivered.data.id !== undefined
        ? String(delivered.data.id)
        : request.idempotencyKey;
    return {
      platformPostId: id,
      url: delivered.success ? delivered.data.url : undefined,
      requestId: requestIdOf(result),
    };
  }

  /** Asks the receiver whether it has this delivery; needs the secret to sign the request. */
  async lookup(
    idempotencyKey: string,
    _account: Account,
    context?: LookupContext,
  ): Promise<PublishResult | null> {
    if (!context?.token) throw lookupUnavailable('Webhook', 'no secret was given to sign the lookup');
    const now = this.now();
    const target = new URL(this.options.baseUrl);
    target.searchParams.set('idempotencyKey', idempotencyKey);
    const url = target.toString();
    const query = target.search.slice(1);
    const headers = this.signatureHeaders(context.token, now, query);
    const result = await httpCall({
      method: 'GET',
      url,
      headers,
      timeoutMs: this.timeoutMs,
      guard: this.options.fetchPolicy ?? {},
      secrets: [context.token],
    });
    if (result.status === 404) return null;
    if (!isOk(result)) throw classifyWebhookError(result, describe('GET', url), now.getTime(), context.token);
    const found = Delivered.safeParse(result.json);
    if (!found.success || found.data.id === undefined) {
      throw lookupUnavailable('Webhook', `receiver answered ${result.status} without an id`);
    }
    return { platformPostId: String(found.data.id), url: found.data.url, requestId: requestIdOf(result) };
  }

  private signatureHeaders(secret: string, now: Date, payload: string): Record<string, string> {
    const timestamp = Math.floor(now.getTime() / 1000);
    return {
      [TIMESTAMP_HEADER]: String(timestamp),
      [SIGNATURE_HEADER]: signPayload(secret, timestamp, payload),
    };
  }
}

function requestIdOf(result: HttpResult): string | undefined {
  return result.headers.get('x-request-id') ?? undefined;
}
