import type { Post, PostStatus } from '../domain/types.js';

export interface PostListQuery {
  workspaceId: string;
  status?: Post['status'];
  accountId?: string;
  campaignId?: string;
  /** Only posts scheduled at or after / before these instants. */
  from?: Date;
  to?: Date;
  limit: number;
  /** Opaque cursor returned by the previous page. */
  cursor?: string;
}

/** Posts: what the user asked for. The jobs carry the publishing state. */
export interface PostRepository {
  insert(post: Post): Promise<void>;
  get(workspaceId: string, id: string): Promise<Post | null>;
  /** Newest-scheduled last; pages by cursor so long lists stay cheap. */
  list(query: PostListQuery): Promise<{ items: Post[]; nextCursor?: string }>;
  /** Active posts with a recurrence: the series the worker keeps materializing. */
  listActiveSeries(limit: number): Promise<Post[]>;
  /** How far a series' jobs exist (end of the last materialized window), kept apart from the post's version. */
  seriesHorizon(postId: string): Promise<Date | null>;
  setSeriesHorizon(postId: string, until: Date): Promise<void>;
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
