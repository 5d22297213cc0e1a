import type { Post, PostStatus } from '../domain/types.js';

export interface PostListQuery {
  workspaceId: string;
  status?: Post['status'];
  accountId?: string;
  /** Posts to any of these accounts (a platform filter names the platform's accounts). */
  accountIds?: readonly string[];
  /** Only these posts (a filter on their jobs' status picks them). */
  ids?: readonly string[];
  campaignId?: string;
  /** Only posts planned at or after / before these instants. */
  from?: Date;
  to?: Date;
  limit: number;
  /** Opaque cursor returned by the previous page. */
  cursor?: string;
  /** Latest first, for "what happened recently"; soonest first by default. */
  order?: 'asc' | 'desc';
}

/** Posts: what the user asked for. The jobs carry the publishing state. */
export interface PostRepository {
  /** Stores a new post; false when a post with its id exists already (a retried create). */
  insert(post: Post): Promise<boolean>;
  get(workspaceId: string, id: string): Promise<Post | null>;
  /** Posts by id (missing or foreign ids are skipped), for views that start from jobs. */
  getMany(workspaceId: string, ids: readonly string[]): Promise<Post[]>;
  /** Posts whose planned time is in [from, to), in no order: a calendar window's one-off posts. */
  listPlannedBetween(workspaceId: string, from: Date, to: Date): Promise<Post[]>;
  /** Soonest first (or latest first); pages by cursor so long lists stay cheap. */
  list(query: PostListQuery): Promise<{ items: Post[]; nextCursor?: string }>;
  /**
   * Active posts with a recurrence: the series the worker keeps materializing, `limit` at a
   * time in id order, after `afterId` when given (the sweep pages through them all).
   */
  listActiveSeries(limit: number, afterId?: string): Promise<Post[]>;
  /** How far a series' jobs exist (end of the last materialized window), kept apart from the post's version. */
  seriesHorizon(postId: string): Promise<Date | null>;
  setSeriesHorizon(postId: string, until: Date): Promise<void>;
  /** Forgets how far a series' jobs exist: a re-timed series is materialized again from its new start. */
  resetSeriesHorizon(postId: string): Promise<void>;
  /**
   * Compare-and-set: applies `patch` and bumps the version only if the stored post is still at
   * `expected`, a version (optimistic concurrency), or a status (a change that is right whatever
   * else changed, such as cancelling a post whose jobs are all cancelled). Returns the new post,
   * or null when someone else won.
   */
  update(
    workspaceId: string,
    id: string,
    expected: number | { status: PostStatus },
    patch: Partial<Post>,
  ): Promise<Post | null>;
}
