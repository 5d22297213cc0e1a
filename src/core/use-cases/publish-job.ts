import { captionFor } from '../domain/planned-time.js';
import type { PublishJob } from '../domain/types.js';
import type { PublishResult } from '../ports/publisher.js';
import { settleFailed, settlePublished } from './autopilot.js';
import { claimJobs, lease, needsAttention } from './claim-jobs.js';
import type { CoreDeps } from './deps.js';
import { preflight } from './preflight.js';
import type { AttemptContext, PublishRun } from './publish-run.js';
import { settleFailure } from './settle-failure.js';
import { succeed } from './succeed.js';
import { SYSTEM_ACTOR, transitionJob } from './transition-job.js';

type Deps = Omit<CoreDeps, 'workspaces' | 'influencers'>;

/**
 * Publishes one job by id now, if it is due and pending: the claim and the run a worker does,
 * for one job. It never trusts the caller: it re-reads the job and claims it with a
 * compare-and-set before anything reaches a platform.
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
  const [claimed] = await claimJobs(deps, [job], input.workerId);
  if (!claimed) return { outcome: 'skipped', reason: 'lost_race', job };
  return runClaimedJob(deps, { ...claimed, workerId: input.workerId });
}

/**
 * Runs a job this worker claimed: preflight (no attempt is recorded when it fails; the job goes
 * to needs_attention, or back to waiting when a limit only delays it), then the attempt. The
 * lease is renewed from the claim to the last write, so a slow preflight or publish is never
 * mistaken for a dead worker.
 */
export async function runClaimedJob(
  deps: Deps,
  input: { job: PublishJob; before: PublishJob; workerId: string },
): Promise<PublishRun> {
  const renewal = renewLease(deps, input.job, input.workerId);
  let stopped: Promise<PublishJob> | undefined;
  const current = () => {
    stopped ??= renewal.stop();
    return stopped;
  };
  try {
    const ready = await prepare(deps, input);
    if ('outcome' in ready) {
      const claimed = { job: await current(), before: input.before };
      return ready.outcome === 'later'
        ? delay(deps, claimed, ready.until, ready.code, ready.message)
        : release(deps, claimed, ready.code, ready.message);
    }
    return await attempt(deps, ready, current);
  } finally {
    await current();
  }
}

type NotReady =
  | { outcome: 'later'; until: Date; code: string; message: string }
  | {
      outcome: 'refused';
      code: string;
      message: string;
    };

/** The reads and the preflight of a claimed job: what its attempt needs, or why there is none. */
async function prepare(
  deps: Deps,
  input: { job: PublishJob; workerId: string },
): Promise<AttemptContext | NotReady> {
  const { job } = input;
  const [account, post] = await Promise.all([
    deps.accounts.get(job.workspaceId, job.accountId),
    deps.posts.get(job.workspaceId, job.postId),
  ]);
  const publisher = deps.publisherFor(job.platform);
  if (!account || !post)
    return {
      outcome: 'refused',
      code: 'account_missing',
      message: 'The account or the post no longer exists.',
    };
  if (!publisher)
    return {
      outcome: 'refused',
      code: 'platform_unavailable',
      message: `No ${job.platform} publisher is configured on this worker.`,
    };
  const campaign = post.campaignId ? await deps.campaigns.get(job.workspaceId, post.campaignId) : null;
  const check = await preflight(deps, { job, account, post, campaign, publisher });
  if (check.ok === false) return { outcome: 'refused', code: check.code, message: check.message };
  if (check.ok === 'later') return { ...check, outcome: 'later' };
  return { job, account, post, publisher, token: check.token, workerId: input.workerId };
}

async function attempt(
  deps: Deps,
  ctx: AttemptContext,
  current: () => Promise<PublishJob>,
): Promise<PublishRun> {
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
  const job = await current();
  const run = result
    ? await succeed(deps, job, attemptId, result)
    : await settleFailure(deps, { ...ctx, job }, attemptId, failure);
  // An autopilot pick: its library asset follows the publish (posted, or failed for good).
  if (ctx.post.assetId && run.outcome === 'published') await settlePublished(deps, ctx.post);
  if (ctx.post.assetId && run.outcome === 'failed') await settleFailed(deps, ctx.post);
  return run;
}

/** A claimed job that may not be attempted: to needs_attention, its lease and attempt count given back. */
function release(
  deps: Deps,
  claimed: { job: PublishJob; before: PublishJob },
  code: string,
  message: string,
): Promise<PublishRun> {
  const patch = { lease: null, attemptCount: claimed.before.attemptCount };
  return needsAttention(deps, claimed.job, code, message, patch);
}

/** A rate limit: the job waits again until `until`; no attempt, no failure counted. */
async function delay(
  deps: Deps,
  claimed: { job: PublishJob; before: PublishJob },
  until: Date,
  code: string,
  message: string,
): Promise<PublishRun> {
  const { job, before } = claimed;
  const moved = await transitionJob(deps, {
    job,
    to: before.status,
    actor: SYSTEM_ACTOR,
    patch: {
      lease: null,
      attemptCount: before.attemptCount,
      nextAttemptAt: until,
      lastError: { code, message },
    },
    decision: { reason: code },
  });
  if (moved) await deps.queue.enqueue(moved.id, until);
  return moved ? { outcome: 'rate_limited', job: moved } : { outcome: 'skipped', reason: 'lost_race', job };
}

/**
 * Extends the lease every third of its length while the worker holds the job. `stop()` waits for any renewal in flight and returns the
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
