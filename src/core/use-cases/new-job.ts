import type { JobStatus } from '../domain/job-status.js';
import type { AutonomyMode, Post, PublishJob } from '../domain/types.js';
import type { CoreDeps } from './deps.js';

/** The first status of a job follows the campaign's autonomy mode (docs/product.md#campaign-modes). */
export function initialStatus(mode: AutonomyMode): JobStatus {
  return mode === 'auto' ? 'scheduled' : mode === 'approval' ? 'awaiting_approval' : 'suggested';
}

/**
 * A job for one occurrence on one account; its idempotency key never changes afterwards. A
 * series' job also records which occurrence of the rule it is (`seriesAt`), and its key carries
 * the series' generation once the series has been re-timed.
 */
export function newJob(
  deps: Pick<CoreDeps, 'ids' | 'clock'>,
  post: Post,
  accountId: string,
  platform: PublishJob['platform'],
  occurrenceAt: Date,
  status: JobStatus,
  opts: { id?: string } = {},
): PublishJob {
  const now = deps.clock.now();
  const generation = post.recurrence?.generation ?? 0;
  const key = `${post.id}:${generation > 0 ? `g${generation}:` : ''}${accountId}:${occurrenceAt.toISOString()}`;
  return {
    id: opts.id ?? deps.ids.next('job'),
    workspaceId: post.workspaceId,
    postId: post.id,
    accountId,
    platform,
    occurrenceAt,
    ...(post.recurrence ? { seriesAt: occurrenceAt } : {}),
    status,
    attemptCount: 0,
    failureCount: 0,
    nextAttemptAt: occurrenceAt,
    idempotencyKey: key,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
}
