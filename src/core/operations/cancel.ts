import { PENDING_STATUSES } from '../domain/job-status.js';
import type { Post } from '../domain/types.js';
import { releaseIfStopped } from '../use-cases/autopilot.js';
import { type CancelResult, cancelPost } from '../use-cases/cancel-post.js';
import type { CoreDeps } from '../use-cases/deps.js';
import { resolveAccounts } from './accounts.js';
import type { OperationContext } from './context.js';
import { leftAlone } from './describe.js';
import { count, type Outcome } from './reply.js';
import { skip } from './skip.js';

export interface CancelRequest {
  postId: string;
  /** One occurrence of a series (a job id, its local date, or date and time): it is skipped. */
  occurrence?: string | undefined;
  /** Only these jobs (an alert card is about one job). */
  jobIds?: string[] | undefined;
}

/**
 * Cancels a post — a whole series is stopped for good — or one occurrence of a series (which is
 * the same as skipping it), or the jobs a card is about.
 */
export async function cancel(
  deps: CoreDeps,
  ctx: OperationContext,
  req: CancelRequest,
): Promise<Outcome<CancelResult>> {
  if (req.occurrence) {
    const skipped = await skip(deps, ctx, { postId: req.postId, occurrence: req.occurrence });
    const { post, cancelled } = skipped.result;
    return { result: { post, cancelled, untouched: [] }, reply: skipped.reply };
  }
  const result = await cancelPost(deps, {
    workspaceId: ctx.workspace.id,
    postId: req.postId,
    actor: ctx.actor,
    ...(req.jobIds ? { jobIds: req.jobIds } : {}),
    madeOn: ctx.card,
  });
  await releaseIfStopped(deps, result.post);
  const stopped = result.post.recurrence && result.post.status === 'cancelled';
  return {
    result,
    reply: {
      title: `Cancelled ${count(result.cancelled.length, 'job')} of ${req.postId}`,
      lines: [
        ...(stopped ? ['The series is stopped: no further occurrence will be added.'] : []),
        ...leftAlone({ moved: result.cancelled, untouched: result.untouched }),
      ],
      public: true,
      postIds: [req.postId],
    },
  };
}

export interface CancelAllResult {
  /** The posts with something still to publish on the account. */
  posts: string[];
  /** Jobs cancelled; 0 until confirmed. */
  cancelled: number;
  confirmed: boolean;
}

/**
 * Cancels everything still to publish on one account, after a confirmation step: without
 * `confirm` it only says what would be cancelled and how to confirm. A post that also goes to
 * other accounts keeps those; a post for this account alone is cancelled whole.
 */
export async function cancelAll(
  deps: CoreDeps,
  ctx: OperationContext,
  req: { account: string; confirm?: boolean | undefined },
): Promise<Outcome<CancelAllResult>> {
  const [account] = await resolveAccounts(deps, ctx.workspace.id, req.account);
  const ws = ctx.workspace.id;
  const jobs = (await deps.jobs.listByAccountInWindow(ws, account!.id, new Date(0), farFuture(deps))).filter(
    (j) => PENDING_STATUSES.includes(j.status),
  );
  const postIds = [...new Set(jobs.map((j) => j.postId))];
  const handle = `@${account!.handle} (${account!.platform})`;
  if (!req.confirm)
    return {
      result: { posts: postIds, cancelled: 0, confirmed: false },
      reply: {
        title: `This cancels ${count(postIds.length, 'post')} (${count(jobs.length, 'job')}) on ${handle}. Nothing is cancelled yet.`,
        lines: [`To go ahead: cancel --all ${req.account} --confirm`, ...postIds.slice(0, 10)],
        public: false,
        postIds,
      },
    };
  let cancelled = 0;
  for (const postId of postIds) {
    const post = await deps.posts.get(ws, postId);
    if (!post) continue;
    const own = jobs.filter((j) => j.postId === postId).map((j) => j.id);
    const result = await cancelPost(deps, {
      workspaceId: ws,
      postId,
      actor: ctx.actor,
      ...only(post, account!.id, own),
    }).catch(() => null);
    cancelled += result?.cancelled.length ?? 0;
  }
  return {
    result: { posts: postIds, cancelled, confirmed: true },
    reply: {
      title: `Cancelled ${count(cancelled, 'job')} of ${count(postIds.length, 'post')} on ${handle}`,
      lines: [],
      public: true,
      postIds,
    },
  };
}

/** A post for this account alone is cancelled whole; one shared with other accounts loses only this account's jobs. */
function only(post: Post, accountId: string, jobIds: string[]): { jobIds?: string[] } {
  return post.accountIds.every((id) => id === accountId) ? {} : { jobIds };
}

function farFuture(deps: Pick<CoreDeps, 'clock'>): Date {
  return new Date(deps.clock.now().getTime() + 10 * 366 * 86_400_000);
}
