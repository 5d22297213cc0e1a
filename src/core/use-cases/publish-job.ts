import { captionFor } from '../domain/planned-time.js';
import type { PublishJob } from '../domain/types.js';
import type { PublishResult } from '../ports/publisher.js';
import { settleFailed, settlePublished } from './autopilot.js';
import type { CoreDeps } from './deps.js';
import { notifySafely } from './notify.js';
import { preflight } from './preflight.js';
import type { AttemptContext, PublishRun } from './publish-run.js';
import { settleFailure } from './settle-failure.js';
import { succeed } from './succeed.js';
import { SYSTEM_ACTOR, transitionJob } from './transition-job.js';

type Deps = Omit<CoreDeps, 'workspaces' | 'influencers'>;

/**
 * The worker's handler for one due job. It never trusts the wake-up: it re-reads the job,
 * checks it is still pending and due, runs preflight (no attempt is recorded when that fails),
 * and claims it with a CAS before anything reaches a platform — so a cancelled, rescheduled or
 * already-claimed job is left alone.
 */
export async function runPublishJob(
  deps: Deps,
  input: { jobId: string; workerId: string },
): Promise<PublishRun> {
  const job = await deps.jobs.getForWorker(input.jobId);
  if (!job) return { outcome: 'skipped', reason: 'missing' };
  if (job.nextAttemptAt.getTime() > deps.clock.now().getTime())
    return { outcome: 'skipped', reason: 'not_due', job };
  if (job.status === 'awaiting_approval')
    return needsAttention(deps, job, 'approval_missing', 'Nobody approved this post before its time.');
  if (job.status !== 'scheduled' && job.status !== 'retry_wait')
    return { outcome: 'skipped', reason: 'not_pending', job };
  const [account, post] = await Promise.all([
    deps.accounts.get(job.workspaceId, job.accountId),
    deps.posts.get(job.workspaceId, job.postId),
  ]);
  const publisher = deps.publisherFor(job.platform);
  if (!account || !post)
    return needsAttention(deps, job, 'account_missing', 'The account or the post no longer exists.');
  if (!publisher)
    return needsAttention(
      deps,
      job,
      'platform_unavailable',
      `No ${job.platform} publisher is configured on this worker.`,
    );
  const campaign = post.campaignId ? await deps.campaigns.get(job.workspaceId, post.campaignId) : null;
  const check = await preflight(deps, { job, account, post, campaign, publisher });
  if (check.ok === false) return needsAttention(deps, job, check.code, check.message);
  if (check.ok === 'later') return delay(deps, job, check.until, check.code, check.message);
  const claimed = await transitionJob(deps, {
    job,
    to: 'publishing',
    actor: SYSTEM_ACTOR,
    patch: { lease: lease(deps, input.workerId), attemptCount: job.attemptCount + 1 },
    decision: { workerId: input.workerId, policyMode: campaign?.mode },
  });
  if (!claimed) return { outcome: 'skipped', reason: 'lost_race', job };
  return attempt(deps, {
    job: claimed,
    account,
    post,
    publisher,
    token: check.token,
    workerId: input.workerId,
  });
}

async function attempt(deps: Deps, ctx: AttemptContext): Promise<PublishRun> {
  const attemptId = deps.ids.next('att');
  await deps.attempts.insert({
    id: attemptId,
    workspaceId: ctx.job.workspaceId,
    jobId: ctx.job.id,
    postId: ctx.job.postId,
    attemptNumber: ctx.job.attemptCount,
    workerId: ctx.workerId,
    startedAt: deps.clock.now(),
    result: 'pending',
  });
  const renewal = renewLease(deps, ctx.job, ctx.workerId);
  let result: PublishResult | undefined;
  let failure: unknown;
  try {
    const request = {
      idempotencyKey: ctx.job.idempotencyKey,
      account: ctx.account,
      caption: captionFor(ctx.post, ctx.job.accountId),
      media: ctx.post.media,
      cover: ctx.post.cover,
      token: ctx.token,
    };
    result = await ctx.publisher.publish(request);
  } catch (error) {
    failure = error;
  }
  const current = await renewal.stop();
  const run = result
    ? await succeed(deps, current, attemptId, result)
    : await settleFailure(deps, { ...ctx, job: current }, attemptId, failure);
  // An autopilot pick: its library asset follows the publish (posted, or failed for good).
  if (ctx.post.assetId && run.outcome === 'published') await settlePublished(deps, ctx.post);
  if (ctx.post.assetId && run.outcome === 'failed') await settleFailed(deps, ctx.post);
  return run;
}

async function needsAttention(
  deps: Deps,
  job: PublishJob,
  code: string,
  message: string,
): Promise<PublishRun> {
  const moved = await transitionJob(deps, {
    job,
    to: 'needs_attention',
    actor: SYSTEM_ACTOR,
    patch: { lastError: { code, message } },
    decision: { reason: code },
  });
  if (moved)
    await notifySafely(deps, job.workspaceId, { type: 'needs_attention', job: moved, reason: message });
  return moved
    ? { outcome: 'needs_attention', job: moved }
    : { outcome: 'skipped', reason: 'lost_race', job };
}

/** A rate limit: the job stays scheduled for later; no attempt, no failure counted. */
async function delay(
  deps: Deps,
  job: PublishJob,
  until: Date,
  code: string,
  message: string,
): Promise<PublishRun> {
  const moved = await deps.jobs.patch(
    job.id,
    { status: [job.status], expectedVersion: job.version },
    { nextAttemptAt: until, lastError: { code, message } },
  );
  if (moved) await deps.queue.enqueue(moved.id, until);
  return moved ? { outcome: 'rate_limited', job: moved } : { outcome: 'skipped', reason: 'lost_race', job };
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
        const guard = { status: ['publishing'] as const, expectedVersion: current.version };
        const renewed = await deps.jobs.patch(current.id, guard, { lease: lease(deps, owner) });
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
