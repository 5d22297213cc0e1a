import type { JobStatus } from '../domain/job-status.js';
import type { Actor, Post, PublishJob } from '../domain/types.js';
import { HeraldError } from '../errors.js';
import { type AuditBatch, withAuditBatch } from './audit-batch.js';
import type { CoreDeps } from './deps.js';
import { jobsOfPost, postWithJobs } from './jobs-of-post.js';
import { moveWithRetry } from './move-jobs.js';
import { notifySafely } from './notify.js';
import { syncPostTime } from './sync-post.js';
import { auditTransition, transitionJob } from './transition-job.js';

/** Jobs a reschedule moves; a job already publishing or finished keeps its time. */
const MOVABLE: readonly JobStatus[] = [
  'suggested',
  'awaiting_approval',
  'scheduled',
  'retry_wait',
  'needs_attention',
];

interface RescheduleInput {
  workspaceId: string;
  postId: string;
  actor: Actor;
  scheduledAt: Date;
  timezone: string;
  localTime: string;
  /**
   * The post, and maybe its jobs, when the caller has just read them to parse the time. Without
   * the jobs, a one-off post's only job is moved without reading it when it can be (moveOnTime).
   */
  loaded?: { post: Post; jobs?: PublishJob[] };
  /**
   * One occurrence of a series: only these jobs move, the series keeps its rule. Ignored for a
   * one-off post, which has one time and moves as a whole. Whole series are re-timed by
   * `retimeSeries` instead.
   */
  jobIds?: string[];
}

/**
 * Moves every not-yet-published job of a post to a new time, effective at once: each job is a
 * CAS write, and the old wake-up, when it fires, finds the job not due and does nothing.
 * Jobs waiting for a retry or a human are put back to `scheduled`, or to `awaiting_approval`
 * when they need an approval for the new time.
 */
export async function reschedulePost(
  deps: Pick<
    CoreDeps,
    'posts' | 'jobs' | 'campaigns' | 'audit' | 'writes' | 'ids' | 'clock' | 'queue' | 'notifier'
  >,
  input: RescheduleInput,
): Promise<{ post: Post; moved: PublishJob[]; untouched: PublishJob[] }> {
  return withAuditBatch(deps, (deps, batch) => reschedule(deps, batch, input));
}

async function reschedule(
  deps: Pick<
    CoreDeps,
    'posts' | 'jobs' | 'campaigns' | 'audit' | 'writes' | 'ids' | 'clock' | 'queue' | 'notifier'
  >,
  batch: AuditBatch,
  input: RescheduleInput,
): Promise<{ post: Post; moved: PublishJob[]; untouched: PublishJob[] }> {
  const now = deps.clock.now();
  if (input.scheduledAt.getTime() < now.getTime() - 1000) {
    throw new HeraldError('TIME_IN_PAST', `${input.scheduledAt.toISOString()} is in the past.`, {
      hint: 'Pick a future time, e.g. "+1h" or "tomorrow 9am".',
    });
  }
  const loaded = input.loaded ?? (await postWithJobs(deps, input.workspaceId, input.postId));
  const { post } = loaded;
  const occurrence = post.recurrence && input.jobIds ? input.jobIds : undefined;
  const quick = loaded.jobs ? null : await moveOnTime(deps, post, input);
  const all = quick ? [quick] : (loaded.jobs ?? (await jobsOfPost(deps, post)));
  const jobs = occurrence ? all.filter((j) => occurrence.includes(j.id)) : all;
  const { moved, untouched } = quick
    ? { moved: all, untouched: [] }
    : await moveEach(deps, post, jobs, input, Boolean(occurrence));
  if (moved.length === 0) {
    const statuses = [...new Set(untouched.map((j) => j.status))].join(', ');
    throw new HeraldError(
      'INVALID_TRANSITION',
      `Post ${post.id} has nothing left to reschedule (jobs: ${statuses}).`,
      {
        details: { postId: post.id, statuses: untouched.map((j) => j.status) },
      },
    );
  }
  // One occurrence moved: the series' rule stays, each job's move is audited on the job, and the
  // post's planned time follows its jobs.
  if (occurrence) {
    const after = all.map((j) => moved.find((m) => m.id === j.id) ?? j);
    const synced = await syncPostTime(deps, post, after);
    // A new version either way (an occurrence moved), so a new approval card may go out.
    const touched =
      synced !== post
        ? synced
        : ((await deps.posts.update(
            post.workspaceId,
            post.id,
            { status: post.status },
            { updatedAt: now },
          )) ?? post);
    await askApprovers(deps, touched, moved);
    return { post: touched, moved, untouched: [...untouched, ...all.filter((j) => !jobs.includes(j))] };
  }
  const patch = {
    scheduledAt: input.scheduledAt,
    timezone: input.timezone,
    localTime: input.localTime,
    updatedAt: now,
  };
  // The jobs carry the new time (they moved above); the post records it for people. Its event
  // is the same whether or not this write wins, so it is recorded alongside it.
  const written = await batch.alongside(
    () => deps.posts.update(post.workspaceId, post.id, { status: post.status }, patch),
    {
      id: deps.ids.next('aud'),
      workspaceId: post.workspaceId,
      at: now,
      actor: input.actor,
      action: 'post.rescheduled',
      subject: { type: 'post', id: post.id },
      before: { scheduledAt: post.scheduledAt, timezone: post.timezone },
      after: { scheduledAt: input.scheduledAt, timezone: input.timezone },
    },
  );
  const updated = written ?? { ...post, ...patch };
  await askApprovers(deps, updated, moved);
  return { post: updated, moved, untouched };
}

