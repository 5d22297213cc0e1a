import type { z } from 'zod';
import type { Account } from '../core/domain/types.js';
import type { Publisher, PublishRequest, PublishResult } from '../core/ports/publisher.js';
import { PublishError } from '../core/ports/publisher.js';
import { ambiguousAfterCommit, isOk, lookupUnavailable, requireToken } from './errors.js';
import { describe, httpCall, joinUrl, parseBody, sleep } from './http.js';
import { canMatch, findByCaption, type LookupContext, PublishJournal } from './lookup.js';
import {
  CreatorInfo,
  classifyTikTokError,
  classifyTikTokFailReason,
  InitResult,
  PublishStatus,
  tiktokRules,
  VideoList,
} from './tiktok-protocol.js';

export { classifyTikTokError as classifyError, tiktokRules as preflightRules };

export interface TikTokOptions {
  /** e.g. https://open.tiktokapis.com */
  baseUrl: string;
  /** Per HTTP request. Default 15 s. */
  timeoutMs?: number;
  /** Between status/fetch polls. Default 5 s (the endpoint allows 30 requests per minute). */
  pollIntervalMs?: number;
  /** Status polls before answering `outcome_unknown`. Default 60. */
  maxPolls?: number;
  /** Required privacy level; when the creator does not offer it the publish fails. Default: public if offered. */
  privacyLevel?: string;
  now?: () => Date;
}

/**
 * TikTok Direct Post: creator_info (privacy options) → video/init with PULL_FROM_URL → poll
 * status/fetch until PUBLISH_COMPLETE. After init TikTok owns the post, so any doubt from then on
 * is reported as `outcome_unknown` rather than as a retryable failure.
 */
export class TikTokPublisher implements Publisher {
  readonly platform = 'tiktok' as const;
  private readonly journal = new PublishJournal();
  private readonly timeoutMs: number;
  private readonly pollIntervalMs: number;
  private readonly maxPolls: number;
  private readonly now: () => Date;

