import type { ScheduleInput } from '../domain/schedule-input.js';
import type { Account, Media, Platform } from '../domain/types.js';
import { HeraldError } from '../errors.js';
import { type Interpretation, interpret, type When } from '../language/index.js';
import type { Draft } from '../ports/draft-store.js';
import type { CoreDeps } from '../use-cases/deps.js';
import { confirmDraft, discardDraft, openDraft, saveDraft } from '../use-cases/drafts.js';
import { type ScheduleResult, schedulePost } from '../use-cases/schedule-post.js';
import { resolveAccounts } from './accounts.js';
import type { OperationContext } from './context.js';
import { applyCover, coverLines } from './cover.js';
import { readinessWarnings, statusLine } from './describe.js';
import { readTime, zoneOrThrow } from './read-time.js';
import type { Outcome, Reply } from './reply.js';
import { NEXT_SLOT, nextSlotWhen } from './slots.js';

/** A new post as a person gives it, on any surface. */
export interface ScheduleRequest {
  /** Accounts as typed or picked: `acc_…` ids, `@mia`, `instagram:@mia`, or several joined by commas. */
  accounts: readonly string[];
  /** A platform word typed after the account (`schedule @mia instagram …`). */
  platform?: Platform | undefined;
  caption: string;
  /** Own captions of some accounts, keyed by the account as typed (`@zoe`, `tiktok:@mia`, `acc_…`). */
  captions?: Readonly<Record<string, string>> | undefined;
  media?: readonly Media[] | undefined;
  /** The cover in words: a moment of the video (`3s`), a picture's URL, or one of the media URLs. */
  cover?: string | undefined;
  /** The time in words: `tomorrow 9am`, `every weekday at 9:30`, `random:10m-20m` … */
  when: string;
  /** An IANA zone overriding the account's (also sayable inside `when` as `tz:Europe/Paris`). */
  timezone?: string | undefined;
  campaignId?: string | undefined;
  force?: boolean | undefined;
  /** The command as typed: kept on a draft so Edit can show it. */
  text?: string | undefined;
  /** The request's Idempotency-Key, when it has one: a retry after a crash resumes, never duplicates. */
  requestKey?: string | undefined;
  /** Also keep the media in the influencer's library ("save to library" on the compose form). */
  saveToLibrary?: boolean | undefined;
}

interface Prepared {
  input: ScheduleInput;
  when: When;
  interpretation: Interpretation;
  accounts: Account[];
}

/** Reads a schedule request into the use case's input: accounts, zone, time, and its echo. */
async function prepare(deps: CoreDeps, ctx: OperationContext, req: ScheduleRequest): Promise<Prepared> {
  const accounts = await resolveAccounts(deps, ctx.workspace.id, req.accounts, req.platform);
  const zone =
    req.timezone !== undefined
      ? zoneOrThrow(req.timezone)
      : (accounts[0]?.timezone ?? ctx.workspace.timezone);
  const when = NEXT_SLOT.test(req.when)
    ? await nextSlotWhen(deps, accounts, await campaignOf(deps, ctx, req.campaignId))
    : await readTime(deps, ctx.workspace.id, { phrase: req.when, zone, accounts });
  const { media, cover } = applyCover(req.media ?? [], req.cover);
  const input: ScheduleInput = {
    workspaceId: ctx.workspace.id,
    actor: ctx.actor,
    accountIds: accounts.map((a) => a.id),
    caption: req.caption,
    captions: await ownCaptions(deps, ctx, accounts, req.captions),
    media,
    ...(cover ? { cover } : {}),
    actorRoles: ctx.actorRoles ?? [],
    ...(req.campaignId ? { campaignId: req.campaignId } : {}),
    ...(req.force ? { force: true } : {}),
    ...(req.requestKey ? { requestKey: req.requestKey } : {}),
    ...(req.saveToLibrary ? { saveToLibrary: true } : {}),
    ...timeFields(when),
  };
  return { input, when, interpretation: interpret(when, deps.clock.now()), accounts };
}

/** Own captions keyed by account id; each key must be one of the post's accounts. */
async function ownCaptions(
  deps: CoreDeps,
  ctx: OperationContext,
  accounts: readonly Account[],
  captions: Readonly<Record<string, string>> | undefined,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [ref, text] of Object.entries(captions ?? {})) {
    const [account] = await resolveAccounts(deps, ctx.workspace.id, ref);
    if (!account || !accounts.some((a) => a.id === account.id))
      throw new HeraldError(
        'VALIDATION_FAILED',
        `${ref} has an own caption but is not one of the post's accounts.`,
        {
          hint: `Add it to the accounts, or drop its caption.`,
          details: { field: 'caption' },
        },
      );
    out[account.id] = text;
  }
  return out;
}

