import { type JobStatus, PENDING_STATUSES } from '../domain/job-status.js';
import type { Actor, Post, PublishJob } from '../domain/types.js';
import type { CardMessageRef } from '../ports/card-ref-store.js';
import { namedJobs } from './approve-post.js';
import { type AuditBatch, withAuditBatch } from './audit-batch.js';
import type { CoreDeps } from './deps.js';
import { postOrNotFound } from './jobs-of-post.js';
import { moveJobsAlone } from './move-jobs.js';
import { announceDecision } from './notify.js';

export interface CancelResult {
  post: Post;
  cancelled: PublishJob[];
  /** Jobs that could not be cancelled because publishing had already started or ended. */
  untouched: PublishJob[];
}

/** Jobs whose cards may still offer a decision: Approve/Reject, or a suggestion's Publish now. */
const ASKING: readonly JobStatus[] = ['awaiting_approval', 'needs_attention', 'suggested'];

/**
 * Cancels every job of a post that has not started publishing. Each job moves by CAS, so a
 * cancel racing a worker's claim has exactly one winner: either the job is cancelled and never
 * published, or it is publishing and reported as untouched. A post that was waiting for an
 * approval, or a suggestion, has its cards closed, as a decision closes them.
 */
export async function cancelPost(
  deps: Pick<CoreDeps, 'posts' | 'jobs' | 'audit' | 'ids' | 'clock' | 'notifier'>,
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
    // The jobs alone: the post is written (or, when some job is left, read) after they move.
    const { moved, movedFrom, untouched } = await moveJobsAlone(deps, {
      ...input,
      from: PENDING_STATUSES,
      to: 'cancelled',
      verb: 'cancel',
      select: namedJobs(input),
    });
    const finished = untouched.every((j) => j.status === 'cancelled');
    return {
      post: finished
        ? await markCancelled(deps, batch, input)
        : await postOrNotFound(deps, input.workspaceId, input.postId),
      cancelled: moved,
      untouched,
      asked: movedFrom.some((s) => ASKING.includes(s)),
    };
  });
  const { asked, ...cancelled } = result;
  // Only when a card could be asking: a plain cancel costs the chat surfaces nothing.
  if (asked) announceDecision(deps, cancelled.post, { decision: 'cancelled', by: input.actor }, input.madeOn);
  return cancelled;
}

/**
 * The post follows its jobs: once none is left to publish, it is cancelled. The write is guarded
 * by status, not version: whatever else changed meanwhile, a post whose jobs are all cancelled
 * is cancelled, and a loser finds it so. That makes its event true either way, so it is recorded
 * alongside the write (with the jobs' events), one round trip for both.
 */
async function markCancelled(
  deps: Pick<CoreDeps, 'posts' | 'ids' | 'clock'>,
  batch: AuditBatch,
  input: { workspaceId: string; postId: string; actor: Actor },
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
      action: 'post.cancelled',
      subject: { type: 'post', id: input.postId },
      before: { status: 'active' },
      after: { status: 'cancelled' },
    },
  );
  // Not active: cancelled already, by a cancel that got there first (one round trip more, only then).
  return updated ?? (await postOrNotFound(deps, input.workspaceId, input.postId));
}
