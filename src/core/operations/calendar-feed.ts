import type { Badge } from '../cards/card.js';
import { readinessBadges } from '../cards/readiness.js';
import { PENDING_STATUSES } from '../domain/job-status.js';
import { checkApprover } from '../domain/policy.js';
import { slotsBetween } from '../domain/posting-slots.js';
import type { Account, Campaign, Post, PublishJob } from '../domain/types.js';
import { HeraldError } from '../errors.js';
import { previewPicks } from '../use-cases/autopilot.js';
import type { CoreDeps } from '../use-cases/deps.js';
import type { OperationContext } from './context.js';

/** One tile of the calendar: one job — one account, one occurrence of a post. */
export interface CalendarTile {
  id: string;
  postId: string;
  start: Date;
  accountId: string;
  handle: string;
  platform: string;
  status: PublishJob['status'];
  caption: string;
  series: boolean;
  badges: Badge[];
  /** An autopilot pick: the library asset it posts, and its score. */
  pick?: { assetId: string; score?: number | undefined } | undefined;
  /** What the viewer may do on it: the page shows only these buttons (every one is checked again). */
  can: {
    /** Swap an autopilot pick for the next best asset ("Skip", "Not this one"). */
    swap: boolean;
    move: boolean;
    approve: boolean;
    reject: boolean;
    publishNow: boolean;
    retry: boolean;
    cancel: boolean;
  };
}

/** An autopilot pick still to be made: which asset would go, as things stand. */
export interface TentativeTile {
  start: Date;
  campaign: string;
  accountId: string;
  handle: string;
  platform: string;
  asset?: { id: string; score: number; url: string; caption: string } | undefined;
}

/** An empty posting slot: a drop target and a click-to-compose time. */
export interface FreeSlot {
  start: Date;
  accountId: string;
  handle: string;
}

const MAX_WINDOW_MS = 45 * 86_400_000;

/**
 * The calendar's content for a window: every job planned in it (cancelled ones left out) with its
 * readiness badges and the viewer's rights, and the accounts' free posting slots. The window's
 * jobs and posts come from the calendar's read side, which re-reads only what changed.
 */
export async function calendarFeed(
  deps: CoreDeps,
  ctx: OperationContext,
  req: { from: Date; to: Date; accountId?: string | undefined },
): Promise<{ tiles: CalendarTile[]; slots: FreeSlot[]; tentative: TentativeTile[] }> {
  if (req.to.getTime() - req.from.getTime() > MAX_WINDOW_MS || req.to <= req.from)
    throw new HeraldError('VALIDATION_FAILED', 'A calendar window is at most 45 days, from before to.', {
      hint: 'Ask for a week or a month at a time.',
    });
  const ws = ctx.workspace.id;
  const [all, window] = await Promise.all([
    deps.accounts.list(ws),
    deps.calendar.window(ws, req.from, req.to),
  ]);
  const accounts = new Map(
    all.filter((a) => !req.accountId || a.id === req.accountId).map((a) => [a.id, a] as const),
  );
  const jobs = window.jobs.filter((j) => j.status !== 'cancelled' && accounts.has(j.accountId));
  const campaigns = await campaignsOf(deps, ws, [...window.posts.values()]);
  const now = deps.clock.now();
  const tiles = jobs.flatMap((job) => {
    const post = window.posts.get(job.postId);
    const account = accounts.get(job.accountId);
    return post && account
      ? [tileOf(deps, ctx, job, post, account, campaigns.get(post.campaignId ?? ''), now)]
      : [];
  });
  const scores = await pickScores(deps, ws, [...window.posts.values()]);
  for (const tile of tiles) {
    const assetId = window.posts.get(tile.postId)?.assetId;
    if (assetId) tile.pick = { assetId, score: scores.get(assetId) };
  }
  const tentative = (await previewPicks(deps, ws, req.from, req.to)).flatMap((p) =>
    p.accountIds.flatMap((id) => {
      const account = accounts.get(id);
      return account
        ? [
            {
              start: p.start,
              campaign: p.campaign,
              accountId: id,
              handle: account.handle,
              platform: account.platform,
              ...(p.asset
                ? {
                    asset: {
                      id: p.asset.id,
                      score: p.asset.score,
                      url: p.asset.url,
                      caption: p.asset.caption.slice(0, 80),
                    },
                  }
                : {}),
            },
          ]
        : [];
    }),
  );
  return { tiles, slots: freeSlots([...accounts.values()], jobs, req), tentative };
}

/** The scores of the assets the window's autopilot picks post (one read each, picks are few). */
async function pickScores(deps: CoreDeps, ws: string, posts: Post[]): Promise<Map<string, number>> {
  const ids = [...new Set(posts.map((p) => p.assetId).filter((id): id is string => Boolean(id)))];
  const assets = await Promise.all(ids.map((id) => deps.assets.get(ws, id)));
  return new Map(assets.flatMap((a) => (a ? [[a.id, a.score] as const] : [])));
}

async function campaignsOf(deps: CoreDeps, ws: string, posts: Post[]): Promise<Map<string, Campaign | null>> {
  const ids = [...new Set(posts.map((p) => p.campaignId).filter((id): id is string => Boolean(id)))];
  return new Map(await Promise.all(ids.map(async (id) => [id, await deps.campaigns.get(ws, id)] as const)));
}

function tileOf(
  deps: CoreDeps,
  ctx: OperationContext,
  job: PublishJob,
  post: Post,
  account: Account,
  campaign: Campaign | null | undefined,
  now: Date,
): CalendarTile {
  const waiting = PENDING_STATUSES.includes(job.status);
  const decides = checkApprover(campaign ?? null, post, ctx.actor, ctx.actorRoles).ok;
  const caption = post.captions?.[account.id] ?? post.caption;
  return {
    id: job.id,
    postId: post.id,
    start: job.occurrenceAt,
    accountId: account.id,
    handle: account.handle,
    platform: account.platform,
    status: job.status,
    caption: caption.length > 80 ? `${caption.slice(0, 79)}…` : caption,
    series: Boolean(post.recurrence),
    badges: readinessBadges({ post, jobs: [job], accounts: [account] }, now),
    can: {
      swap: Boolean(post.assetId) && waiting && post.status === 'active',
      move: waiting,
      approve: job.status === 'awaiting_approval' && decides,
      reject: job.status === 'awaiting_approval' && decides,
      publishNow:
        job.status === 'suggested' ||
        (deps.settings.publishNowEnabled &&
          ['scheduled', 'retry_wait', 'needs_attention'].includes(job.status)),
      retry: ['needs_attention', 'failed', 'retry_wait'].includes(job.status),
      cancel: waiting,
    },
  };
}

function freeSlots(accounts: Account[], jobs: PublishJob[], req: { from: Date; to: Date }): FreeSlot[] {
  return accounts.flatMap((account) =>
    slotsBetween(account.slots ?? [], account.timezone, req.from, req.to)
      .filter(
        (at) =>
          !jobs.some(
            (j) => j.accountId === account.id && Math.abs(j.occurrenceAt.getTime() - at.getTime()) < 60_000,
          ),
      )
      .map((start) => ({ start, accountId: account.id, handle: account.handle })),
  );
}
