import type { Post, PublishJob } from '../domain/types.js';
import type { CoreDeps } from './deps.js';

/** A post's jobs: by their ids for a one-off post (cheap on every backend), by post id for a series. */
export function jobsOfPost(deps: Pick<CoreDeps, 'jobs'>, post: Post): Promise<PublishJob[]> {
  return post.jobIds && !post.recurrence
    ? deps.jobs.getMany(post.workspaceId, post.jobIds)
    : deps.jobs.listByPost(post.workspaceId, post.id);
}
