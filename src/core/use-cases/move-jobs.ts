import type { JobStatus } from '../domain/job-status.js';
import type { Actor, Post, PublishJob } from '../domain/types.js';
import { HeraldError, notFound } from '../errors.js';
import type { JobPatch } from '../ports/job-repository.js';
import type { CoreDeps } from './deps.js';
import { jobsOfPost } from './jobs-of-post.js';
import { transitionJob } from './transition-job.js';

export interface MoveResult {
  post: Post;
  moved: PublishJob[];
  untouched: PublishJob[];
}

/**
 * The shape shared by the post controls: load the post, move each of its jobs that is in
 * `from` to `to` with a CAS (re-reading once on a version race), and refuse with the current
 * statuses when no job could move. Jobs in other states are reported, not touched.
 */
export async function moveJobsOfPost(
  deps: Pick<CoreDeps, 'posts' | 'jobs' | 'audit' | 'ids' | 'clock'>,
  input: {
    workspaceId: string;
    postId: string;
    actor: Actor;
    from: readonly JobStatus[];
    to: JobStatus;
    patch?: (job: PublishJob) => JobPatch;
    verb: string;
    decision?: Record<string, unknown>;
    /**
     * The jobs this control is about (one occurrence of a series, one job of an alert card);
     * the others are reported untouched. All of the post's jobs when absent.
     */
    select?: (jobs: PublishJob[]) => PublishJob[];
  },
  check?: (post: Post) => Promise<void>,
): Promise<MoveResult> {
  const post = await deps.posts.get(input.workspaceId, input.postId);
  if (!post) throw notFound('post', input.postId);
  await check?.(post);
  const moved: PublishJob[] = [];
  const untouched: PublishJob[] = [];
  const all = await jobsOfPost(deps, post);
  const chosen = input.select ? input.select(all) : all;
  untouched.push(...all.filter((j) => !chosen.includes(j)));
  for (const job of chosen) {
    let current: PublishJob | null = job;
    let done: PublishJob | null = null;
    for (let i = 0; i < 3 && current && !done && input.from.includes(current.status); i += 1) {
      const patch = input.patch?.(current);
      done = await transitionJob(deps, {
        job: current,
        to: input.to,
        actor: input.actor,
        ...(patch ? { patch } : {}),
        ...(input.decision ? { decision: input.decision } : {}),
      });
      if (!done) current = await deps.jobs.get(input.workspaceId, job.id);
    }
    if (done) moved.push(done);
    else untouched.push(current ?? job);
  }
  if (moved.length === 0) {
    const statuses = [...new Set(untouched.map((j) => j.status))];
    throw new HeraldError(
      'INVALID_TRANSITION',
      `Post ${post.id} has nothing to ${input.verb} (jobs: ${statuses.join(', ') || 'none'}).`,
      {
        details: { postId: post.id, statuses },
      },
    );
  }
  return { post, moved, untouched };
}
