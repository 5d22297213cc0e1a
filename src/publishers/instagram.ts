import type { Account } from '../core/domain/types.js';
import type { Publisher, PublishingQuota, PublishRequest, PublishResult } from '../core/ports/publisher.js';
import { PublishError } from '../core/ports/publisher.js';
import { ambiguousAfterCommit, lookupUnavailable, requireToken } from './errors.js';
import { createContainer, GraphClient, type PollOptions, waitUntilFinished } from './instagram-graph.js';
import {
  classifyInstagramError,
  instagramRules,
  MediaPermalink,
  MediaPublished,
  PublishingLimit,
  RecentMedia,
} from './instagram-protocol.js';
import { canMatch, findByCaption, type LookupContext, PublishJournal, platformUserIdOf } from './lookup.js';

export { classifyInstagramError as classifyError, instagramRules as preflightRules };

/** Base URL includes the API version, e.g. https://graph.facebook.com/v21.0 (or graph.instagram.com). */
export interface InstagramOptions {
  baseUrl: string;
  /** Per HTTP request. Default 15 s. */
  timeoutMs?: number;
  /** Between container status polls. Default 5 s. */
  pollIntervalMs?: number;
  /** Status polls before giving up (nothing is published yet, so retrying is safe). Default 60. */
  maxPolls?: number;
  now?: () => Date;
}

/** Instagram's documented limit of API-published posts per rolling 24 hours. */
const DEFAULT_QUOTA_TOTAL = 50;

/** Instagram's publishing quota for the last 24 hours. */
export interface InstagramLimit {
  used: number;
  total: number | undefined;
  windowSeconds: number | undefined;
}

/**
 * Instagram Graph API content publishing: create a container (IMAGE, REELS or CAROUSEL), poll it
 * until FINISHED, then media_publish. Instagram has no idempotency key, so lookup matches recent
 * media by caption and time; a doubtful media_publish is reported as `outcome_unknown`.
 */
export class InstagramPublisher implements Publisher {
  readonly platform = 'instagram' as const;
  private readonly journal = new PublishJournal();
  private readonly graph: GraphClient;
  /** Clients for accounts whose token works on another Graph host (Instagram Login: graph.instagram.com). */
  private readonly graphs = new Map<string, GraphClient>();
  private readonly timeoutMs: number;
  private readonly poll: PollOptions;
  private readonly now: () => Date;

  constructor(options: InstagramOptions) {
    this.now = options.now ?? (() => new Date());
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.graph = new GraphClient({ baseUrl: options.baseUrl, timeoutMs: this.timeoutMs, now: this.now });
    this.poll = { pollIntervalMs: options.pollIntervalMs ?? 5_000, maxPolls: options.maxPolls ?? 60 };
  }

  async publish(request: PublishRequest): Promise<PublishResult> {
    const token = requireToken('Instagram', request.token);
    const userId = igUserId(request.account);
    if (request.media.length === 0)
      throw new PublishError('permanent', 'media_required', 'Instagram posts need media');
    const graph = this.graphFor(request.account);
    const containerId = await createContainer(graph, userId, request, token, this.poll);
    await waitUntilFinished(graph, containerId, token, this.poll);
    this.journal.remember(request.idempotencyKey, request.caption, this.now());
    const published = await graph
      .call('POST', `/${userId}/media_publish`, token, { creation_id: containerId }, MediaPublished)
      .catch((err: unknown) => {
        throw ambiguousAfterCommit(err, 'Instagram media_publish');
      });
    const url = await this.permalink(graph, published.data.id, token);
    return { platformPostId: published.data.id, url, requestId: published.traceId };
  }

  /** Finds the published media by caption among the account's recent media; null when absent. */
  async lookup(
    idempotencyKey: string,
    account: Account,
    context?: LookupContext,
  ): Promise<PublishResult | null> {
    const ctx = this.journal.complete(idempotencyKey, context);
    if (!ctx.token) throw lookupUnavailable('Instagram', 'no token was given to read recent media');
    if (!canMatch(ctx)) throw lookupUnavailable('Instagram', 'needs the caption and the first attempt time');
    const params = { fields: 'id,caption,permalink,timestamp', limit: '50' };
    const { data } = await this.graphFor(account).call(
      'GET',
      `/${igUserId(account)}/media`,
      ctx.token,
      params,
      RecentMedia,
    );
    const posts = data.data.map((m) => ({
      id: m.id,
      caption: m.caption ?? '',
      createdAt: new Date(m.timestamp),
      url: m.permalink,
    }));
    const found = findByCaption(posts, ctx);
    return found ? { platformPostId: found.id, url: found.url } : null;
  }

  /** Current 24-hour publishing usage, for the pipeline's "platform limit not exhausted" preflight. */
  async checkLimit(account: Account, token: string): Promise<InstagramLimit> {
    const path = `/${igUserId(account)}/content_publishing_limit`;
    const { data } = await this.graphFor(account).call(
      'GET',
      path,
      token,
      { fields: 'quota_usage,config' },
      PublishingLimit,
    );
    const first = data.data[0];
    return {
      used: first?.quota_usage ?? 0,
      total: first?.config?.quota_total,
      windowSeconds: first?.config?.quota_duration,
    };
  }

  /** Preflight's view of checkLimit: Instagram's defaults fill what the answer leaves out. */
  async publishingQuota(account: Account, token: string | undefined): Promise<PublishingQuota | null> {
    if (!token) return null;
    const limit = await this.checkLimit(account, token);
    return {
      used: limit.used,
      total: limit.total ?? DEFAULT_QUOTA_TOTAL,
      windowMs: (limit.windowSeconds ?? 86_400) * 1000,
    };
  }

  /** The Graph host an account's token works on: its own when it was connected through Instagram Login. */
  private graphFor(account: Account): GraphClient {
    const base = account.connection?.apiBaseUrl;
    if (!base) return this.graph;
    let graph = this.graphs.get(base);
    if (!graph) {
      graph = new GraphClient({ baseUrl: base, timeoutMs: this.timeoutMs, now: this.now });
      this.graphs.set(base, graph);
    }
    return graph;
  }

  private async permalink(graph: GraphClient, mediaId: string, token: string): Promise<string | undefined> {
    try {
      const fields = { fields: 'id,permalink' };
      return (await graph.call('GET', `/${mediaId}`, token, fields, MediaPermalink)).data.permalink;
    } catch {
      return undefined; // published is published; the link is a nicety
    }
  }
}

/** The ig-user-id from `platformUserId`, or a numeric handle; anything else cannot be published to. */
function igUserId(account: Account): string {
  const id = platformUserIdOf(account) ?? (/^\d+$/.test(account.handle) ? account.handle : undefined);
  if (id) return id;
  throw new PublishError(
    'permanent',
    'missing_platform_user_id',
    `Instagram account @${account.handle} has no ig-user-id`,
  );
}
