import { notFound } from '../errors.js';
import { formatLocal } from '../language/index.js';
import type { CoreDeps } from '../use-cases/deps.js';
import { postOrNotFound } from '../use-cases/jobs-of-post.js';
import type { OperationContext } from './context.js';

/**
 * What a time form moves and the time it shows now: a job id (an alert's or an occurrence's
 * card) names one occurrence of a series; for a single post it is the whole post.
 */
export async function timeFormTarget(
  deps: CoreDeps,
  ctx: OperationContext,
  target: string,
): Promise<{ postId: string; occurrence?: string; current: string }> {
  const job = target.startsWith('job_') ? await deps.jobs.get(ctx.workspace.id, target) : null;
  if (target.startsWith('job_') && !job) throw notFound('job', target);
  const post = await postOrNotFound(deps, ctx.workspace.id, job?.postId ?? target);
  const occurrence = post.recurrence && job ? job : null;
  const at = occurrence ? occurrence.occurrenceAt : post.scheduledAt;
  return {
    postId: post.id,
    ...(occurrence ? { occurrence: occurrence.id } : {}),
    current: `${formatLocal(at, post.timezone)} (${post.timezone})`,
  };
}