/** The campaign a new post joins: the one named, else the workspace's default. */
async function campaignOf(deps: CoreDeps, ctx: OperationContext, id: string | undefined) {
  const campaignId = id ?? ctx.workspace.defaultCampaignId;
  return campaignId ? deps.campaigns.get(ctx.workspace.id, campaignId) : null;
}

/** Stores a post now (console, REST): checks, post, jobs, wake-ups, and the echo of its time. */
export async function schedule(
  deps: CoreDeps,
  ctx: OperationContext,
  req: ScheduleRequest,
): Promise<Outcome<ScheduleResult>> {
  const { input, interpretation, accounts } = await prepare(deps, ctx, req);
  const result = await schedulePost(deps, input);
  return { result, reply: scheduledReply(result, accounts, interpretation, deps.clock.now()) };
}

/**
 * Chat reads a schedule back before storing it: the same checks, then a draft its author
 * confirms (Confirm / Edit / Cancel). Nothing is stored as a post until then.
 */
export async function draftSchedule(
  deps: CoreDeps,
  ctx: OperationContext,
  req: ScheduleRequest,
): Promise<Outcome<{ draft: Draft }>> {
  const { input, interpretation, accounts } = await prepare(deps, ctx, req);
  const draft = await saveDraft(deps, input, req.text ?? '');
  const warnings = readinessWarnings(input.media ?? [], accounts, deps.clock.now());
  const reply: Reply = {
    title: `Schedule for ${targetsOf(accounts)}? Nothing is stored until you confirm.`,
    lines: [
      `caption: ${input.caption}`,
      ...interpretation.lines,
      ...coverLines(input.cover, accounts),
      ...warnings,
    ],
    public: false,
    interpretation,
    draftId: draft.id,
  };
  return { result: { draft }, reply };
}

/** Confirm on a draft: the post is stored exactly once, with the checks run again. */
export async function confirmSchedule(
  deps: CoreDeps,
  ctx: OperationContext,
  draftId: string,
): Promise<Outcome<ScheduleResult>> {
  const result = await confirmDraft(deps, { workspaceId: ctx.workspace.id, draftId, actor: ctx.actor });
  const accounts = await deps.accounts.getMany(ctx.workspace.id, result.post.accountIds);
  const { post } = result;
  const when: When = post.recurrence
    ? {
        kind: 'recurring',
        instant: post.scheduledAt,
        zone: post.timezone,
        local: post.localTime,
        ...post.recurrence,
      }
    : { kind: 'once', instant: post.scheduledAt, zone: post.timezone, local: post.localTime };
  return {
    result,
    reply: scheduledReply(result, accounts, interpret(when, deps.clock.now()), deps.clock.now()),
  };
}

function scheduledReply(
  result: ScheduleResult,
  accounts: readonly Account[],
  interpretation: Interpretation,
  now: Date,
): Reply {
  return {
    title: `Scheduled ${result.post.id} for ${targetsOf(accounts)}`,
    lines: [
      ...interpretation.lines,
      statusLine(result.jobs, result.campaign?.mode ?? 'suggest_only'),
      ...coverLines(result.post.cover, accounts),
      ...readinessWarnings(result.post.media, accounts, now),
    ],
    public: true,
    interpretation,
    postIds: [result.post.id],
  };
}

/** The fields of a post that come from a parsed time. */
export function timeFields(when: When) {
  const base = { scheduledAt: when.instant, timezone: when.zone, localTime: when.local };
  return when.kind === 'recurring'
    ? { ...base, recurrence: { rrule: when.rrule, exdates: when.exdates } }
    : base;
}

function targetsOf(accounts: readonly Account[]): string {
  return accounts.map((a) => `@${a.handle} (${a.platform})`).join(', ');
}

/** Cancel on a draft: nothing is scheduled, and its Confirm is refused from then on. */
export async function discardSchedule(
  deps: CoreDeps,
  ctx: OperationContext,
  draftId: string,
): Promise<Outcome<{ draft: Draft }>> {
  const draft = await discardDraft(deps, { workspaceId: ctx.workspace.id, draftId, actor: ctx.actor });
  return {
    result: { draft },
    reply: { title: 'Cancelled — nothing was scheduled.', lines: [], public: false },
  };
}

/** Edit on a draft: its author's own, unexpired draft, to fill the compose form with. */
export async function openSchedule(deps: CoreDeps, ctx: OperationContext, draftId: string): Promise<Draft> {
  return openDraft(deps, { workspaceId: ctx.workspace.id, draftId, actor: ctx.actor });
}
