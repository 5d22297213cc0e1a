import type { z } from 'zod';
import type { Account } from '../core/domain/types.js';
import type { Publisher, PublishRequest, PublishResult } from '../core/ports/publisher.js';
import { PublishError } from '../core/ports/publisher.js';
import { detectFacets } from './bluesky-facets.js';
import {
  blueskyRules,
  CreatedRecord,
  classifyBlueskyError,
  FetchedRecord,
  recordKeyFor,
  Session,
  UploadedBlob,
} from './bluesky-protocol.js';
import { isOk, requireToken } from './errors.js';
import { describe, type HttpMethod, httpCall, joinUrl, parseBody } from './http.js';
import type { LookupContext } from './lookup.js';
import { platformUserIdOf } from './lookup.js';
import { downloadMedia } from './media-download.js';
import type { FetchPolicy } from './url-guard.js';

export { blueskyRules as preflightRules, classifyBlueskyError as classifyError };

export interface BlueskyOptions {
  /** The account's PDS, e.g. https://bsky.social */
  baseUrl: string;
  /** Where post links point. Default https://bsky.app */
  webUrl?: string;
  /** Per XRPC call. Default 15 s. */
  timeoutMs?: number;
  /** Per media download and blob upload. Default 60 s. */
  mediaTimeoutMs?: number;
  /** Who may be downloaded from besides public addresses (HERALD_FETCH_ALLOW). */
  fetchPolicy?: FetchPolicy | undefined;
  now?: () => Date;
}

const COLLECTION = 'app.bsky.feed.post';

/**
 * Bluesky: createSession with the handle and its app password, upload images as blobs, then
 * createRecord under a record key derived from the idempotency key. A repeated create for the same
 * job fails on the existing key, and the adapter then returns the record that is already there —
 * so retries and crash recovery never post twice, and lookup is an exact getRecord.
 */
export class BlueskyPublisher implements Publisher {
  readonly platform = 'bluesky' as const;
  private readonly timeoutMs: number;
  private readonly mediaTimeoutMs: number;
  private readonly now: () => Date;

  constructor(private readonly options: BlueskyOptions) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.mediaTimeoutMs = options.mediaTimeoutMs ?? 60_000;
    this.now = options.now ?? (() => new Date());
  }

  async publish(request: PublishRequest): Promise<PublishResult> {
    const password = requireToken('Bluesky', request.token);
    if (request.media.some((m) => m.kind !== 'image')) {
      throw new PublishError(
        'permanent',
        'media_unsupported',
        'Bluesky posts through Herald take images only',
      );
    }
    const session = await this.sessionFor(request.account, password);
    const auth = { token: session.accessJwt, secrets: [password, session.accessJwt] };
    const images = [];
    for (const item of request.media) images.push({ image: await this.uploadImage(item.url, auth), alt: '' });
    const rkey = recordKeyFor(request.idempotencyKey);
    const record = this.postRecord(request.caption, images);
    try {
      const created = await this.xrpc('POST', 'com.atproto.repo.createRecord', CreatedRecord, {
        json: { repo: session.did, collection: COLLECTION, rkey, record },
        ...auth,
      });
      return this.result(created.uri, session.handle, rkey);
    } catch (err) {
      if (err instanceof PublishError && err.kind === 'rate_limited') throw err;
      const existing = await this.getRecord(session.did, rkey).catch(() => null);
      if (existing) return this.result(existing.uri, session.handle, rkey);
      throw err;
    }
  }

  /**
   * An account connected from chat holds a session Herald refreshes (its token is the access
   * JWT); one connected with a pasted app password opens a session for each publish.
   */
  private async sessionFor(account: Account, credential: string) {
    if (account.connection?.method === 'session')
      return {
        accessJwt: credential,
        did: platformUserIdOf(account) ?? account.handle,
        handle: account.handle,
      };
    return this.xrpc('POST', 'com.atproto.server.createSession', Session, {
      json: { identifier: account.handle, password: credential },
      secrets: [credential],
    });
  }

  /** Exact: the record key is a function of the idempotency key. getRecord needs no auth. */
  async lookup(
    idempotencyKey: string,
    account: Account,
    _context?: LookupContext,
  ): Promise<PublishResult | null> {
    const repo = platformUserIdOf(account) ?? account.handle;
    const rkey = recordKeyFor(idempotencyKey);
    const found = await this.getRecord(repo, rkey);
    return found ? this.result(found.uri, account.handle, rkey) : null;
  }

  private postRecord(text: string, images: { image: unknown; alt: string }[]) {
    const facets = detectFacets(text);
    return {
      $type: COLLECTION,
      text,
      createdAt: this.now().toISOString(),
      ...(facets.length > 0 ? { facets } : {}),
      ...(images.length > 0 ? { embed: { $type: 'app.bsky.embed.images', images } } : {}),
    };
  }

  private async uploadImage(url: string, auth: { token: string; secrets: string[] }): Promise<unknown> {
    const file = await downloadMedia(url, {
      timeoutMs: this.mediaTimeoutMs,
      maxBytes: blueskyRules.media.image!.maxBytes,
      policy: this.options.fetchPolicy,
    });
    const uploaded = await this.xrpc('POST', 'com.atproto.repo.uploadBlob', UploadedBlob, {
      raw: { bytes: file.bytes, contentType: file.contentType },
      timeoutMs: this.mediaTimeoutMs,
      ...auth,
    });
    return uploaded.blob;
  }

  /** The record, or null when the PDS answers RecordNotFound; anything else means "cannot tell". */
  private async getRecord(repo: string, rkey: string) {
    try {
      return await this.xrpc('GET', 'com.atproto.repo.getRecord', FetchedRecord, {
        query: { repo, collection: COLLECTION, rkey },
      });
    } catch (err) {
      if (err instanceof PublishError && err.code === 'RecordNotFound') return null;
      throw err;
    }
  }

  private result(uri: string, handle: string, rkey: string): PublishResult {
    const web = (this.options.webUrl ?? 'https://bsky.app').replace(/\/+$/, '');
    return { platformPostId: uri, url: `${web}/profile/${handle}/post/${rkey}` };
  }

  private async xrpc<T>(
    method: HttpMethod,
    nsid: string,
    schema: z.ZodType<T>,
    call: {
      json?: unknown;
      raw?: { bytes: Uint8Array; contentType: string };
      query?: Record<string, string>;
      token?: string;
      secrets?: string[];
      timeoutMs?: number;
    },
  ): Promise<T> {
    const url = joinUrl(this.options.baseUrl, `/xrpc/${nsid}`, call.query);
    const headers: Record<string, string> = {};
    if (call.token) headers.Authorization = `Bearer ${call.token}`;
    if (call.json !== undefined) headers['Content-Type'] = 'application/json';
    if (call.raw) headers['Content-Type'] = call.raw.contentType;
    const body = call.raw?.bytes ?? (call.json === undefined ? undefined : JSON.stringify(call.json));
    const timeoutMs = call.timeoutMs ?? this.timeoutMs;
    const result = await httpCall({ method, url, headers, body, timeoutMs, secrets: call.secrets });
    if (!isOk(result)) {
      throw classifyBlueskyError(result.status, result.json, {
        headers: result.headers,
        nowMs: this.now().getTime(),
        secrets: call.secrets,
      });
    }
    return parseBody(schema, result, `Bluesky ${describe(method, url)}`);
  }
}
