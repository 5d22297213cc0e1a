import type { Post, PublishJob } from '../domain/types.js';
import { notFound } from '../errors.js';
import type { CoreDeps } from './deps.js';

/** A post's jobs: by their ids for a one-off post (cheap on every backend), by post id for a series. */
export function jobsOfPost(deps: Pick<CoreDeps, 'jobs'>, post: Post): Promise<PublishJob[]> {
  return post.jobIds && !post.recurrence
    ? deps.jobs.getMany(post.workspaceId, post.jobIds)
    : deps.jobs.listByPost(post.workspaceId, post.id);
}

/**
 * A post and all its jobs, read side by side: the jobs by post id (indexed), so neither read
 * waits for the other (reading the post first and then its jobs by the ids it lists is slower).
 */
export async function postWithJobs(
  deps: Pick<CoreDeps, 'posts' | 'jobs'>,
  workspaceId: string,
  postId: string,
): Promise<{ post: Post; jobs: PublishJob[] }> {
  const [post, jobs] = await Promise.all([
    deps.posts.get(workspaceId, postId),
    deps.jobs.listByPost(workspaceId, postId),
  ]);
  if (!post) throw notFound('post', postId);
  return { post, jobs };
}

/** The post, or the 404 a control answers for an id that is not a post of this workspace. */
export async function postOrNotFound(
  deps: Pick<CoreDeps, 'posts'>,
  workspaceId: string,
  postId: string,
): Promise<Post> {
  const post = await deps.posts.get(workspaceId, postId);
  if (!post) throw notFound('post', postId);
  return post;
}
