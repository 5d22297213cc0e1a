import type { Account, Campaign, Post, PublishJob } from '../domain/types.js';
import { HeraldError } from '../errors.js';
import { interpret, type When } from '../language/index.js';
import { checkSlotPolicy } from '../use-cases/check-conflicts.js';
import type { CoreDeps } from '../use-cases/deps.js';
import { postOrNotFound } from '../use-cases/jobs-of-post.js';
import { reschedulePost } from '../use-cases/reschedule-post.js';
import { retimeSeries } from '../use-cases/retime-series.js';
import { assertFitsAhead } from '../use-cases/schedule-post.js';
import type { OperationContext } from './context.js';
import { findOccurrence, seriesWhen } from './occurrence.js';
import { readTime, zoneOrThrow } from './read-time.js';
import { count, type Outcome } from './reply.js';
import { shiftedSeries } from './series-shift.js';

export interface RescheduleRequest {
  postId: string;
  /** Any time phrase, a shift (`+1h`, `-30m`), or for a series a new rule (`every monday at 10:00`). */
  when: string;
  timezone?: string | undefined;
  /** One occurrence of a series: a job id, its local date, or its local date and time. */
  occurrence?: string | undefined;
  force?: boolean | undefined;
}

export interface RescheduleResult {
  post: Post;
  moved: PublishJob[];
  untouched: PublishJob[];
}

interface Target {
  post: Post;
  /** Read only when needed: a conflict check, `random:`, or a day without a time of day. */
  accounts: () => Promise<Account[]>;
  campaign: Campaign | null;
  zone: string;
}

/**
 * Moves a post, one occurrence of a series, or a whole series, taking the time as a person
 * typed it: the campaign's gap and cap are checked at the new time (unless forced by someone
 * allowed to), the jobs move by compare-and-set, and the post's own time follows them.
 */
export async function reschedule(
  deps: CoreDeps,
  ctx: OperationContext,
  req: RescheduleRequest,
): Promise<Outcome<RescheduleResult>> {
  const post = await postOrNotFound(deps, ctx.workspace.id, req.postId);
  if (post.status === 'cancelled')
    throw new HeraldError('INVALID_TRANSITION', `Post ${post.id} is cancelled; nothing is left to move.`, {
      hint: 'Schedule it again with `schedule`.',
    });
  const campaign = post.campaignId ? await deps.campaigns.get(post.workspaceId, post.campaignId) : null;
  let read: Promise<Account[]> | undefined;
  const accounts = () => {
    read ??= deps.accounts.getMany(post.workspaceId, post.accountIds);
    return read;
  };
  const zone = req.timezone !== undefined ? zoneOrThrow(req.timezone) : post.timezone;
  const target: Target = { post, accounts, campaign, zone };
  if (req.occurrence && post.recurrence) return moveOccurrence(deps, ctx, target, req);
  if (post.recurrence) return retime(deps, ctx, target, req);
  return moveSingle(deps, ctx, target, req);
}

async function moveSingle(deps: CoreDeps, ctx: OperationContext, t: Target, req: RescheduleRequest) {
  const when = await readTime(deps, ctx.workspace.id, {
    phrase: req.when,
    zone: t.zone,
    current: t.post.scheduledAt,
    accounts: t.accounts,
  });
  if (when.kind === 'recurring')
    throw new HeraldError(
      'VALIDATION_FAILED',
      `Post ${t.post.id} is a single post; it cannot take a repeat rule.`,
      {
        hint: 'Give one time (e.g. "+1h" or "tomorrow 9am"), or schedule a new series.',
      },
    );
  await check(deps, ctx, t, when.instant, req.force, { ignorePostId: t.post.id });
  const result = await reschedulePost(deps, {
    workspaceId: ctx.workspace.id,
    postId: t.post.id,
    actor: ctx.actor,
    ...times(when),
    loaded: { post: t.post },
  });
  return moved(deps, `Rescheduled ${t.post.id} (${count(result.moved.length, 'job')})`, result, when);
}

