import { z } from 'zod';
import type { Account, Media } from '../core/domain/types.js';
import type { Publisher, PublishRequest, PublishResult } from '../core/ports/publisher.js';
import { PublishError } from '../core/ports/publisher.js';
import { isOk, lookupUnavailable, requireToken } from './errors.js';
import { describe, type HttpMethod, httpCall, joinUrl, parseBody, sleep } from './http.js';
import { canMatch, findByCaption, htmlToText, type LookupContext, PublishJournal } from './lookup.js';
import {
  classifyMastodonError,
  MastodonAccount,
  MastodonMedia,
  MastodonStatus,
  mastodonRules,
} from './mastodon-protocol.js';
import { downloadMedia } from './media-download.js';
import type { FetchPolicy } from './url-guard.js';

export { classifyMastodonError as classifyError, mastodonRules as preflightRules };

export interface MastodonOptions {
  /**
   * The instance of accounts connected with a pasted token, e.g. https://mastodon.social. An
   * account connected from chat carries its own instance (and is reached through the URL guard).
   */
  baseUrl?: string | undefined;
  /** Per API request. Default 15 s. */
  timeoutMs?: number;
  /** Per media download and upload. Default 120 s. */
  mediaTimeoutMs?: number;
  /** Who may be downloaded from besides public addresses (HERALD_FETCH_ALLOW). */
  fetchPolicy?: FetchPolicy | undefined;
  /** Between GET /api/v1/media/:id polls while the instance processes an upload. Default 2 s. */
  pollIntervalMs?: number;
  /** Media polls before giving up (nothing is posted yet, so retrying is safe). Default 60. */
  maxPolls?: number;
  visibility?: 'public' | 'unlisted' | 'private';
  now?: () => Date;
}

/**
 * Mastodon: download each media file, upload it (POST /api/v2/media, polling while it processes),
 * then POST /api/v1/statuses with the job's Idempotency-Key, so a retry within the instance's one-hour
 * key window returns the same status instead of posting twice.
 */
export class MastodonPublisher implements Publisher {
  readonly platform = 'mastodon' as const;
  private readonly journal = new PublishJournal();
  private readonly timeoutMs: number;
  private readonly mediaTimeoutMs: number;
  private readonly pollIntervalMs: number;
  private readonly maxPolls: number;
  private readonly now: () => Date;

