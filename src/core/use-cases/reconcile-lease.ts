import { openGrant } from '../domain/connection.js';
import { captionFor } from '../domain/planned-time.js';
import type { PublishAttempt, PublishJob } from '../domain/types.js';
import type { PublishResult } from '../ports/publisher.js';
import type { CoreDeps } from './deps.js';
import { notifySafely } from './notify.js';
import { SYSTEM_ACTOR, transitionJob } from './transition-job.js';

export type ReconcileOutcome = 'published' | 'requeued' | 'needs_attention' | 'skipped';

/**
 * A job stayed `publishing` past its lease: its worker died mid-publish. Ask the platform
 * whether the post exists (by idempotency key). Found → published. Certainly absent → due
 * again now. The platform cannot tell → needs_attention "outcome unknown". Never a blind re-publish.
 */
export async function reconcileExpiredLease(
  deps: Pick<
    CoreDeps,
    | 'jobs'
    | 'accounts'
    | 'posts'
    | 'attempts'
    | 'vault'
    | 'audit'
    | 'ids'
    | 'clock'
    | 'queue'
    | 'notifier'
    | 'publisherFor'
  >,
  job: PublishJob,
): Promise<ReconcileOutcome> {
  const account = await deps.accounts.get(job.workspaceId, job.accountId);
  const publisher = deps.publisherFor(job.platform);
  const context = await lookupContext(deps, job);
  if (!context.attempts.some((a) => a.attemptNumber === job.attemptCount))
    return requeue(deps, job, { attemptCount: Math.max(0, job.attemptCount - 1) }, 'not_attempted');
  let found: Awaited<ReturnType<NonNullable<typeof publisher>['lookup']>> | undefined;
  let unknown = !account || !publisher;
  if (account && publisher) {
    try {
      found = await publisher.lookup(job.idempotencyKey, account, context);
    } catch {
      unknown = true;
    }
  }
  const now = deps.clock.now();
  await closeAttempts(deps, context.attempts, now, found ?? (unknown ? 'unknown' : 'absent'));
  const decision = { reason: 'lease_expired', previousOwner: job.lease?.owner };
  if (found) {
    const patch = {
      lease: null,
      publishedAt: now,
      platformPostId: found.platformPostId,
      platformUrl: found.url ?? null,
    };
    const moved = await transitionJob(deps, {
      job,
      to: 'published',
      actor: SYSTEM_ACTOR,
      patch,
      decision: { ...decision, lookup: 'found' },
    });
    return moved ? 'published' : 'skipped';
  }
  if (unknown) {
    const lastError = {
      code: 'outcome_unknown',
      message:
        'The worker stopped mid-publish and the platform cannot say whether the post exists. Check the account, then retry or cancel.',
    };
    const moved = await transitionJob(deps, {
      job,
      to: 'needs_attention',
      actor: SYSTEM_ACTOR,
      patch: { lease: null, lastError },
      decision,
    });
    if (moved)
      await notifySafely(deps, job.workspaceId, {
        type: 'needs_attention',
        job: moved,
        reason: lastError.message,
      });
    return moved ? 'needs_attention' : 'skipped';
  }
  return requeue(deps, job, {}, 'absent');
}

/** Due again now: the platform has no such post, or the claim never reached an attempt. */
async function requeue(
  deps: Pick<CoreDeps, 'jobs' | 'audit' | 'ids' | 'clock' | 'queue'>,
  job: PublishJob,
  patch: { attemptCount?: number },
  lookup: 'absent' | 'not_attempted',
): Promise<ReconcileOutcome> {
  const now = deps.clock.now();
  const moved = await transitionJob(deps, {
    job,
    to: 'scheduled',
    actor: SYSTEM_ACTOR,
    patch: { ...patch, lease: null, nextAttemptAt: now },
    decision: { reason: 'lease_expired', previousOwner: job.lease?.owner, lookup },
  });
  if (moved) await deps.queue.enqueue(moved.id, now);
  return moved ? 'requeued' : 'skipped';
}

/** What a platform without idempotency keys needs to recognise our post: token, caption, first attempt time. */
async function lookupContext(deps: Pick<CoreDeps, 'posts' | 'attempts' | 'vault'>, job: PublishJob) {
  const [post, attempts] = await Promise.all([
    deps.posts.get(job.workspaceId, job.postId),
    deps.attempts.listByJob(job.workspaceId, job.id),
  ]);
  const secret =
    job.platform === 'dryrun' ? undefined : await deps.vault?.reveal(job.workspaceId, job.accountId);
  return {
    token: secret ? openGrant(secret).accessToken : undefined,
    caption: post ? captionFor(post, job.accountId) : undefined,
    notBefore: attempts[0]?.startedAt,
    attempts,
  };
}

/**
 * The attempt the dead worker left `pending` ends with what the lookup found: a success with the
 * platform's post, `unknown` when nobody can tell, or a transient error when the platform has
 * no such post (the job is then due again, as a new attempt).
 */
async function closeAttempts(
  deps: Pick<CoreDeps, 'attempts'>,
  attempts: PublishAttempt[],
  at: Date,
  outcome: PublishResult | 'unknown' | 'absent',
): Promise<void> {
  for (const attempt of attempts.filter((a) => a.result === 'pending')) {
    const result =
      outcome === 'unknown'
        ? { result: 'unknown' as const, errorCode: 'outcome_unknown' }
        : outcome === 'absent'
          ? { result: 'transient_error' as const, errorCode: 'worker_stopped' }
          : {
              result: 'success' as const,
              platformPostId: outcome.platformPostId,
              platformUrl: outcome.url,
            };
    await deps.attempts.complete(attempt.id, {
      finishedAt: at,
      errorDetails:
        outcome === 'absent' || outcome === 'unknown' ? 'The worker stopped mid-publish.' : undefined,
      ...result,
    });
  }
}
