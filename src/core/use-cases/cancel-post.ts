import { PENDING_STATUSES } from '../domain/job-status.js';
import type { Actor, Post, PublishJob } from '../domain/types.js';
import { namedJobs } from './approve-post.js';
import { withAuditBatch } from './audit-batch.js';
import type { CoreDeps } from './deps.js';
import { moveJobsOfPost } from './move-jobs.js';

export interface CancelResult {
  post: Post;
  cancelled: PublishJob[];
  /** Jobs that could not be cancelled because publishing had already started or ended. */
  untouched: PublishJob[];
}

/**
 * Cancels every job of a post that has not started publishing. Each job moves by CAS, so a
 * cancel racing a worker's claim has exactly one winner: either the job is cancelled and never
 * published, or it is publishing and reported as untouched.
 */
export async function cancelPost(
  deps: Pick<CoreDeps, 'posts' | 'jobs' | 'audit' | 'ids' | 'clock'>,
  input: { workspaceId: string; postId: string; actor: Actor; jobIds?: string[] },
): Promise<CancelResult> {
  return withAuditBatch(deps, async (deps) => {
    const { post, moved, untouched } = await moveJobsOfPost(deps, {
      ...input,
      from: PENDING_STATUSES,
      to: 'cancelled',
      verb: 'cancel',
      select: namedJobs(input),
    });
    const finished = untouched.every((j) => j.status === 'cancelled');
    return {
      post: finished ? await markCancelled(deps, post, input.actor) : post,
      cancelled: moved,
      untouched,
    };
  });
}

async function markCancelled(
  deps: Pick<CoreDeps, 'posts' | 'audit' | 'ids' | 'clock'>,
  post: Post,
  actor: Actor,
) {
  const now = deps.clock.now();
  const updated =
    (await deps.posts.update(post.workspaceId, post.id, post.version, {
      status: 'cancelled',
      updatedAt: now,
    })) ?? post;
  await deps.audit.append({
    id: deps.ids.next('aud'),
    workspaceId: post.workspaceId,
    at: now,
    actor,
    action: 'post.cancelled',
    subject: { type: 'post', id: post.id },
    before: { status: post.status },
    after: { status: updated.status },
  });
  return updated;
}