async function moveOccurrence(deps: CoreDeps, ctx: OperationContext, t: Target, req: RescheduleRequest) {
  const found = await findOccurrence(deps, t.post, req.occurrence as string);
  if (found.jobs.length === 0)
    throw new HeraldError(
      'VALIDATION_FAILED',
      'That occurrence has no jobs yet: Herald prepares two weeks ahead.',
      {
        hint: `Skip it instead (skip ${t.post.id} ${req.occurrence}), or move it once it is within two weeks.`,
      },
    );
  const current = found.jobs[0]?.occurrenceAt ?? found.at;
  const when = await readTime(deps, ctx.workspace.id, {
    phrase: req.when,
    zone: t.zone,
    current,
    accounts: t.accounts,
  });
  if (when.kind === 'recurring')
    throw new HeraldError('VALIDATION_FAILED', 'One occurrence moves to one time, not to a repeat rule.', {
      hint: `reschedule ${t.post.id} ${req.occurrence} to +1h — or give the rule alone to re-time the whole series.`,
    });
  const ids = found.jobs.map((j) => j.id);
  await check(deps, ctx, t, when.instant, req.force, { ignoreJobIds: ids });
  const result = await reschedulePost(deps, {
    workspaceId: ctx.workspace.id,
    postId: t.post.id,
    actor: ctx.actor,
    ...times(when),
    jobIds: ids,
    loaded: { post: t.post, jobs: found.all },
  });
  return moved(
    deps,
    `Moved one occurrence of ${t.post.id} (${count(result.moved.length, 'job')})`,
    result,
    when,
  );
}

/** A whole series: a new rule, or its clock moved by a shift (`+1h`). */
async function retime(deps: CoreDeps, ctx: OperationContext, t: Target, req: RescheduleRequest) {
  const current = seriesWhen(t.post);
  const when = await readTime(deps, ctx.workspace.id, {
    phrase: req.when,
    zone: t.zone,
    current: t.post.scheduledAt,
    accounts: t.accounts,
  });
  const series =
    when.kind === 'recurring' ? when : shiftedSeries(t.post, current, req.when, when, deps.clock.now());
  assertFitsAhead({ ...t.post, recurrence: series, localTime: series.local, timezone: series.zone });
  await check(deps, ctx, t, series.instant, req.force, { ignorePostId: t.post.id });
  const { post, cancelled, created } = await retimeSeries(deps, {
    post: t.post,
    actor: ctx.actor,
    series: {
      rrule: series.rrule,
      exdates: series.exdates,
      start: series.local,
      zone: series.zone,
      first: series.instant,
    },
  });
  const result = { post, moved: created, untouched: cancelled };
  return moved(deps, `Re-timed the series ${post.id} (${count(created.length, 'new job')})`, result, series);
}

async function check(
  deps: CoreDeps,
  ctx: OperationContext,
  t: Target,
  at: Date,
  force: boolean | undefined,
  ignore: { ignorePostId?: string; ignoreJobIds?: string[] },
): Promise<void> {
  const policed = t.campaign && (t.campaign.minGapMinutes > 0 || t.campaign.dailyCap > 0);
  await checkSlotPolicy(deps, {
    workspaceId: ctx.workspace.id,
    campaign: t.campaign,
    accounts: policed ? await t.accounts() : [],
    at,
    force,
    actor: ctx.actor,
    actorRoles: ctx.actorRoles,
    ...ignore,
  });
}

function times(when: When) {
  return { scheduledAt: when.instant, timezone: when.zone, localTime: when.local };
}

function moved(
  deps: CoreDeps,
  title: string,
  result: RescheduleResult,
  when: When,
): Outcome<RescheduleResult> {
  const interpretation = interpret(when, deps.clock.now());
  return {
    result,
    reply: { title, lines: interpretation.lines, public: true, interpretation, postIds: [result.post.id] },
  };
}
