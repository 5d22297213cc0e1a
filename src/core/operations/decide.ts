import { approvePost, guardApprover, rejectPost } from '../use-cases/approve-post.js';
import { releaseIfStopped } from '../use-cases/autopilot.js';
import type { CoreDeps } from '../use-cases/deps.js';
import { postOrNotFound } from '../use-cases/jobs-of-post.js';
import type { MoveResult } from '../use-cases/move-jobs.js';
import { publishNow, retryNow } from '../use-cases/publish-now.js';
import type { OperationContext } from './context.js';
import { leftAlone } from './describe.js';
import { count, type Outcome } from './reply.js';

export interface DecisionRequest {
  postId: string;
  /** Only these jobs of the post (an alert card is about one job); all when absent. */
  jobIds?: string[] | undefined;
}

type Control = (deps: CoreDeps, input: Parameters<typeof approvePost>[1]) => Promise<MoveResult>;

/** One post control for one person, with the words every surface shows for it. */
function control(verb: string, run: Control) {
  return async (
    deps: CoreDeps,
    ctx: OperationContext,
    req: DecisionRequest,
  ): Promise<Outcome<MoveResult>> => {
    const result = await run(deps, {
      workspaceId: ctx.workspace.id,
      postId: req.postId,
      actor: ctx.actor,
      actorRoles: ctx.actorRoles ?? [],
      ...(req.jobIds ? { jobIds: req.jobIds } : {}),
      madeOn: ctx.card,
    });
    return {
      result,
      reply: {
        title: `${verb} ${req.postId}: ${count(result.moved.length, 'job')} → ${result.moved[0]?.status ?? 'unchanged'}`,
        lines: leftAlone(result),
        public: true,
        postIds: [req.postId],
      },
    };
  };
}

/** Approve: jobs awaiting approval are scheduled, with the approval on record (approvers only). */
export const approve = control('approve', approvePost);
/** Publish now: the next occurrence's waiting jobs (or a suggestion) become due now. */
export const publishNowOp = control('now', publishNow);
/** Retry now: jobs needing attention, failed or waiting for a retry are due again now. */
export const retry = control('retry', retryNow);

/** Reject with an optional reason (kept on the jobs and in the audit row); the post is stopped. */
export async function reject(
  deps: CoreDeps,
  ctx: OperationContext,
  req: DecisionRequest & { reason?: string | undefined },
): Promise<Outcome<MoveResult>> {
  const reason = req.reason?.trim();
  const outcome = await control('reject', (d, input) =>
    rejectPost(d, { ...input, ...(reason ? { reason } : {}) }),
  )(deps, ctx, req);
  await releaseIfStopped(deps, outcome.result.post);
  return outcome;
}

/** Refuses anyone but an allowed approver before a form asks them for a reason they could never submit. */
export async function assertMayDecide(deps: CoreDeps, ctx: OperationContext, postId: string): Promise<void> {
  const post = await postOrNotFound(deps, ctx.workspace.id, postId);
  await guardApprover(deps, post, {
    workspaceId: ctx.workspace.id,
    postId,
    actor: ctx.actor,
    actorRoles: ctx.actorRoles ?? [],
  });
}
