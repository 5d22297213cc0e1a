import { pickCaption, rankCandidates, releasedState } from '../domain/library.js';

import { slotsBetween } from '../domain/posting-slots.js';
import { occurrencesBetween } from '../domain/recurrence.js';
import { formatWall, instantToWall } from '../domain/time.js';
import type { Actor, Asset, AssetState, Autopilot, Campaign, Post } from '../domain/types.js';
import { HeraldError } from '../errors.js';
import { formatWallDay } from '../language/format.js';
import type { PickClaim } from '../ports/asset-repository.js';
import type { CoreDeps } from './deps.js';
import { notifyOnce } from './notify.js';
import { schedulePost } from './schedule-post.js';

/** The actor every autopilot pick is made (and audited) as. */
export const AUTOPILOT: Actor = { kind: 'system', id: 'autopilot', name: 'autopilot' };

/** How long a worker holds a due time while it picks; a dead worker's claim is taken over after it. */
const CLAIM_MS = 60_000;
/** The most due times one sweep picks for one campaign. */
const MAX_PICKS_PER_RUN = 20;
/** How soon a due time that found the library empty is tried again. */
const EMPTY_RETRY_MS = 5 * 60_000;
const LIVE = ['suggested', 'awaiting_approval', 'scheduled', 'retry_wait', 'needs_attention', 'publishing'];

export type PickOutcome =
  | { kind: 'picked'; at: Date; post: Post; asset: Asset }
  /** Another worker holds (or already made) the pick of this due time. */
  | { kind: 'taken'; at: Date }
  | { kind: 'empty'; at: Date; firstToday: boolean }
  /** The campaign refused the pick (its gap or daily cap): the asset went back to the library. */
  | { kind: 'refused'; at: Date; reason: string };

/** The due times of a campaign's autopilot in [from, to), soonest first. */
export async function dueTimes(
  deps: Pick<CoreDeps, 'accounts' | 'jobs' | 'picks'>,
  campaign: Campaign,
  from: Date,
  to: Date,
): Promise<Date[]> {
  const pilot = campaign.autopilot;
  if (!pilot) return [];
  if (pilot.rule.kind === 'series')
    return occurrencesBetween(pilot.rule.rrule, pilot.rule.start, pilot.rule.zone, [], from, to);
  const account = await deps.accounts.get(campaign.workspaceId, pilot.accountIds[0] as string);
  if (!account?.slots?.length) return [];
  const slots = slotsBetween(account.slots, account.timezone, from, to);
  // A slot another post already holds is not free.
  const held = (await deps.jobs.listByAccountInWindow(campaign.workspaceId, account.id, from, to)).filter(
    (j) => LIVE.includes(j.status),
  );
  const ours = new Set(
    (await deps.picks.between(campaign.workspaceId, campaign.id, from, to)).map((c) => c.postId),
  );
  return slots.filter(
    (at) =>
      !held.some((j) => !ours.has(j.postId) && Math.abs(j.occurrenceAt.getTime() - at.getTime()) < 60_000),
  );
}

/**
 * One sweep's autopilot work for a campaign: every due time within the look-ahead gets its pick
 * (made once, whichever worker comes first).
 */
export async function runAutopilot(
  deps: CoreDeps,
  campaign: Campaign,
  owner: string,
): Promise<PickOutcome[]> {
  if (!campaign.autopilot?.enabled) return [];
  const now = deps.clock.now();
  const until = new Date(now.getTime() + deps.settings.autopilotLookaheadMs);
  const times = (await dueTimes(deps, campaign, now, until)).slice(0, MAX_PICKS_PER_RUN);
  const outcomes: PickOutcome[] = [];
  for (const at of times) {
    const outcome = await pickAt(deps, campaign, at, owner);
    outcomes.push(outcome);
    // An empty library stays empty for the later due times of this run.
    if (outcome.kind === 'empty') break;
  }
  return outcomes;
}

/**
 * The pick for one due time: claim the time (one worker wins), reserve the best asset with a
 * compare-and-set (racing campaigns never take the same one), and schedule a post of it through
 * the campaign's mode. The post's id derives from the due time, so a pick resumed after a crash
 * finds the post its first run stored.
 */