  constructor(private readonly options: TikTokOptions) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 5_000;
    this.maxPolls = options.maxPolls ?? 60;
    this.now = options.now ?? (() => new Date());
  }

  async publish(request: PublishRequest): Promise<PublishResult> {
    const token = requireToken('TikTok', request.token);
    const video =
      request.media.length === 1 && request.media[0]!.kind === 'video' ? request.media[0]! : undefined;
    if (!video)
      throw new PublishError('permanent', 'media_unsupported', 'TikTok posts are exactly one video');
    const creator = await this.api('/v2/post/publish/creator_info/query/', token, undefined, CreatorInfo);
    const privacyLevel = this.choosePrivacy(creator.data.privacy_level_options);
    this.journal.remember(request.idempotencyKey, request.caption, this.now());
    const init = await this.api(
      '/v2/post/publish/video/init/',
      token,
      {
        post_info: {
          title: request.caption,
          privacy_level: privacyLevel,
          disable_comment: false,
          disable_duet: false,
          disable_stitch: false,
          // TikTok takes a moment of the video as its cover; a picture is not something it accepts.
          ...(request.cover?.kind === 'frame' ? { video_cover_timestamp_ms: request.cover.atMs } : {}),
        },
        source_info: { source: 'PULL_FROM_URL', video_url: video.url },
      },
      InitResult,
    ).catch((err: unknown) => {
      throw ambiguousAfterCommit(err, 'TikTok video/init');
    });
    return this.waitForPublish(init.data.publish_id, token, creator.data.creator_username);
  }

  /** Finds the video by caption among the creator's recent videos (needs the video.list scope). */
  async lookup(
    idempotencyKey: string,
    _account: Account,
    context?: LookupContext,
  ): Promise<PublishResult | null> {
    const ctx = this.journal.complete(idempotencyKey, context);
    if (!ctx.token) throw lookupUnavailable('TikTok', 'no token was given to list videos');
    if (!canMatch(ctx)) throw lookupUnavailable('TikTok', 'needs the caption and the first attempt time');
    const list = await this.api('/v2/video/list/', ctx.token, { max_count: 20 }, VideoList, {
      fields: 'id,title,video_description,create_time,share_url',
    });
    const posts = list.data.videos.map((v) => ({
      id: v.id,
      caption: v.title || v.video_description || '',
      createdAt: new Date(v.create_time * 1000),
      url: v.share_url,
    }));
    const found = findByCaption(posts, ctx);
    return found ? { platformPostId: found.id, url: found.url } : null;
  }

  private async waitForPublish(
    publishId: string,
    token: string,
    username: string | undefined,
  ): Promise<PublishResult> {
    for (let poll = 0; poll < this.maxPolls; poll++) {
      if (poll > 0) await sleep(this.pollIntervalMs);
      const status = await this.api(
        '/v2/post/publish/status/fetch/',
        token,
        { publish_id: publishId },
        PublishStatus,
      ).catch((err: unknown) => {
        throw ambiguousAfterCommit(asTransient(err), `TikTok publish ${publishId}`);
      });
      const { data, error } = status;
      if (data.status === 'FAILED') throw classifyTikTokFailReason(data.fail_reason, publishId);
      if (data.status === 'SEND_TO_USER_INBOX') return { platformPostId: publishId, requestId: error.log_id };
      if (data.status === 'PUBLISH_COMPLETE') {
        const postId = data.publicaly_available_post_id?.[0]?.toString();
        const url = postId && username ? `https://www.tiktok.com/@${username}/video/${postId}` : undefined;
        return { platformPostId: postId ?? publishId, url, requestId: error.log_id };
      }
    }
    const waited = (this.maxPolls * this.pollIntervalMs) / 1000;
    throw new PublishError(
      'transient',
      'outcome_unknown',
      `TikTok publish ${publishId} still processing after ${waited} s`,
    );
  }

  private choosePrivacy(options: string[]): string {
    const wanted = this.options.privacyLevel;
    if (wanted && options.includes(wanted)) return wanted;
    if (wanted) {
      throw new PublishError(
        'permanent',
        'privacy_level_option_mismatch',
        `TikTok creator offers ${options.join(', ')}, not ${wanted}`,
      );
    }
    const chosen = options.includes('PUBLIC_TO_EVERYONE') ? 'PUBLIC_TO_EVERYONE' : options[0];
    if (!chosen)
      throw new PublishError(
        'permanent',
        'no_privacy_option',
        'TikTok creator has no privacy level to post with',
      );
    return chosen;
  }

  /** One v2 call: POST, Bearer token, JSON; an envelope whose error.code is not "ok" is a failure. */
  private async api<T extends { error: { code: string } }>(
    path: string,
    token: string,
    body: unknown,
    schema: z.ZodType<T>,
    query?: Record<string, string>,
  ): Promise<T> {
    const url = joinUrl(this.options.baseUrl, path, query);
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json; charset=UTF-8' };
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const result = await httpCall({
      method: 'POST',
      url,
      headers,
      body: payload,
      timeoutMs: this.timeoutMs,
      secrets: [token],
    });
    const code = (result.json as { error?: { code?: unknown } } | undefined)?.error?.code;
    if (!isOk(result) || (code !== undefined && code !== 'ok')) {
      throw classifyTikTokError(result.status, result.json, {
        headers: result.headers,
        nowMs: this.now().getTime(),
        secrets: [token],
      });
    }
    return parseBody(schema, result, `TikTok ${describe('POST', url)}`);
  }
}

/** While waiting on a publish TikTok already accepted, no failure of the status call is final. */
function asTransient(err: unknown): unknown {
  if (err instanceof PublishError && err.kind !== 'transient')
    return new PublishError('transient', err.code, err.message, err.opts);
  return err;
}
