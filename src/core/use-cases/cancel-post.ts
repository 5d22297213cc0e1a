import { type JobStatus, PENDING_STATUSES } from '../domain/job-status.js';
import { isAhead } from '../domain/planned-time.js';
import type { Actor, Post, PublishJob } from '../domain/types.js';
import { HeraldError } from '../errors.js';
import type { CardMessageRef } from '../ports/card-ref-store.js';

import { type AuditBatch, withAuditBatch } from './audit-batch.js';
import type { CoreDeps } from './deps.js';
import { postOrNotFound } from './jobs-of-post.js';
import { moveJobsAlone, namedJobs } from './move-jobs.js';
import { announceDecision } from './notify.js';

export interface CancelResult {
  post: Post;
  cancelled: PublishJob[];
  /** Jobs that could not be cancelled because publishing had already started or ended. */
  untouched: PublishJob[];
}

/** Jobs whose cards may still offer a decision: Approve/Reject, or a suggestion's Publish now. */
const ASKING: readonly JobStatus[] = ['awaiting_approval', 'needs_attention', 'suggested'];

type Deps = Pick<CoreDeps, 'posts' | 'jobs' | 'audit' | 'writes' | 'ids' | 'clock' | 'notifier'>;

/**
 * Cancels every job of a post that has not started publishing (or only `jobIds`). Each job moves
 * by CAS, so a cancel racing a worker's claim has exactly one winner: either the job is cancelled
 * and never published, or it is publishing and reported as untouched. The post follows its jobs:
 * a whole series is stopped (no occurrence is added later, even after some were published), and a
 * single post is cancelled once nothing is left ahead of it. Cards still asking for a decision
 * are closed, as a decision closes them.
 */
export async function cancelPost(
  deps: Deps,
  input: {
    workspaceId: string;
    postId: string;
    actor: Actor;
    jobIds?: string[];
    /** The card the cancel was pressed on: its surface updates it itself. */
    madeOn?: CardMessageRef | undefined;
  },
): Promise<CancelResult> {
  const result = await withAuditBatch(deps, async (deps, batch) => {
    const moved = await moveJobsAlone(deps, {
      ...input,
      from: PENDING_STATUSES,
      to: 'cancelled',
      verb: 'cancel',
      select: namedJobs(input),
    }).catch((error: unknown) => nothingToCancel(deps, input, error));
    const left = moved.untouched.filter(isAhead);
    const series = [...moved.moved, ...moved.untouched].some((j) => j.seriesAt);
    const whole = !input.jobIds;
    const stop = whole
      ? left.length === 0 || series || (await isSeries(deps, input))
      : left.length === 0 && !series;
    return {
      post: stop
        ? await markStopped(deps, batch, input)
        : await postOrNotFound(deps, input.workspaceId, input.postId),
      cancelled: moved.moved,
      untouched: moved.untouched,
      asked: moved.movedFrom.some((s) => ASKING.includes(s)),
    };
  });
  const { asked, ...cancelled } = result;
  // Only when a card could be asking: a plain cancel costs the chat surfaces nothing.
  if (asked) announceDecision(deps, cancelled.post, { decision: 'cancelled', by: input.actor }, input.madeOn);
  return cancelled;
}

/**
 * Nothing left to cancel: still a success for a whole series that is active (stopping it is the
 * point, even when every job it has is finished); a refusal otherwise.
 */
async function nothingToCancel(
  deps: Deps,
  input: { workspaceId: string; postId: string; jobIds?: string[] },
  error: unknown,
) {
  if (!(error instanceof HeraldError) || error.code !== 'INVALID_TRANSITION' || input.jobIds) throw error;
  const post = await postOrNotFound(deps, input.workspaceId, input.postId);
  if (!post.recurrence || post.status !== 'active') throw error;
  const jobs = await deps.jobs.listByPost(input.workspaceId, input.postId);
  return { post: null, moved: [], movedFrom: [], untouched: jobs };
}

async function isSeries(deps: Deps, input: { workspaceId: string; postId: string }): Promise<boolean> {
  return Boolean((await postOrNotFound(deps, input.workspaceId, input.postId)).recurrence);
}

/**
 * Marks the post stopped. Guarded by status, not version: whatever else changed meanwhile, the
 * post is stopped, and a loser finds it so. That makes its event true either way, so it is
 * recorded alongside the write (with the jobs' events), one round trip for both.
 */
export async function markStopped(
  deps: Pick<CoreDeps, 'posts' | 'ids' | 'clock'>,
  batch: AuditBatch,
  input: { workspaceId: string; postId: string; actor: Actor },
  action = 'post.cancelled',
): Promise<Post> {
  const now = deps.clock.now();
  const updated = await batch.alongside(
    () =>
      deps.posts.update(
        input.workspaceId,
        input.postId,
        { status: 'active' },
        { status: 'cancelled', updatedAt: now },
      ),
    {
      id: deps.ids.next('aud'),
      workspaceId: input.workspaceId,
      at: now,
      actor: input.actor,
      action,
      subject: { type: 'post', id: input.postId },
      before: { status: 'active' },
      after: { status: 'cancelled' },
    },
  );
  // Not active: stopped already, by someone who got there first (one round trip more, only then).
  return updated ?? (await postOrNotFound(deps, input.workspaceId, input.postId));
}