export async function pickAt(
  deps: CoreDeps,
  campaign: Campaign,
  at: Date,
  owner: string,
  /** An operator's pick "now": it publishes as soon as it is made, however long picking took. */
  asap = false,
): Promise<PickOutcome> {
  const pilot = campaign.autopilot;
  if (!pilot) throw new HeraldError('VALIDATION_FAILED', `Campaign "${campaign.name}" has no autopilot.`);
  const now = deps.clock.now();
  const key = `${campaign.id}:${at.toISOString()}`;
  const claim = await deps.picks.claim(
    {
      id: key,
      workspaceId: campaign.workspaceId,
      campaignId: campaign.id,
      at,
      owner,
      until: new Date(now.getTime() + CLAIM_MS),
    },
    now,
  );
  if (!claim) return { kind: 'taken', at };
  const requestKey = `autopilot:${key}`;
  const postId = deps.ids.derive('pst', `${campaign.workspaceId}:${requestKey}`);
  const asset =
    (await deps.assets.byPick(campaign.workspaceId, postId)) ??
    (await reserveBest(deps, campaign.workspaceId, pilot.influencerId, postId, pilot.evergreen));
  if (!asset) return empty(deps, campaign, claim, at);
  const first = await deps.accounts.get(campaign.workspaceId, pilot.accountIds[0] as string);
  const when = asap ? new Date(Math.max(at.getTime(), deps.clock.now().getTime())) : at;
  const zone = pilot.rule.kind === 'series' ? pilot.rule.zone : (first?.timezone ?? 'UTC');
  try {
    const { post } = await schedulePost(deps, {
      workspaceId: campaign.workspaceId,
      actor: AUTOPILOT,
      accountIds: pilot.accountIds,
      caption: pickCaption(asset),
      media: [{ url: asset.url, kind: asset.kind }],
      scheduledAt: when,
      timezone: zone,
      localTime: formatWall(instantToWall(when, zone)),
      campaignId: campaign.id,
      assetId: asset.id,
      requestKey,
    });
    await deps.picks.finish(claim.id, claim.version, { state: 'done', postId: post.id, assetId: asset.id });
    return { kind: 'picked', at, post, asset };
  } catch (error) {
    if (!(error instanceof HeraldError) || error.code === 'INTERNAL') throw error;
    // The campaign's own rules refuse this time (a gap or a cap): the asset waits for the next one.
    await releasePick(deps, asset, postId);
    await deps.picks.finish(claim.id, claim.version, { state: 'refused', reason: error.message });
    return { kind: 'refused', at, reason: error.message };
  }
}

/**
 * Reserves the best asset that may go for `postId`. Each try is a compare-and-set on the
 * asset's version and state: when another worker took it first, the next best is tried.
 */
export async function reserveBest(
  deps: Pick<CoreDeps, 'assets' | 'clock'>,
  workspaceId: string,
  influencerId: string,
  postId: string,
  evergreen: Autopilot['evergreen'],
  exclude: ReadonlySet<string> = new Set(),
): Promise<Asset | null> {
  for (let round = 0; round < 5; round += 1) {
    const now = deps.clock.now();
    const ranked = rankCandidates(
      await deps.assets.pickable(workspaceId, influencerId),
      now,
      evergreen,
    ).filter((a) => !exclude.has(a.id));
    if (ranked.length === 0) return null;
    for (const candidate of ranked.slice(0, 20)) {
      const reserved = await deps.assets.update(workspaceId, candidate.id, candidate.version, {
        state: 'reserved',
        pick: { postId, at: now, from: candidate.state as AssetState },
      });
      if (reserved) return reserved;
    }
  }
  return null;
}

/** Gives a pick's asset back to the library, as it was before the pick (or retired, when a person says "not this one"). */
export async function releasePick(
  deps: Pick<CoreDeps, 'assets'>,
  asset: Asset,
  postId: string,
  to?: AssetState,
): Promise<Asset | null> {
  return deps.assets.settle(asset.workspaceId, asset.id, postId, ['reserved'], {
    state: to ?? releasedState(asset),
  });
}

/** A pick's post published: its asset is posted (once, however many of its jobs publish). */
export async function settlePublished(
  deps: Pick<CoreDeps, 'assets' | 'posts' | 'clock'>,
  post: Post,
): Promise<void> {
  if (!post.assetId) return;
  const asset = await deps.assets.get(post.workspaceId, post.assetId);
  if (!asset || asset.pick?.postId !== post.id || asset.state !== 'reserved') return;
  await deps.assets.settle(post.workspaceId, asset.id, post.id, ['reserved'], {
    state: 'posted',
    timesPosted: asset.timesPosted + 1,
    postedAt: deps.clock.now(),
  });
}

