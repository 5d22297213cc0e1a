import { pickCaption, rankCandidates } from '../domain/library.js';
import type { Asset, Autopilot, Campaign, Post } from '../domain/types.js';
import { HeraldError, notFound } from '../errors.js';
import { formatLocal, formatRelative, parseWhen } from '../language/index.js';
import { dueTimes, type PickOutcome, pickAt, releasePick, reserveBest } from '../use-cases/autopilot.js';
import type { CoreDeps } from '../use-cases/deps.js';
import { editPost } from '../use-cases/edit-post.js';
import { jobsOfPost, postOrNotFound } from '../use-cases/jobs-of-post.js';
import type { MoveResult } from '../use-cases/move-jobs.js';
import { acceptSuggestion } from '../use-cases/publish-now.js';
import { resolveAccounts } from './accounts.js';
import type { OperationContext } from './context.js';
import { count, type Outcome } from './reply.js';

const EACH_SLOT = /^\s*(each|every|all)\s+(free\s+)?(posting\s+)?slots?\s*$/i;
const DAY = 86_400_000;

/** A campaign as a person names it: its name (any case) or its id. */
export async function resolveCampaign(deps: CoreDeps, workspaceId: string, ref: string): Promise<Campaign> {
  const wanted = ref.trim().replace(/^"|"$/g, '');
  const all = await deps.campaigns.list(workspaceId);
  const found = all.find((c) => c.id === wanted || c.name.toLowerCase() === wanted.toLowerCase());
  if (!found)
    throw new HeraldError('NOT_FOUND', `No campaign "${wanted.slice(0, 60)}" in this workspace.`, {
      hint: all.length
        ? `Campaigns: ${all.map((c) => c.name).join(', ')}.`
        : 'Create one with POST /v1/campaigns.',
    });
  return found;
}

export interface AutopilotRequest {
  campaign: string;
  /** The accounts picks go to (`@mia`, `instagram:@mia,tiktok:@mia`). */
  accounts: string;
  /** `every day at 09:00`, `every weekday at 18:00`, `each free slot`. */
  rule: string;
  /** `30d x3`: an asset may come back 30 days after it went, at most 3 more times. */
  evergreen?: string | undefined;
}

/** Turns a campaign's autopilot on (or changes it): every check runs before anything is stored. */
export async function autopilotOn(
  deps: CoreDeps,
  ctx: OperationContext,
  req: AutopilotRequest,
): Promise<Outcome<Campaign>> {
  const campaign = await resolveCampaign(deps, ctx.workspace.id, req.campaign);
  const accounts = await resolveAccounts(deps, ctx.workspace.id, req.accounts);
  const influencerId = accounts[0]?.influencerId as string;
  if (accounts.some((a) => a.influencerId !== influencerId))
    throw new HeraldError(
      'VALIDATION_FAILED',
      'An autopilot posts one influencer’s library: these accounts belong to several.',
      {
        hint: 'Name the accounts of one influencer, e.g. instagram:@mia,tiktok:@mia.',
      },
    );
  const first = accounts[0] as (typeof accounts)[number];
  let rule: Autopilot['rule'];
  if (EACH_SLOT.test(req.rule)) {
    if (!first.slots?.length)
      throw new HeraldError('VALIDATION_FAILED', `@${first.handle} has no posting slots to fill.`, {
        hint: `Set some first: slots @${first.handle} mon-fri 09:00,18:00`,
      });
    rule = { kind: 'slots' };
  } else {
    const parsed = parseWhen(req.rule, { now: deps.clock.now(), zone: first.timezone });
    if (!parsed.ok)
      throw new HeraldError(parsed.error.code, parsed.error.message, {
        hint: `autopilot on ${campaign.name} @${first.handle} every day at 09:00`,
      });
    if (parsed.value.kind !== 'recurring')
      throw new HeraldError(
        'VALIDATION_FAILED',
        `"${req.rule.slice(0, 60)}" happens once; an autopilot needs a rule that repeats.`,
        {
          hint: 'every day at 09:00, every weekday at 18:00, or each free slot',
        },
      );
    rule = { kind: 'series', rrule: parsed.value.rrule, start: parsed.value.local, zone: parsed.value.zone };
  }
  const evergreen = req.evergreen ? parseEvergreen(req.evergreen) : undefined;
  const autopilot: Autopilot = {
    enabled: true,
    accountIds: accounts.map((a) => a.id),
    influencerId,
    phrase: req.rule.trim(),
    rule,
    ...(evergreen ? { evergreen } : {}),
    by: ctx.actor,
    since: deps.clock.now(),
  };
  const updated = await store(deps, ctx, campaign, autopilot, 'campaign.autopilot_on');
  const next = (
    await dueTimes(deps, updated, deps.clock.now(), new Date(deps.clock.now().getTime() + 62 * DAY))
  )[0];
  return {
    result: updated,
    reply: {
      title: `Autopilot on for campaign "${campaign.name}": ${autopilot.phrase}, posting to ${accounts.map((a) => `@${a.handle} (${a.platform})`).join(', ')}`,
      lines: [
        `Strategy: curator's choice (highest score not yet posted)${evergreen ? `; evergreen: back after ${evergreen.afterDays} days, at most ${evergreen.maxTimes} more times` : ''}.`,
        `Mode ${campaign.mode}: ${campaign.mode === 'auto' ? 'picks publish on their own' : campaign.mode === 'approval' ? 'each pick waits for an approver' : 'each pick is a suggestion someone must publish'}.`,
        ...(next
          ? [`Next pick: ${formatLocal(next, first.timezone)} (${formatRelative(next, deps.clock.now())})`]
          : []),
      ],
      public: true,
    },
  };
}