  constructor(private readonly options: MastodonOptions) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.mediaTimeoutMs = options.mediaTimeoutMs ?? 120_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 2_000;
    this.maxPolls = options.maxPolls ?? 60;
    this.now = options.now ?? (() => new Date());
  }

  async publish(request: PublishRequest): Promise<PublishResult> {
    const token = requireToken('Mastodon', request.token);
    const server = this.serverOf(request.account);
    const mediaIds: string[] = [];
    for (const item of request.media) mediaIds.push(await this.upload(server, item, token));
    this.journal.remember(request.idempotencyKey, request.caption, this.now());
    const body = JSON.stringify({
      status: request.caption,
      media_ids: mediaIds,
      visibility: this.options.visibility,
    });
    const status = await this.api(server, 'POST', '/api/v1/statuses', token, MastodonStatus, {
      body,
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': request.idempotencyKey },
    });
    return {
      platformPostId: status.data.id,
      url: status.data.url ?? status.data.uri,
      requestId: status.requestId,
    };
  }

  /**
   * Finds the status among the account's latest 40 by caption (read-only: re-posting with the key
   * would be safe only within the hour and would create a post if there was none).
   */
  async lookup(
    idempotencyKey: string,
    account: Account,
    context?: LookupContext,
  ): Promise<PublishResult | null> {
    const ctx = this.journal.complete(idempotencyKey, context);
    if (!ctx.token) throw lookupUnavailable('Mastodon', 'no token was given to read the account');
    if (!canMatch(ctx)) throw lookupUnavailable('Mastodon', 'needs the caption and the first attempt time');
    const server = this.serverOf(account);
    const me = await this.api(
      server,
      'GET',
      '/api/v1/accounts/verify_credentials',
      ctx.token,
      MastodonAccount,
    );
    const path = `/api/v1/accounts/${encodeURIComponent(me.data.id)}/statuses?limit=40&exclude_reblogs=true`;
    const statuses = await this.api(server, 'GET', path, ctx.token, MastodonStatus.array());
    const posts = statuses.data.map((s) => ({
      id: s.id,
      caption: htmlToText(s.content),
      createdAt: new Date(s.created_at),
      url: s.url ?? s.uri,
    }));
    const found = findByCaption(posts, ctx);
    return found ? { platformPostId: found.id, url: found.url } : null;
  }

  /** Where an account's calls go: its own instance (user-given, so guarded), else the configured one. */
  private serverOf(account: Account): Server {
    const own = account.connection?.apiBaseUrl;
    if (own) return { baseUrl: own, guard: this.options.fetchPolicy ?? {} };
    if (this.options.baseUrl) return { baseUrl: this.options.baseUrl };
    throw new PublishError(
      'permanent',
      'no_instance',
      `Mastodon account @${account.handle} has no server: connect it with /herald connect mastodon <server>`,
    );
  }

  private async upload(server: Server, item: Media, token: string): Promise<string> {
    const rule = item.kind === 'image' ? mastodonRules.media.image! : mastodonRules.media.video!;
    const file = await downloadMedia(item.url, {
      timeoutMs: this.mediaTimeoutMs,
      maxBytes: rule.maxBytes,
      policy: this.options.fetchPolicy,
    });
    const form = new FormData();
    form.set('file', new Blob([file.bytes], { type: file.contentType }), fileName(item.url));
    const uploaded = await this.api(server, 'POST', '/api/v2/media', token, MastodonMedia, {
      body: form,
      timeoutMs: this.mediaTimeoutMs,
    });
    if (uploaded.status === 200) return uploaded.data.id;
    return this.waitForMedia(server, uploaded.data.id, token);
  }

  /** 202 means "still processing": GET /api/v1/media/:id answers 206 until it is done, then 200. */
  private async waitForMedia(server: Server, id: string, token: string): Promise<string> {
    for (let poll = 0; poll < this.maxPolls; poll++) {
      await sleep(this.pollIntervalMs);
      const path = `/api/v1/media/${encodeURIComponent(id)}`;
      const media = await this.api(server, 'GET', path, token, z.unknown());
      if (media.status === 200) return id;
    }
    const waited = (this.maxPolls * this.pollIntervalMs) / 1000;
    throw new PublishError(
      'transient',
      'processing_timeout',
      `Mastodon still processing media ${id} after ${waited} s`,
    );
  }

  private async api<T>(
    server: Server,
    method: HttpMethod,
    path: string,
    token: string,
    schema: z.ZodType<T>,
    extra: { body?: string | FormData; headers?: Record<string, string>; timeoutMs?: number } = {},
  ): Promise<{ data: T; status: number; requestId: string | undefined }> {
    const url = joinUrl(server.baseUrl, path);
    const { body, headers } = server.guard ? await asBytes(extra.body, extra.headers) : extra;
    const result = await httpCall({
      method,
      url,
      headers: { Authorization: `Bearer ${token}`, ...headers },
      body,
      timeoutMs: extra.timeoutMs ?? this.timeoutMs,
      secrets: [token],
      guard: server.guard,
    });
    if (!isOk(result)) {
      throw classifyMastodonError(result.status, result.json, {
        headers: result.headers,
        nowMs: this.now().getTime(),
        secrets: [token],
      });
    }
    const data = parseBody(schema, result, `Mastodon ${describe(method, url)}`);
    return { data, status: result.status, requestId: result.headers.get('x-request-id') ?? undefined };
  }
}

/** The instance one account's calls go to; `guard` when it is user-given rather than configured. */
interface Server {
  baseUrl: string;
  guard?: FetchPolicy | undefined;
}

/** A guarded call sends bytes: a multipart form is encoded here, with its boundary in the content type. */
async function asBytes(
  body: string | FormData | undefined,
  headers: Record<string, string> | undefined,
): Promise<{ body: string | Uint8Array | undefined; headers: Record<string, string> | undefined }> {
  if (!(body instanceof FormData)) return { body, headers };
  const encoded = new Response(body);
  const type = encoded.headers.get('content-type') ?? 'multipart/form-data';
  return { body: new Uint8Array(await encoded.arrayBuffer()), headers: { ...headers, 'Content-Type': type } };
}

function fileName(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop() || 'media');
  } catch {
    return 'media';
  }
}
