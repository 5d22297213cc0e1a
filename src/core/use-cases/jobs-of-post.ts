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
 * A post and all its jobs. The jobs are read after the post, by the ids it lists: reading them
 * by post id instead, alongside the post, looked like one round trip saved, but FerretDB answers
 * that filter by scanning the workspace's jobs (1 s per read with 100,000 stored).
 */
export async function postWithJobs(
  deps: Pick<CoreDeps, 'posts' | 'jobs'>,
  workspaceId: string,
  postId: string,
): Promise<{ post: Post; jobs: PublishJob[] }> {
  const post = await deps.posts.get(workspaceId, postId);
  if (!post) throw notFound('post', postId);
  return { post, jobs: await jobsOfPost(deps, post) };
}