export async function autopilotOff(
  deps: CoreDeps,
  ctx: OperationContext,
  req: { campaign: string },
): Promise<Outcome<Campaign>> {
  const campaign = await resolveCampaign(deps, ctx.workspace.id, req.campaign);
  if (!campaign.autopilot?.enabled)
    return {
      result: campaign,
      reply: { title: `Autopilot of "${campaign.name}" is already off`, lines: [], public: false },
    };
  const updated = await store(
    deps,
    ctx,
    campaign,
    { ...campaign.autopilot, enabled: false },
    'campaign.autopilot_off',
  );
  return {
    result: updated,
    reply: {
      title: `Autopilot off for campaign "${campaign.name}"`,
      lines: ['Picks already made stay as they are: cancel them like any post.'],
      public: true,
    },
  };
}

/** Each campaign's autopilot: its rule, its next due time and which asset would go. */
export async function autopilotStatus(deps: CoreDeps, ctx: OperationContext): Promise<Outcome<Campaign[]>> {
  const campaigns = (await deps.campaigns.list(ctx.workspace.id)).filter((c) => c.autopilot);
  const now = deps.clock.now();
  const lines: string[] = [];
  for (const c of campaigns) {
    const pilot = c.autopilot as Autopilot;
    if (!pilot.enabled) {
      lines.push(`${c.name}: off (was: ${pilot.phrase})`);
      continue;
    }
    const next = (await dueTimes(deps, c, now, new Date(now.getTime() + 62 * DAY)))[0];
    const best = rankCandidates(
      await deps.assets.pickable(ctx.workspace.id, pilot.influencerId),
      now,
      pilot.evergreen,
    )[0];
    lines.push(
      `${c.name}: ${pilot.phrase} (${c.mode})${next ? `, next ${formatRelative(next, now)}` : ''} — ${best ? `would pick ${best.id} (score ${best.score})` : 'library empty'}`,
    );
  }
  return {
    result: campaigns,
    reply: {
      title: campaigns.length
        ? `Autopilot in ${count(campaigns.length, 'campaign')}`
        : 'No campaign has an autopilot',
      lines: campaigns.length ? lines : ['Turn one on: autopilot on <campaign> @mia every day at 09:00'],
      public: false,
    },
  };
}

/** An operator's manual pick: one pick now, through the campaign's mode (the product doc's manual task). */
export async function autopilotRunOnce(
  deps: CoreDeps,
  ctx: OperationContext,
  req: { campaign: string },
): Promise<Outcome<PickOutcome>> {
  const campaign = await resolveCampaign(deps, ctx.workspace.id, req.campaign);
  if (!campaign.autopilot)
    throw new HeraldError('VALIDATION_FAILED', `Campaign "${campaign.name}" has no autopilot.`, {
      hint: `autopilot on ${campaign.name} @mia every day at 09:00`,
    });
  const at = new Date(Math.ceil(deps.clock.now().getTime() / 1000) * 1000);
  const outcome = await pickAt(deps, campaign, at, `run-once:${ctx.actor.kind}:${ctx.actor.id}`, true);
  return { result: outcome, reply: { ...describePick(outcome), public: true } };
}

export function describePick(outcome: PickOutcome): { title: string; lines: string[]; postIds?: string[] } {
  switch (outcome.kind) {
    case 'picked':
      return {
        title: `Picked ${outcome.asset.id} (score ${outcome.asset.score}) → post ${outcome.post.id}`,
        lines: [outcome.asset.url],
        postIds: [outcome.post.id],
      };
    case 'taken':
      return { title: 'Another worker is making this pick already', lines: [] };
    case 'empty':
      return {
        title: 'Nothing to pick: the library has no asset that may go',
        lines: ['Add some with `library add`, or re-queue one.'],
      };
    case 'refused':
      return { title: 'The campaign refused the pick', lines: [outcome.reason] };
  }
}

/**
 * "Skip (next best)" and "Not this one" on a pick: its post takes the next best asset, and the
 * first goes back to the library — or, with `never`, is retired from it.
 */
