import { captionFor } from '../domain/planned-time.js';
import { PublishError } from '../ports/publisher.js';
import { type CoreDeps, DEFAULT_RETRY_DELAYS_MS } from './deps.js';
import { notifySafely } from './notify.js';
import type { AttemptContext, PublishRun } from './publish-run.js';
import { succeed } from './succeed.js';
import { SYSTEM_ACTOR, transitionJob } from './transition-job.js';

type Deps = Omit<CoreDeps, 'workspaces' | 'influencers'>;

const DEFAULT_RATE_LIMIT_DELAY_MS = 60_000;

/**
 * Decides what a failed attempt means (docs/product.md#retries): a rate limit delays the job without spending
 * a retry; a transient error retries after the policy's next delay until the budget is spent,
 * then needs a human; a permanent error stops at once. An outcome the platform left unclear
 * (`outcome_unknown`) is looked up first — never retried blind.
 */
export async function settleFailure(
  deps: Deps,
  ctx: AttemptContext,
  attemptId: string,
  error: unknown,
): Promise<PublishRun> {
  const failure =
    error instanceof PublishError ? error : new PublishError('transient', 'unexpected', describe(error));
  if (failure.code === 'outcome_unknown') {
    const resolved = await resolveUnknown(deps, ctx, attemptId, failure);
    if (resolved) return resolved;
  }
  const { job } = ctx;
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
      ctx,
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
  const delays = await retryDelays(deps, ctx);
  const failureCount = job.failureCount + 1;
  if (failureCount <= delays.length) {
    const at = new Date(
      now.getTime() + Math.max(failure.opts.retryAfterMs ?? 0, delays[failureCount - 1] ?? 0),
    );
    return moveAndQueue(
      deps,
      ctx,
      'retry_wait',
      { lease: null, lastError, failureCount, nextAttemptAt: at },
      'retry_scheduled',
    );
  }
  return giveUp(deps, ctx, {
    lastError,
    failureCount,
    reason: `Gave up after ${delays.length} retries: ${failure.message}`,
    retries: delays.length,
  });
}

/** Asks the platform whether the post landed: found → published; absent → an ordinary transient failure; unknown → a human. */
async function resolveUnknown(
  deps: Deps,
  ctx: AttemptContext,
  attemptId: string,
  failure: PublishError,
): Promise<PublishRun | null> {
  const attempts = await deps.attempts.listByJob(ctx.job.workspaceId, ctx.job.id);
  const context = {
    token: ctx.token,
    caption: captionFor(ctx.post, ctx.job.accountId),
    notBefore: attempts[0]?.startedAt,
  };
  try {
    const found = await ctx.publisher.lookup(ctx.job.idempotencyKey, ctx.account, context);
    return found ? succeed(deps, ctx.job, attemptId, found) : null;
  } catch {
    await deps.attempts.complete(attemptId, {
      result: 'unknown',
      finishedAt: deps.clock.now(),
      errorCode: failure.code,
      errorDetails: failure.message,
    });
    const message = `The platform did not say whether the post was published (${failure.message}), and a lookup could not tell. Check the account, then retry or cancel.`;
    return giveUp(deps, ctx, {
      lastError: { code: 'outcome_unknown', message },
      failureCount: ctx.job.failureCount,
      reason: message,
      retries: 0,
    });
  }
}

async function giveUp(
  deps: Deps,
  ctx: AttemptContext,
  o: { lastError: { code: string; message: string }; failureCount: number; reason: string; retries: number },
): Promise<PublishRun> {
  const { job } = ctx;
  const moved = await transitionJob(deps, {
    job,
    to: 'needs_attention',
    actor: SYSTEM_ACTOR,
    patch: { lease: null, lastError: o.lastError, failureCount: o.failureCount },
    decision: {
      reason: o.lastError.code === 'outcome_unknown' ? 'outcome_unknown' : 'retries_exhausted',
      retries: o.retries,
    },
  });
  if (moved)
    await notifySafely(deps, job.workspaceId, { type: 'needs_attention', job: moved, reason: o.reason });
  return { outcome: 'needs_attention', job: moved ?? job };
}

async function moveAndQueue(
  deps: Deps,
  ctx: AttemptContext,
  to: 'scheduled' | 'retry_wait',
  patch: NonNullable<Parameters<typeof transitionJob>[1]['patch']> & { nextAttemptAt: Date },
  outcome: PublishRun['outcome'],
): Promise<PublishRun> {
  const moved = await transitionJob(deps, { job: ctx.job, to, actor: SYSTEM_ACTOR, patch });
  if (moved) await deps.queue.enqueue(moved.id, patch.nextAttemptAt);
  return { outcome, job: moved ?? ctx.job };
}

async function retryDelays(
  deps: Pick<CoreDeps, 'campaigns' | 'settings'>,
  ctx: AttemptContext,
): Promise<number[]> {
  const campaign = ctx.post.campaignId
    ? await deps.campaigns.get(ctx.job.workspaceId, ctx.post.campaignId)
    : null;
  return (
    campaign?.retryPolicy?.delaysMs ??
    (deps.settings.retryDelaysMs.length > 0 ? deps.settings.retryDelaysMs : DEFAULT_RETRY_DELAYS_MS)
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
