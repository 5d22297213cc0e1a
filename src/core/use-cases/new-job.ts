import type { JobStatus } from '../domain/job-status.js';
import type { AutonomyMode, Post, PublishJob } from '../domain/types.js';
import type { CoreDeps } from './deps.js';

/** The first status of a job follows the campaign's autonomy mode (SPEC §4; default suggest_only). */
export function initialStatus(mode: AutonomyMode): JobStatus {
  return mode === 'auto' ? 'scheduled' : mode === 'approval' ? 'awaiting_approval' : 'suggested';
}

/** A job for one occurrence on one account; its idempotency key never changes afterwards. */
export function newJob(
  deps: Pick<CoreDeps, 'ids' | 'clock'>,
  post: Post,
  accountId: string,
  platform: PublishJob['platform'],
  occurrenceAt: Date,
  status: JobStatus,
): PublishJob {
  const now = deps.clock.now();
  return {
    id: deps.ids.next('job'),
    workspaceId: post.workspaceId,
    postId: post.id,
    accountId,
    platform,
    occurrenceAt,
    status,
    attemptCount: 0,
    failureCount: 0,
    nextAttemptAt: occurrenceAt,
    idempotencyKey: `${post.id}:${accountId}:${occurrenceAt.toISOString()}`,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
}
