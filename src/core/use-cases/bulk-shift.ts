import type { ScheduledSlot } from '../domain/conflicts.js';
import type { Account, Actor, Campaign, Post, PublishJob } from '../domain/types.js';
import { HeraldError } from '../errors.js';
import { MAX_AHEAD_MS } from '../language/bounds.js';
import { applySpan, type Relative } from '../language/durations.js';
import { assertMayForce, assertSlot, liveSlots } from './check-conflicts.js';
import type { CoreDeps } from './deps.js';
import { syncPostTime } from './sync-post.js';
import { transitionJob } from './transition-job.js';

const MOVABLE = new Set(['suggested', 'awaiting_approval', 'scheduled', 'retry_wait', 'needs_attention']);

type Deps = Pick<CoreDeps, 'posts' | 'jobs' | 'campaigns' | 'audit' | 'ids' | 'clock' | 'queue'>;

interface BulkShiftInput {
  workspaceId: string;
  actor: Actor;
  actorRoles?: readonly string[] | undefined;
  account: Account;
  /** The window whose jobs move; or `jobs`, the account's jobs picked one by one (a calendar's selection). */
  from: Date;
  to: Date;
  jobs?: readonly PublishJob[];
  /** A signed shift; days keep the local wall time in the account's zone. */
  shift: Relative;
  force?: boolean | undefined;
}

export interface ShiftResult {
  jobId: string;
  postId: string;
  ok: boolean;
  from: Date;
  to?: Date;
  error?: string;
}

interface Move {
  job: PublishJob;
  to: Date;
}

/**
 * Moves every not-yet-published job of an account planned in [from, to) by a shift. The new
 * places are checked first against each post's campaign gap and cap (the moved jobs against one
 * another too, at their new places): a conflict refuses the whole shift, unless someone allowed
 * to forces it. Then one CAS per job, with a result per job — one that would land in the past or
 * too far ahead, or that someone changed meanwhile, is reported and left as it was — and each
 * post's own time follows its jobs.
 */
export async function bulkShift(deps: Deps, input: BulkShiftInput): Promise<ShiftResult[]> {
  const now = deps.clock.now().getTime();
  const found =
    input.jobs ??
    (await deps.jobs.listByAccountInWindow(input.workspaceId, input.account.id, input.from, input.to));
  const results: ShiftResult[] = [];
  const moves: Move[] = [];
  for (const job of found.filter((j) => MOVABLE.has(j.status))) {
    const to = applySpan(job.occurrenceAt, input.shift.span, input.shift.sign, input.account.timezone);
    if (!Number.isFinite(to.getTime()) || to.getTime() - now > MAX_AHEAD_MS)
      results.push(refused(job, 'would be more than 5 years ahead'));
    else if (to.getTime() <= now) results.push(refused(job, 'would be in the past', to));
    else moves.push({ job, to });
  }
  const posts = await postsOf(deps, input.workspaceId, moves);
  await checkMoves(deps, input, moves, posts);
  for (const move of moves) results.push(await moveOne(deps, move, input.actor, posts.get(move.job.postId)));
  for (const post of posts.values()) await syncPostTime(deps, post);
  return results;
}

async function postsOf(deps: Deps, workspaceId: string, moves: Move[]): Promise<Map<string, Post>> {
  const ids = [...new Set(moves.map((m) => m.job.postId))];
  const posts = await Promise.all(ids.map((id) => deps.posts.get(workspaceId, id)));
  return new Map(posts.filter((p): p is Post => p !== null).map((p) => [p.id, p]));
}

/** Each move against its post's campaign: the account's other live jobs, and the other moves at their new places. */
async function checkMoves(deps: Deps, input: BulkShiftInput, moves: Move[], posts: Map<string, Post>) {
  const campaigns = new Map<string, Campaign | null>();
  for (const post of posts.values())
    if (post.campaignId && !campaigns.has(post.campaignId))
      campaigns.set(post.campaignId, await deps.campaigns.get(input.workspaceId, post.campaignId));
  const moving = new Set(moves.map((m) => m.job.id));
  for (const move of moves) {
    const campaign = campaigns.get(posts.get(move.job.postId)?.campaignId ?? '') ?? null;
    if (input.force) {
      assertMayForce(campaign, input.actor, input.actorRoles);
      continue;
    }
    if (!campaign || (campaign.minGapMinutes <= 0 && campaign.dailyCap <= 0)) continue;
    const others: ScheduledSlot[] = moves
      .filter((m) => m !== move)
      .map((m) => ({ postId: m.job.postId, at: m.to }));
    const staying = await liveSlots(
      deps,
      input.workspaceId,
      input.account.id,
      move.to,
      (j) => !moving.has(j.id),
    );
    try {
      assertSlot(campaign, input.account, move.to, [...staying, ...others]);
    } catch (error) {
      if (!(error instanceof HeraldError)) throw error;
      const details = { ...error.details, jobId: move.job.id, postId: move.job.postId };
      throw new HeraldError(error.code, `Post ${move.job.postId} ${error.message}`, {
        hint: error.hint,
        details,
      });
    }
  }
}

async function moveOne(deps: Deps, move: Move, actor: Actor, post: Post | undefined): Promise<ShiftResult> {
  const { job, to } = move;
  const keepIdentity = post?.recurrence && !job.seriesAt ? { seriesAt: job.occurrenceAt } : {};
  const moved = await transitionJob(deps, {
    job,
    to: job.status,
    actor,
    patch: { occurrenceAt: to, nextAttemptAt: to, ...keepIdentity },
    decision: { control: 'bulk_shift' },
  });
  if (!moved) return refused(job, 'changed by someone else meanwhile', to);
  if (moved.status !== 'suggested') await deps.queue.enqueue(moved.id, to);
  return { jobId: job.id, postId: job.postId, ok: true, from: job.occurrenceAt, to };
}

function refused(job: PublishJob, why: string, to?: Date): ShiftResult {
  return {
    jobId: job.id,
    postId: job.postId,
    ok: false,
    from: job.occurrenceAt,
    ...(to ? { to } : {}),
    error: why,
  };
}
