import type { Badge } from '../cards/card.js';
import { readinessBadges } from '../cards/readiness.js';
import { isJobStatus, JOB_STATUSES, type JobStatus } from '../domain/job-status.js';
import { PLATFORMS, type Platform, type PostStatus } from '../domain/types.js';
import { HeraldError } from '../errors.js';
import { formatLocal, formatRelative } from '../language/index.js';
import type { CoreDeps } from '../use-cases/deps.js';
import { listPosts, type PostView } from '../use-cases/list-posts.js';
import { resolveAccounts } from './accounts.js';
import type { OperationContext } from './context.js';
import { postLine } from './describe.js';
import { count, type Outcome } from './reply.js';

/** The filters a person can put on a list of posts, on every surface. */
export interface ListRequest {
  /** An account as typed (`@mia`, `instagram:@mia`) or its id. */
  account?: string | undefined;
  platform?: string | undefined;
  /** A job status (`scheduled`, `needs_attention` …): posts with a job in it; or `active` / `cancelled`. */
  status?: string | undefined;
  campaignId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
  order?: 'asc' | 'desc' | undefined;
}

/** How many posts a status filter looks at: enough for any chat page; the API pages by cursor past it. */
const STATUS_SCAN = 5000;

export async function listPostsOp(
  deps: CoreDeps,
  ctx: OperationContext,
  req: ListRequest,
): Promise<{ items: (PostView & { badges: Badge[] })[]; nextCursor?: string }> {
  const ws = ctx.workspace.id;
  const postStatus =
    req.status === 'active' || req.status === 'cancelled' ? (req.status as PostStatus) : undefined;
  const jobStatus = req.status !== undefined && !postStatus ? jobStatusOf(req.status) : undefined;
  const [accounts, platformAccounts, ids] = await Promise.all([
    req.account ? resolveAccounts(deps, ws, req.account) : Promise.resolve(undefined),
    req.platform ? platformAccountIds(deps, ws, req.platform) : Promise.resolve(undefined),
    jobStatus ? deps.jobs.postIdsWithStatus(ws, [jobStatus], STATUS_SCAN) : Promise.resolve(undefined),
  ]);
  const accountIds = accounts
    ? accounts.map((a) => a.id).filter((id) => !platformAccounts || platformAccounts.includes(id))
    : platformAccounts;
  const page = await listPosts(deps, {
    workspaceId: ws,
    limit: req.limit ?? 50,
    ...(postStatus ? { status: postStatus } : {}),
    ...(accountIds ? { accountIds } : {}),
    ...(ids ? { ids } : {}),
    ...(req.campaignId ? { campaignId: req.campaignId } : {}),
    ...(req.from ? { from: req.from } : {}),
    ...(req.to ? { to: req.to } : {}),
    ...(req.cursor ? { cursor: req.cursor } : {}),
    ...(req.order ? { order: req.order } : {}),
  });
  const now = deps.clock.now();
  // The same readiness badges the cards carry, from the same function.
  return { ...page, items: page.items.map((view) => ({ ...view, badges: readinessBadges(view, now) })) };
}

/**
 * What a person reads for `list`: upcoming posts soonest first with how far away they are, then
 * the most recent earlier ones, filtered as asked, a page at a time.
 */
export async function list(
  deps: CoreDeps,
  ctx: OperationContext,
  req: ListRequest & { page?: number | undefined },
): Promise<Outcome<{ items: PostView[]; earlier: PostView[] }>> {
  const now = deps.clock.now();
  const size = 20;
  const page = Math.max(1, req.page ?? 1);
  let cursor: string | undefined;
  let upcoming = await listPostsOp(deps, ctx, { ...req, from: req.from ?? now, limit: size });
  for (let p = 1; p < page && upcoming.nextCursor; p += 1) {
    cursor = upcoming.nextCursor;
    upcoming = await listPostsOp(deps, ctx, { ...req, from: req.from ?? now, limit: size, cursor });
  }
  const earlier =
    page === 1 && !req.from
      ? (await listPostsOp(deps, ctx, { ...req, to: now, order: 'desc', limit: 5 })).items
      : [];
  const lines = [
    ...(upcoming.items.length > 0 ? ['Upcoming:', ...upcoming.items.map((v) => postLine(v, now))] : []),
    ...(earlier.length > 0 ? ['Earlier:', ...earlier.map((v) => postLine(v, now))] : []),
    ...(upcoming.nextCursor ? [`More: list --page ${page + 1}`] : []),
  ];
  const total = upcoming.items.length + earlier.length;
  return {
    result: { items: upcoming.items, earlier },
    reply: {
      title: total === 0 ? 'No posts match.' : count(total, 'post'),
      lines: total === 0 ? ['Try: schedule @demo "Hello" in 1 minute'] : lines,
      public: false,
      postIds: [...upcoming.items, ...earlier].map((v) => v.post.id),
    },
  };
}

function jobStatusOf(text: string): JobStatus {
  if (isJobStatus(text)) return text;
  throw new HeraldError('VALIDATION_FAILED', `"${text.slice(0, 40)}" is not a status.`, {
    hint: `Use one of ${JOB_STATUSES.join(', ')}, active or cancelled.`,
  });
}

async function platformAccountIds(deps: CoreDeps, workspaceId: string, platform: string): Promise<string[]> {
  if (!(PLATFORMS as readonly string[]).includes(platform.toLowerCase()))
    throw new HeraldError('VALIDATION_FAILED', `"${platform.slice(0, 40)}" is not a platform.`, {
      hint: `Use one of ${PLATFORMS.join(', ')}.`,
    });
  const all = await deps.accounts.list(workspaceId);
  return all.filter((a) => a.platform === (platform.toLowerCase() as Platform)).map((a) => a.id);
}

/** `stats`: the queue at a glance — jobs by status, by platform, and the next five due. */
export async function stats(
  deps: CoreDeps,
  ctx: OperationContext,
): Promise<Outcome<Record<string, unknown>>> {
  const ws = ctx.workspace.id;
  const now = deps.clock.now();
  const [byStatus, byPlatform, next] = await Promise.all([
    deps.jobs.countByStatus(ws),
    deps.jobs.countByPlatform(ws),
    deps.jobs.nextDue(ws, ['scheduled', 'retry_wait', 'awaiting_approval'], now, 5),
  ]);
  const statusLines = Object.entries(byStatus)
    .sort(([, a], [, b]) => (b ?? 0) - (a ?? 0))
    .map(([status, n]) => `${status.padEnd(18)} ${n}`);
  const platforms = [...new Set(byPlatform.map((r) => r.platform))].sort();
  const platformLines = platforms.map((p) => {
    const rows = byPlatform.filter((r) => r.platform === p).sort((a, b) => b.n - a.n);
    return `${p.padEnd(10)} ${rows.map((r) => `${r.status} ${r.n}`).join(' · ')}`;
  });
  const nextLines = next.map(
    (j) =>
      `${formatLocal(j.nextAttemptAt, ctx.workspace.timezone)} (${formatRelative(j.nextAttemptAt, now)})  ${j.platform}  ${j.postId}  ${j.status}`,
  );
  const lines =
    statusLines.length === 0
      ? ['no jobs yet']
      : [
          ...statusLines,
          '',
          'By platform:',
          ...platformLines,
          '',
          'Next due:',
          ...(nextLines.length ? nextLines : ['nothing scheduled']),
        ];
  return {
    result: { byStatus, byPlatform, next },
    reply: { title: 'Jobs by status', lines, public: false },
  };
}