export async function swapPick(
  deps: CoreDeps,
  ctx: OperationContext,
  req: { postId: string; never?: boolean },
): Promise<Outcome<{ post: Post; asset: Asset; previous: Asset }>> {
  const post = await postOrNotFound(deps, ctx.workspace.id, req.postId);
  if (!post.assetId)
    throw new HeraldError('VALIDATION_FAILED', `${post.id} was not picked from the library.`, {
      hint: 'Edit its caption or media instead.',
    });
  const jobs = await jobsOfPost(deps, post);
  if (jobs.some((j) => ['publishing', 'published'].includes(j.status)) || post.status !== 'active')
    throw new HeraldError(
      'INVALID_TRANSITION',
      `${post.id} is already publishing, published or stopped: its pick cannot change.`,
    );
  const previous = await deps.assets.get(ctx.workspace.id, post.assetId);
  if (!previous) throw notFound('asset', post.assetId);
  const campaign = post.campaignId ? await deps.campaigns.get(ctx.workspace.id, post.campaignId) : null;
  const next = await reserveBest(
    deps,
    ctx.workspace.id,
    previous.influencerId,
    post.id,
    campaign?.autopilot?.evergreen,
    new Set([previous.id]),
  );
  if (!next)
    throw new HeraldError('NOT_FOUND', 'The library has nothing else that may go.', {
      hint: 'Add assets with `library add`, or cancel this post.',
    });
  let updated: Post;
  try {
    updated = await editPost(deps, {
      workspaceId: ctx.workspace.id,
      postId: post.id,
      actor: ctx.actor,
      caption: pickCaption(next),
      media: [{ url: next.url, kind: next.kind }],
    });
    const swapped = await deps.posts.update(ctx.workspace.id, post.id, updated.version, { assetId: next.id });
    if (swapped) updated = swapped;
  } catch (error) {
    await releasePick(deps, next, post.id);
    throw error;
  }
  await releasePick(deps, previous, post.id, req.never ? 'retired' : undefined);
  await deps.audit.append({
    id: deps.ids.next('aud'),
    workspaceId: ctx.workspace.id,
    at: deps.clock.now(),
    actor: ctx.actor,
    action: req.never ? 'pick.refused' : 'pick.skipped',
    subject: { type: 'post', id: post.id },
    before: { assetId: previous.id },
    after: { assetId: next.id },
  });
  return {
    result: { post: updated, asset: next, previous },
    reply: {
      title: `${post.id} now posts ${next.id} (score ${next.score}) instead of ${previous.id}${req.never ? ', which will not be picked again' : ''}`,
      lines: [next.url],
      public: true,
      postIds: [post.id],
    },
  };
}

/** "Publish" on a pick's suggestion card: it goes out at the time it was suggested for. */
export async function acceptPick(
  deps: CoreDeps,
  ctx: OperationContext,
  req: { postId: string },
): Promise<Outcome<MoveResult>> {
  const result = await acceptSuggestion(deps, {
    workspaceId: ctx.workspace.id,
    postId: req.postId,
    actor: ctx.actor,
    actorRoles: ctx.actorRoles ?? [],
    madeOn: ctx.card,
  });
  const at = result.moved[0]?.nextAttemptAt;
  return {
    result,
    reply: {
      title: `Publishing ${req.postId}${at ? ` ${formatRelative(at, deps.clock.now())}` : ''}`,
      lines: [],
      public: true,
      postIds: [req.postId],
    },
  };
}

/** `30d x3`, `30d/3`, `30 days 3 times`: back after N days, at most M more times. */
export function parseEvergreen(text: string): { afterDays: number; maxTimes: number } {
  const m = /^\s*(\d{1,4})\s*d(?:ays?)?\s*(?:[x×/,]|\s)\s*(\d{1,3})\s*(?:x|times?)?\s*$/i.exec(text);
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1)
    throw new HeraldError('VALIDATION_FAILED', `"${text.slice(0, 40)}" is not an evergreen rule.`, {
      hint: '30d x3: an asset may come back 30 days after it went, at most 3 more times.',
    });
  return { afterDays: Number(m[1]), maxTimes: Number(m[2]) };
}

async function store(
  deps: CoreDeps,
  ctx: OperationContext,
  campaign: Campaign,
  autopilot: Autopilot,
  action: string,
): Promise<Campaign> {
  const updated = await deps.campaigns.update(ctx.workspace.id, campaign.id, campaign.version, { autopilot });
  if (!updated)
    throw new HeraldError('VERSION_CONFLICT', `Campaign "${campaign.name}" changed meanwhile.`, {
      hint: 'Try again.',
    });
  await deps.audit.append({
    id: deps.ids.next('aud'),
    workspaceId: ctx.workspace.id,
    at: deps.clock.now(),
    actor: ctx.actor,
    action,
    subject: { type: 'campaign', id: campaign.id },
    after: {
      phrase: autopilot.phrase,
      accounts: autopilot.accountIds,
      evergreen: autopilot.evergreen,
      enabled: autopilot.enabled,
    },
  });
  return updated;
}