/** Moves each of `jobs` (read just before) as its state requires; those that cannot move are untouched. */
async function moveEach(
  deps: Pick<CoreDeps, 'jobs' | 'campaigns' | 'audit' | 'ids' | 'clock' | 'queue'>,
  post: Post,
  jobs: PublishJob[],
  input: RescheduleInput,
  occurrence: boolean,
): Promise<{ moved: PublishJob[]; untouched: PublishJob[] }> {
  const moved: PublishJob[] = [];
  const untouched: PublishJob[] = [];
  const approvals = jobs.some(mayNeedApproval) && (await inApprovalMode(deps, post));
  for (const job of jobs) {
    const { done, current } = await moveWithRetry(deps, job, MOVABLE, (latest) =>
      moveJob(deps, latest, input, { approvals, occurrence }),
    );
    if (done) moved.push(done);
    else untouched.push(current);
  }
  return { moved, untouched };
}

/** Jobs the move sent back to their approvers get a new approval card. */
async function askApprovers(
  deps: Pick<CoreDeps, 'notifier'>,
  post: Post,
  moved: PublishJob[],
): Promise<void> {
  const waiting = moved.filter((j) => j.status === 'awaiting_approval');
  if (waiting.length > 0)
    await notifySafely(deps, post.workspaceId, { type: 'approval_requested', post, jobs: waiting });
}

/** A job whose new time may need an approval: it had one (for the old time), or nobody gave it in time. */
function mayNeedApproval(job: PublishJob): boolean {
  return (
    job.approval != null || (job.status === 'needs_attention' && job.lastError?.code === 'approval_missing')
  );
}

/** Read only when some job may need an approval: most reschedules make no extra round trip. */
async function inApprovalMode(deps: Pick<CoreDeps, 'campaigns'>, post: Post): Promise<boolean> {
  const campaign = post.campaignId ? await deps.campaigns.get(post.workspaceId, post.campaignId) : null;
  return campaign?.mode === 'approval';
}

/**
 * The usual reschedule without reading the job first: a one-off post's only job, scheduled at
 * the post's time with no approval on record, moves as moveJob would move it (same status, new
 * time), in one guarded write. Its state before is known from the guard, so its event says the
 * same. Null when the job is in any other state (retrying, waiting for a human, approved, moved
 * on its own): the caller then reads it and moves it as usual.
 */
async function moveOnTime(
  deps: Pick<CoreDeps, 'jobs' | 'audit' | 'ids' | 'clock' | 'queue'>,
  post: Post,
  input: RescheduleInput,
): Promise<PublishJob | null> {
  const [jobId, ...others] = post.jobIds ?? [];
  if (post.recurrence || !jobId || others.length > 0) return null;
  const updated = await deps.jobs.transition(
    jobId,
    { from: ['scheduled'], dueAt: post.scheduledAt, unapproved: true },
    'scheduled',
    { occurrenceAt: input.scheduledAt, nextAttemptAt: input.scheduledAt },
  );
  if (!updated) return null;
  await auditTransition(deps, {
    before: { status: 'scheduled', version: updated.version - 1 },
    updated,
    actor: input.actor,
    decision: { control: 'reschedule', from: post.scheduledAt },
  });
  await deps.queue.enqueue(updated.id, input.scheduledAt);
  return updated;
}

async function moveJob(
  deps: Pick<CoreDeps, 'jobs' | 'audit' | 'ids' | 'clock' | 'queue'>,
  job: PublishJob,
  input: RescheduleInput,
  { approvals, occurrence }: { approvals: boolean; occurrence: boolean },
): Promise<PublishJob | null> {
  // An occurrence of a series keeps which occurrence it is (`seriesAt`) while its time moves.
  const times = {
    occurrenceAt: input.scheduledAt,
    nextAttemptAt: input.scheduledAt,
    ...(occurrence && !job.seriesAt ? { seriesAt: job.occurrenceAt } : {}),
  };
  const stalled = job.status === 'retry_wait' || job.status === 'needs_attention';
  // An approval was given for a time: a new time needs a new approval (four-eyes stays
  // meaningful). A job nobody approved before its time goes back to its approvers too, rather
  // than to `scheduled`, where preflight would stop it again at the new time.
  const reapprove = approvals && mayNeedApproval(job);
  const to =
    reapprove && job.status !== 'suggested' ? 'awaiting_approval' : stalled ? 'scheduled' : job.status;
  const patch = {
    ...times,
    ...(stalled ? { lastError: null, failureCount: 0 } : {}),
    ...(to === 'awaiting_approval' ? { approval: null } : {}),
  };
  const updated = await transitionJob(deps, {
    job,
    to,
    actor: input.actor,
    patch,
    decision: { control: 'reschedule', from: job.nextAttemptAt },
  });
  if (updated && updated.status !== 'suggested') await deps.queue.enqueue(updated.id, input.scheduledAt);
  return updated;
}
