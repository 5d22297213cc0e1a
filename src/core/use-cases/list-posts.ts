import type { Account, Post, PublishJob } from '../domain/types.js';
import type { PostListQuery } from '../ports/post-repository.js';
import type { CoreDeps } from './deps.js';

export interface PostView {
  post: Post;
  /** All of a post's jobs for one post's view; in a list, only its first few (see `jobCount`). */
  jobs: PublishJob[];
  accounts: Account[];
  /** In a list: how many jobs the post has in all (the rest are paged by `/v1/jobs?postId=`). */
  jobCount?: number;
}

/** How many jobs a post carries in a list: the next ones ahead, then the latest finished. */
const JOBS_PER_LISTED_POST = 5;

/**
 * A page of posts with their first few jobs, job counts and accounts. A one-off post's jobs are
 * read by id; a series' by a bounded query each, so a page's size never follows a series' history.
 */
export async function listPosts(
  deps: Pick<CoreDeps, 'posts' | 'jobs' | 'accounts'>,
  query: PostListQuery,
): Promise<{ items: PostView[]; nextCursor?: string }> {
  const page = await deps.posts.list(query);
  const ws = query.workspaceId;
  const series = page.items.filter((p) => p.recurrence || !p.jobIds).map((p) => p.id);
  const accountIds = [...new Set(page.items.flatMap((p) => p.accountIds))];
  const [jobs, counts, accounts] = await Promise.all([
    Promise.all(page.items.map((post) => firstJobs(deps, post))),
    deps.jobs.countByPosts(ws, series),
    deps.accounts.getMany(ws, accountIds),
  ]);
  const items = page.items.map((post, i) => ({
    post,
    jobs: jobs[i] ?? [],
    accounts: accounts.filter((a) => post.accountIds.includes(a.id)),
    jobCount: counts[post.id] ?? post.jobIds?.length ?? 0,
  }));
  return page.nextCursor ? { items, nextCursor: page.nextCursor } : { items };
}

function firstJobs(deps: Pick<CoreDeps, 'jobs'>, post: Post): Promise<PublishJob[]> {
  return post.jobIds && !post.recurrence
    ? deps.jobs.getMany(post.workspaceId, post.jobIds)
    : deps.jobs.firstOfPost(post.workspaceId, post.id, JOBS_PER_LISTED_POST);
}
