import { PENDING_STATUSES } from '../domain/job-status.js';
import type { Actor, Post, PublishJob } from '../domain/types.js';
import { HeraldError, notFound } from '../errors.js';
import type { CoreDeps } from './deps.js';
import { transitionJob } from './transition-job.js';

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
  input: { workspaceId: string; postId: string; actor: Actor },
): Promise<CancelResult> {
  const post = await deps.posts.get(input.workspaceId, input.postId);
  if (!post) throw notFound('post', input.postId);
  const jobs = await deps.jobs.listByPost(input.workspaceId, post.id);
  const cancelled: PublishJob[] = [];
  const untouched: PublishJob[] = [];
  for (const job of jobs) {
    const done = PENDING_STATUSES.includes(job.status) ? await cancelOne(deps, job, input.actor) : null;
    if (done) cancelled.push(done);
    else untouched.push((await deps.jobs.get(input.workspaceId, job.id)) ?? job);
  }
  if (cancelled.length === 0) {
    const statuses = [...new Set(untouched.map((j) => j.status))].join(', ');
    throw new HeraldError(
      'INVALID_TRANSITION',
      `Post ${post.id} has nothing left to cancel (jobs: ${statuses}).`,
      {
        details: { postId: post.id, statuses: untouched.map((j) => j.status) },
      },
    );
  }
  const updated = untouched.every((j) => j.status === 'cancelled')
    ? await markCancelled(deps, post, input.actor)
    : post;
  return { post: updated, cancelled, untouched };
}

/** Retries the CAS once on a version race (e.g. a lease renewal), never across a status change. */
async function cancelOne(
  deps: Pick<CoreDeps, 'jobs' | 'audit' | 'ids' | 'clock'>,
  job: PublishJob,
  actor: Actor,
) {
  let current: PublishJob | null = job;
  for (let i = 0; i < 3 && current && PENDING_STATUSES.includes(current.status); i += 1) {
    const done = await transitionJob(deps, { job: current, to: 'cancelled', actor });
    if (done) return done;
    current = await deps.jobs.get(job.workspaceId, job.id);
  }
  return null;
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