/** A pick's publish failed for good: the asset is not picked again on its own (a person may re-queue it). */
export async function settleFailed(deps: Pick<CoreDeps, 'assets'>, post: Post): Promise<void> {
  if (!post.assetId) return;
  await deps.assets.settle(post.workspaceId, post.assetId, post.id, ['reserved'], { state: 'failed' });
}

async function empty(deps: CoreDeps, campaign: Campaign, claim: PickClaim, at: Date): Promise<PickOutcome> {
  const pilot = campaign.autopilot as NonNullable<Campaign['autopilot']>;
  // Tried again a few minutes later: content added meanwhile still makes this due time.
  await deps.picks.finish(claim.id, claim.version, {
    state: 'empty',
    until: new Date(deps.clock.now().getTime() + EMPTY_RETRY_MS),
  });
  const influencer = await deps.influencers.get(campaign.workspaceId, pilot.influencerId);
  const zone = pilot.rule.kind === 'series' ? pilot.rule.zone : 'UTC';
  const today = deps.clock.now().toISOString().slice(0, 10);
  const day = formatWallDay(instantToWall(at, zone)).replace(/ \d{4}$/, '');
  const firstToday = await notifyOnce(
    deps,
    `library_empty:${pilot.influencerId}:${today}`,
    campaign.workspaceId,
    {
      type: 'library_empty',
      workspaceId: campaign.workspaceId,
      influencerId: pilot.influencerId,
      handle: influencer?.handle ?? pilot.influencerId,
      campaign: campaign.name,
      day,
    },
  );
  return { kind: 'empty', at, firstToday };
}

/**
 * A pick's post stopped before it published (cancelled, rejected): its asset goes back to the
 * library, as it was before the pick. Nothing happens while any job of the post may still publish.
 */
export async function releaseIfStopped(deps: Pick<CoreDeps, 'assets' | 'jobs'>, post: Post): Promise<void> {
  if (!post.assetId) return;
  const jobs = await deps.jobs.listByPost(post.workspaceId, post.id);
  if (jobs.some((j) => j.status !== 'cancelled')) return;
  const asset = await deps.assets.get(post.workspaceId, post.assetId);
  if (asset?.state === 'reserved' && asset.pick?.postId === post.id) await releasePick(deps, asset, post.id);
}

/** An autopilot pick not made yet: what would go at a due time, as things stand. */
export interface TentativePick {
  start: Date;
  campaignId: string;
  campaign: string;
  accountIds: string[];
  /** Absent when the library has nothing left for it. */
  asset?: Pick<Asset, 'id' | 'score' | 'url' | 'kind' | 'caption'> | undefined;
}

/**
 * The picks a workspace's autopilots would make in [from, to) that are not made yet: each due
 * time not yet claimed gets the next best asset of its library, in time order, none twice.
 */
export async function previewPicks(
  deps: Pick<CoreDeps, 'campaigns' | 'accounts' | 'jobs' | 'picks' | 'assets' | 'clock'>,
  workspaceId: string,
  from: Date,
  to: Date,
  limit = 200,
): Promise<TentativePick[]> {
  const now = deps.clock.now();
  const start = from > now ? from : now;
  if (start >= to) return [];
  const out: TentativePick[] = [];
  const queues = new Map<string, Asset[]>();
  for (const campaign of await deps.campaigns.list(workspaceId)) {
    const pilot = campaign.autopilot;
    if (!pilot?.enabled) continue;
    const claimed = new Set(
      (await deps.picks.between(workspaceId, campaign.id, start, to)).map((c) => c.at.getTime()),
    );
    const key = `${pilot.influencerId}|${pilot.evergreen?.afterDays ?? ''}|${pilot.evergreen?.maxTimes ?? ''}`;
    if (!queues.has(key))
      queues.set(
        key,
        rankCandidates(await deps.assets.pickable(workspaceId, pilot.influencerId), now, pilot.evergreen),
      );
    const queue = queues.get(key) as Asset[];
    for (const at of await dueTimes(deps, campaign, start, to)) {
      if (claimed.has(at.getTime())) continue;
      const asset = queue.shift();
      out.push({
        start: at,
        campaignId: campaign.id,
        campaign: campaign.name,
        accountIds: pilot.accountIds,
        ...(asset
          ? {
              asset: {
                id: asset.id,
                score: asset.score,
                url: asset.url,
                kind: asset.kind,
                caption: asset.caption,
              },
            }
          : {}),
      });
      if (out.length >= limit) break;
    }
  }
  return out.sort((a, b) => a.start.getTime() - b.start.getTime()).slice(0, limit);
}
