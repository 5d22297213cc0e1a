import type { Actor, Post, PublishJob } from '../domain/types.js';
import { HeraldError } from '../errors.js';
import type { CoreDeps } from './deps.js';
import { materializeSeries } from './materialize-series.js';
import { cancelWaiting } from './move-jobs.js';
import { notifySafely } from './notify.js';

type Deps = Pick<
  CoreDeps,
  'posts' | 'jobs' | 'accounts' | 'campaigns' | 'audit' | 'ids' | 'clock' | 'queue' | 'notifier'
>;

interface RetimeInput {
  post: Post;
  actor: Actor;
  /** The series from now on: its rule, exceptions, first wall time (DTSTART) and zone. */
  series: { rrule: string; exdates: string[]; start: string; zone: string; first: Date };
}

/**
 * Re-times a whole series (a new rule, or its clock moved): the post takes the new rule under a
 * new generation, every job still waiting for an old occurrence is cancelled, and the new
 * occurrences are materialized afresh — new jobs, new idempotency keys, and new approvals where
 * the campaign asks for them (an approval was given for a time). A job already publishing is
 * left to finish.
 */
export async function retimeSeries(
  deps: Deps,
  input: RetimeInput,
): Promise<{ post: Post; cancelled: PublishJob[]; created: PublishJob[] }> {
  const { post, series } = input;
  const generation = (post.recurrence?.generation ?? 0) + 1;
  const now = deps.clock.now();
  const updated = await deps.posts.update(post.workspaceId, post.id, post.version, {
    recurrence: { rrule: series.rrule, exdates: series.exdates, start: series.start, generation },
    scheduledAt: series.first,
    localTime: series.start,
    timezone: series.zone,
    updatedAt: now,
  });
  if (!updated)
    throw new HeraldError('VERSION_CONFLICT', `Post ${post.id} changed while it was being re-timed.`, {
      hint: 'Look at it again with `show`, then repeat the reschedule.',
    });
  const cancelled = await cancelOldOccurrences(deps, updated, generation, input.actor);
  await deps.posts.resetSeriesHorizon(post.id);
  const created = await materializeSeries(deps, updated);
  await deps.audit.append({
    id: deps.ids.next('aud'),
    workspaceId: post.workspaceId,
    at: now,
    actor: input.actor,
    action: 'post.rescheduled',
    subject: { type: 'post', id: post.id },
    before: { rrule: post.recurrence?.rrule, scheduledAt: post.scheduledAt, timezone: post.timezone },
    after: { rrule: series.rrule, scheduledAt: series.first, timezone: series.zone, generation },
  });
  const asking = created.filter((j) => j.status === 'awaiting_approval' || j.status === 'suggested');
  if (asking.length > 0)
    await notifySafely(deps, post.workspaceId, {
      type: asking[0]?.status === 'suggested' ? 'suggested' : 'approval_requested',
      post: updated,
      jobs: asking,
    });
  return { post: updated, cancelled, created };
}

/** Cancels the waiting jobs of earlier generations; a sweep may already have made some of this one. */
async function cancelOldOccurrences(deps: Deps, post: Post, generation: number, actor: Actor) {
  const current = `${post.id}:g${generation}:`;
  const jobs = await deps.jobs.listByPost(post.workspaceId, post.id);
  const old = jobs.filter((j) => !j.idempotencyKey.startsWith(current));
  return cancelWaiting(deps, old, actor, 'reschedule_series');
}
