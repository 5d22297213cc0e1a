import type { PublishJob } from '../domain/types.js';
import { PublishError } from '../ports/publisher.js';
import { type CoreDeps, DEFAULT_RETRY_DELAYS_MS } from './deps.js';
import { notifySafely } from './notify.js';
import type { PublishRun } from './publish-run.js';
import { SYSTEM_ACTOR, transitionJob } from './transition-job.js';

type Deps = Pick<
  CoreDeps,
  'jobs' | 'campaigns' | 'posts' | 'attempts' | 'audit' | 'ids' | 'clock' | 'queue' | 'notifier' | 'settings'
>;

const DEFAULT_RATE_LIMIT_DELAY_MS = 60_000;

/**
 * Decides what a failed attempt means (SPEC §5): a rate limit delays the job without spending
 * a retry; a transient error retries after the policy's next delay until the budget is spent,
 * then needs a human; a permanent error stops at once.
 */
export async function settleFailure(
  deps: Deps,
  job: PublishJob,
  attemptId: string,
  error: unknown,
): Promise<PublishRun> {
  const failure =
    error instanceof PublishError ? error : new PublishError('transient', 'unexpected', describe(error));
  const now = deps.clock.now();
  const lastError = { code: failure.code, message: failure.message };
  const result =
    failure.kind === 'transient'
      ? 'transient_error'
      : failure.kind === 'permanent'
        ? 'permanent_error'
        : 'rate_limited';
  await deps.attempts.complete(attemptId, {
    result,
    finishedAt: now,
    errorCode: failure.code,
    errorDetails: failure.message,
    platformRequestId: failure.opts.requestId,
  });
  if (failure.kind === 'rate_limited') {
    const at = new Date(now.getTime() + (failure.opts.retryAfterMs ?? DEFAULT_RATE_LIMIT_DELAY_MS));
    return moveAndQueue(
      deps,
      job,
      'scheduled',
      { lease: null, lastError, nextAttemptAt: at },
      'rate_limited',
    );
  }
  if (failure.kind === 'permanent') {
    const moved = await transitionJob(deps, {
      job,
      to: 'failed',
      actor: SYSTEM_ACTOR,
      patch: { lease: null, lastError },
    });
    if (moved)
      await notifySafely(deps, job.workspaceId, { type: 'failed', job: moved, reason: failure.message });
    return { outcome: 'failed', job: moved ?? job };
  }
  const delays = await retryDelays(deps, job);
  const failureCount = job.failureCount + 1;
  if (failureCount <= delays.length) {
    const at = new Date(
      now.getTime() + Math.max(failure.opts.retryAfterMs ?? 0, delays[failureCount - 1] ?? 0),
    );
    return moveAndQueue(
      deps,
      job,
      'retry_wait',
      { lease: null, lastError, failureCount, nextAttemptAt: at },
      'retry_scheduled',
    );
  }
  const moved = await transitionJob(deps, {
    job,
    to: 'needs_attention',
    actor: SYSTEM_ACTOR,
    patch: { lease: null, lastError, failureCount },
    decision: { reason: 'retries_exhausted', retries: delays.length },
  });
  const reason = `Gave up after ${delays.length} retries: ${failure.message}`;
  if (moved) await notifySafely(deps, job.workspaceId, { type: 'needs_attention', job: moved, reason });
  return { outcome: 'needs_attention', job: moved ?? job };
}

async function moveAndQueue(
  deps: Deps,
  job: PublishJob,
  to: 'scheduled' | 'retry_wait',
  patch: Parameters<typeof transitionJob>[1]['patch'] & { nextAttemptAt: Date },
  outcome: PublishRun['outcome'],
): Promise<PublishRun> {
  const moved = await transitionJob(deps, { job, to, actor: SYSTEM_ACTOR, patch });
  if (moved) await deps.queue.enqueue(moved.id, patch.nextAttemptAt);
  return { outcome, job: moved ?? job };
}

async function retryDelays(
  deps: Pick<CoreDeps, 'posts' | 'campaigns' | 'settings'>,
  job: PublishJob,
): Promise<number[]> {
  const post = await deps.posts.get(job.workspaceId, job.postId);
  const campaign = post?.campaignId ? await deps.campaigns.get(job.workspaceId, post.campaignId) : null;
  return (
    campaign?.retryPolicy?.delaysMs ??
    (deps.settings.retryDelaysMs.length > 0 ? deps.settings.retryDelaysMs : DEFAULT_RETRY_DELAYS_MS)
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
