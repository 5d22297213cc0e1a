import { PENDING_STATUSES } from '../domain/job-status.js';
import type { Post, PublishJob } from '../domain/types.js';
import { HeraldError } from '../errors.js';
import { formatLocal, skipOccurrence } from '../language/index.js';
import type { CoreDeps } from '../use-cases/deps.js';
import { postOrNotFound } from '../use-cases/jobs-of-post.js';
import { cancelWaiting } from '../use-cases/move-jobs.js';
import { syncPostTime } from '../use-cases/sync-post.js';
import type { OperationContext } from './context.js';
import { findOccurrence, notASeries, seriesWhen } from './occurrence.js';
import { count, type Outcome } from './reply.js';

export interface SkipResult {
  post: Post;
  /** The occurrence left out (the rule's instant for it). */
  skipped: Date;
  cancelled: PublishJob[];
}

/**
 * Leaves one occurrence of a series out, now or long before it is due: it becomes an exception
 * of the series (so no later top-up brings it back) and its jobs, if it has any yet, are
 * cancelled. An occurrence already publishing or published cannot be skipped.
 */
export async function skip(
  deps: CoreDeps,
  ctx: OperationContext,
  req: { postId: string; occurrence: string },
): Promise<Outcome<SkipResult>> {
  const post = await postOrNotFound(deps, ctx.workspace.id, req.postId);
  if (!post.recurrence) throw notASeries(post);
  const found = await findOccurrence(deps, post, req.occurrence);
  const done = found.jobs.filter((j) => !PENDING_STATUSES.includes(j.status) && j.status !== 'cancelled');
  if (done.length > 0)
    throw new HeraldError(
      'INVALID_TRANSITION',
      `That occurrence is already ${done[0]?.status}; it cannot be skipped.`,
      {
        details: { jobIds: done.map((j) => j.id) },
      },
    );
  if (found.jobs.length === 0 && found.at.getTime() < deps.clock.now().getTime())
    throw new HeraldError('INVALID_TRANSITION', 'That occurrence has already passed.');
  const skipped = skipOccurrence(seriesWhen(post), found.at);
  if (!skipped.ok)
    throw new HeraldError('VALIDATION_FAILED', skipped.error.message, { hint: skipped.error.hint });
  const updated = await deps.posts.update(post.workspaceId, post.id, post.version, {
    recurrence: { ...post.recurrence, exdates: skipped.value.exdates },
    updatedAt: deps.clock.now(),
  });
  if (!updated)
    throw new HeraldError(
      'VERSION_CONFLICT',
      `Post ${post.id} changed while the occurrence was being skipped.`,
      {
        hint: 'Try the skip again.',
      },
    );
  const cancelled = await cancelWaiting(deps, found.jobs, ctx.actor, 'skip');
  await deps.audit.append({
    id: deps.ids.next('aud'),
    workspaceId: post.workspaceId,
    at: deps.clock.now(),
    actor: ctx.actor,
    action: 'post.occurrence_skipped',
    subject: { type: 'post', id: post.id },
    after: { skipped: found.at, exdates: skipped.value.exdates },
  });
  const after = found.all.map((j) => cancelled.find((c) => c.id === j.id) ?? j);
  const synced = await syncPostTime(deps, updated, after);
  const when = formatLocal(found.at, post.timezone);
  return {
    result: { post: synced, skipped: found.at, cancelled },
    reply: {
      title: `Skipped ${when} of ${post.id}`,
      lines: [`${count(cancelled.length, 'job')} cancelled; the rest of the series is unchanged.`],
      public: true,
      postIds: [post.id],
    },
  };
}
