import type { Account, PublishJob } from '../domain/types.js';
import type { Publisher, PublishResult } from '../ports/publisher.js';
import type { CoreDeps } from './deps.js';
import { notifySafely } from './notify.js';
import type { PublishRun } from './publish-run.js';
import { settleFailure } from './settle-failure.js';
import { SYSTEM_ACTOR, transitionJob } from './transition-job.js';

type Deps = Pick<
  CoreDeps,
  | 'jobs'
  | 'posts'
  | 'accounts'
  | 'campaigns'
  | 'attempts'
  | 'audit'
  | 'ids'
  | 'clock'
  | 'queue'
  | 'notifier'
  | 'publisherFor'
  | 'settings'
>;

/**
 * The worker's handler for one due job. It never trusts the wake-up: it re-reads the job,
 * checks it is still pending and due, and claims it with a CAS before anything reaches a
 * platform — so a cancelled, rescheduled or already-claimed job is left alone.
 */
export async function runPublishJob(
  deps: Deps,
  input: { jobId: string; workerId: string },
): Promise<PublishRun> {
  const job = await deps.jobs.getForWorker(input.jobId);
  if (!job) return { outcome: 'skipped', reason: 'missing' };
  const now = deps.clock.now();
  if (job.nextAttemptAt.getTime() > now.getTime()) return { outcome: 'skipped', reason: 'not_due', job };
  if (job.status === 'awaiting_approval') return expireApproval(deps, job);
  if (job.status !== 'scheduled' && job.status !== 'retry_wait')
    return { outcome: 'skipped', reason: 'not_pending', job };
  const account = await deps.accounts.get(job.workspaceId, job.accountId);
  const publisher = deps.publisherFor(job.platform);
  const problem = !account ? 'account_missing' : !publisher ? 'platform_unavailable' : undefined;
  if (problem || !account || !publisher) return preflightFailed(deps, job, problem ?? 'preflight');
  const claimed = await transitionJob(deps, {
    job,
    to: 'publishing',
    actor: SYSTEM_ACTOR,
    patch: { lease: lease(deps, input.workerId), attemptCount: job.attemptCount + 1 },
    decision: { workerId: input.workerId },
  });
  if (!claimed) return { outcome: 'skipped', reason: 'lost_race', job };
  return attempt(deps, claimed, account, publisher, input.workerId);
}

async function attempt(
  deps: Deps,
  claimed: PublishJob,
  account: Account,
  publisher: Publisher,
  workerId: string,
): Promise<PublishRun> {
  const attemptId = deps.ids.next('att');
  const startedAt = deps.clock.now();
  await deps.attempts.insert({
    id: attemptId,
    workspaceId: claimed.workspaceId,
    jobId: claimed.id,
    postId: claimed.postId,
    attemptNumber: claimed.attemptCount,
    workerId,
    startedAt,
    result: 'pending',
  });
  const renewal = renewLease(deps, claimed, workerId);
  let result: PublishResult | undefined;
  let failure: unknown;
  try {
    const post = await deps.posts.get(claimed.workspaceId, claimed.postId);
    result = await publisher.publish({
      idempotencyKey: claimed.idempotencyKey,
      account,
      caption: post?.caption ?? '',
      media: post?.media ?? [],
    });
  } catch (error) {
    failure = error;
  }
  const current = await renewal.stop();
  if (result) return succeed(deps, current, attemptId, result);
  return settleFailure(deps, current, attemptId, failure);
}

async function succeed(
  deps: Deps,
  job: PublishJob,
  attemptId: string,
  result: PublishResult,
): Promise<PublishRun> {
  const now = deps.clock.now();
  await deps.attempts.complete(attemptId, {
    result: 'success',
    finishedAt: now,
    platformPostId: result.platformPostId,
    platformUrl: result.url,
    platformRequestId: result.requestId,
  });
  const published = await transitionJob(deps, {
    job,
    to: 'published',
    actor: SYSTEM_ACTOR,
    patch: {
      lease: null,
      lastError: null,
      publishedAt: now,
      platformPostId: result.platformPostId,
      platformUrl: result.url ?? null,
    },
  });
  if (published) await notifySafely(deps, published.workspaceId, { type: 'published', job: published });
  return { outcome: 'published', job: published ?? job };
}

async function preflightFailed(deps: Deps, job: PublishJob, code: string): Promise<PublishRun> {
  const message =
    code === 'account_missing' ? 'The account no longer exists.' : `No publisher for ${job.platform}.`;
  const moved = await transitionJob(deps, {
    job,
    to: 'needs_attention',
    actor: SYSTEM_ACTOR,
    patch: { lastError: { code, message } },
  });
  if (moved)
    await notifySafely(deps, job.workspaceId, { type: 'needs_attention', job: moved, reason: message });
  return moved
    ? { outcome: 'needs_attention', job: moved }
    : { outcome: 'skipped', reason: 'lost_race', job };
}

async function expireApproval(deps: Deps, job: PublishJob): Promise<PublishRun> {
  const message = 'Nobody approved this post before its time.';
  const moved = await transitionJob(deps, {
    job,
    to: 'needs_attention',
    actor: SYSTEM_ACTOR,
    patch: { lastError: { code: 'approval_missing', message } },
  });
  if (moved)
    await notifySafely(deps, job.workspaceId, { type: 'needs_attention', job: moved, reason: message });
  return moved
    ? { outcome: 'needs_attention', job: moved }
    : { outcome: 'skipped', reason: 'lost_race', job };
}

function lease(deps: Pick<CoreDeps, 'clock' | 'settings'>, owner: string) {
  return { owner, until: new Date(deps.clock.now().getTime() + deps.settings.leaseMs) };
}

/**
 * Extends the lease every third of its length while the platform call runs, so a slow publish
 * is never mistaken for a dead worker. `stop()` waits for any renewal in flight and returns the
 * job as last stored, whose version the final CAS must use.
 */
function renewLease(deps: Deps, claimed: PublishJob, owner: string) {
  let current = claimed;
  let inFlight: Promise<void> = Promise.resolve();
  const timer = setInterval(
    () => {
      inFlight = inFlight.then(async () => {
        const renewed = await deps.jobs.patch(
          current.id,
          { status: ['publishing'], expectedVersion: current.version },
          { lease: lease(deps, owner) },
        );
        if (renewed) current = renewed;
      });
    },
    Math.max(1000, Math.floor(deps.settings.leaseMs / 3)),
  );
  return {
    stop: async () => {
      clearInterval(timer);
      await inFlight.catch(() => {});
      return current;
    },
  };
}
