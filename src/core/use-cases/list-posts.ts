import type { Account, Post, PublishJob } from '../domain/types.js';
import type { PostListQuery } from '../ports/post-repository.js';
import type { CoreDeps } from './deps.js';

export interface PostView {
  post: Post;
  jobs: PublishJob[];
  accounts: Account[];
}

/** A page of posts with their jobs and accounts, fetched with three queries whatever the page size. */
export async function listPosts(
  deps: Pick<CoreDeps, 'posts' | 'jobs' | 'accounts'>,
  query: PostListQuery,
): Promise<{ items: PostView[]; nextCursor?: string }> {
  const page = await deps.posts.list(query);
  const postIds = page.items.map((p) => p.id);
  const jobs = postIds.length > 0 ? await deps.jobs.listByPosts(query.workspaceId, postIds) : [];
  const accountIds = [...new Set(page.items.flatMap((p) => p.accountIds))];
  const accounts = await deps.accounts.getMany(query.workspaceId, accountIds);
  const items = page.items.map((post) => ({
    post,
    jobs: jobs.filter((j) => j.postId === post.id),
    accounts: accounts.filter((a) => post.accountIds.includes(a.id)),
  }));
  return page.nextCursor ? { items, nextCursor: page.nextCursor } : { items };
}
