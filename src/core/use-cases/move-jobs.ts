import { type JobStatus, PENDING_STATUSES } from '../domain/job-status.js';
import type { Actor, Post, PublishJob } from '../domain/types.js';
import { HeraldError } from '../errors.js';
import type { JobPatch } from '../ports/job-repository.js';
import { withAuditBatch } from './audit-batch.js';
import type { CoreDeps } from './deps.js';
import { postOrNotFound, postWithJobs } from './jobs-of-post.js';
import { JOB_WRITES_IN_FLIGHT, mapLimit } from './map-limit.js';
import { transitionJob } from './transition-job.js';

export interface MoveResult<P extends Post | null = Post> {
  /** The post as read with its jobs; null from moveJobsAlone, which reads the jobs alone. */
  post: P;
  moved: PublishJob[];
  /** The status each job in `moved` (same order) had just before it moved. */
  movedFrom: JobStatus[];
  untouched: PublishJob[];
}

/**
 * The shape shared by the post controls: load the post, move each of its jobs that is in
 * `from` to `to` with a CAS (re-reading once on a version race), and refuse with the current
 * statuses when no job could move. Jobs in other states are reported, not touched.
 */
export async function moveJobsOfPost(
  deps: Pick<CoreDeps, 'posts' | 'jobs' | 'audit' | 'writes' | 'ids' | 'clock'>,
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
  return withAuditBatch(deps, (deps) =>
    moveJobs(deps, input, () => postWithJobs(deps, input.workspaceId, input.postId), check),
  );
}

/**
 * moveJobsOfPost for a control that needs only the jobs (cancel): one read instead of two. The
 * post is read only when it has no jobs, to tell a post with nothing to move from no post (404).
 */
export async function moveJobsAlone(
  deps: Pick<CoreDeps, 'posts' | 'jobs' | 'audit' | 'writes' | 'ids' | 'clock'>,
  input: Parameters<typeof moveJobsOfPost>[1],
): Promise<MoveResult<null>> {
  const load = async () => {
    const jobs = await deps.jobs.listByPost(input.workspaceId, input.postId);
    if (jobs.length === 0) await postOrNotFound(deps, input.workspaceId, input.postId);
    return { post: null, jobs };
  };
  return withAuditBatch(deps, (deps) => moveJobs(deps, input, load));
}

async function moveJobs<P extends Post | null>(
  deps: Pick<CoreDeps, 'posts' | 'jobs' | 'audit' | 'writes' | 'ids' | 'clock'>,
  input: Parameters<typeof moveJobsOfPost>[1],
  load: () => Promise<{ post: P; jobs: PublishJob[] }>,
  check?: (post: P) => Promise<void>,
): Promise<MoveResult<P>> {
  const { post, jobs: all } = await load();
  await check?.(post);
  const moved: PublishJob[] = [];
  const movedFrom: JobStatus[] = [];
  const untouched: PublishJob[] = [];
  const chosen = input.select ? input.select(all) : all;
  untouched.push(...all.filter((j) => !chosen.includes(j)));
  const outcomes = await mapLimit(chosen, JOB_WRITES_IN_FLIGHT, (job) =>
    moveWithRetry(deps, job, input.from, (latest) => {
      const patch = input.patch?.(latest);
      return transitionJob(deps, {
        job: latest,
        to: input.to,
        actor: input.actor,
        ...(patch ? { patch } : {}),
        ...(input.decision ? { decision: input.decision } : {}),
      });
    }),
  );
  for (const { done, current, from } of outcomes) {
    if (done) {
      moved.push(done);
      movedFrom.push(from);
    } else untouched.push(current);
  }
  if (moved.length === 0) {
    const statuses = [...new Set(untouched.map((j) => j.status))];
    throw new HeraldError(
      'INVALID_TRANSITION',
      `Post ${input.postId} has nothing to ${input.verb} (jobs: ${statuses.join(', ') || 'none'}).`,
      {
        details: { postId: input.postId, statuses },
      },
    );
  }
  return { post, moved, movedFrom, untouched };
}

/**
 * Runs `move` (a compare-and-set) on `job`, re-reading the job after each lost race while it is
 * still in `from`, up to three tries. Returns the moved job and the status it moved from, or
 * the job as it last was: its status is what a refusal reports.
 */
export async function moveWithRetry(
  deps: Pick<CoreDeps, 'jobs'>,
  job: PublishJob,
  from: readonly JobStatus[],
  move: (latest: PublishJob) => Promise<PublishJob | null>,
): Promise<{ done: PublishJob | null; current: PublishJob; from: JobStatus }> {
  let current: PublishJob | null = job;
  let last = job;
  for (let i = 0; i < 3 && current && from.includes(current.status); i += 1) {
    last = current;
    const done = await move(current);
    if (done) return { done, current: done, from: current.status };
    current = await deps.jobs.get(job.workspaceId, job.id);
  }
  return { done: null, current: current ?? last, from: (current ?? last).status };
}

/** The `select` of a control: the jobs named in the input, or all of them. */
export function namedJobs(input: { jobIds?: string[] | undefined }) {
  const ids = input.jobIds;
  return ids ? (jobs: PublishJob[]) => jobs.filter((j) => ids.includes(j.id)) : undefined;
}

/** Cancels each of `jobs` still waiting (a CAS each, re-read after a lost race); returns those it cancelled. */
export async function cancelWaiting(
  deps: Pick<CoreDeps, 'jobs' | 'audit' | 'ids' | 'clock'>,
  jobs: readonly PublishJob[],
  actor: Actor,
  control: string,
): Promise<PublishJob[]> {
  const waiting = jobs.filter((j) => PENDING_STATUSES.includes(j.status));
  const outcomes = await mapLimit(waiting, JOB_WRITES_IN_FLIGHT, (job) =>
    moveWithRetry(deps, job, PENDING_STATUSES, (latest) =>
      transitionJob(deps, { job: latest, to: 'cancelled', actor, decision: { control } }),
    ),
  );
  return outcomes.flatMap((o) => (o.done ? [o.done] : []));
}
