import { busiestDay } from '../domain/density.js';
import type { ScheduleInput } from '../domain/schedule-input.js';
import type { Account, Campaign, Post, PublishJob } from '../domain/types.js';
import { HeraldError } from '../errors.js';
import { checkSlotPolicy } from './check-conflicts.js';
import type { CoreDeps } from './deps.js';
import { MAX_JOBS_AHEAD, materializeSeries } from './materialize-series.js';
import { initialStatus, newJob } from './new-job.js';
import { notifySafely } from './notify.js';

export type { ScheduleInput } from '../domain/schedule-input.js';

export interface ScheduleResult {
  post: Post;
  jobs: PublishJob[];
  campaign: Campaign | null;
}

export const MAX_CAPTION_LENGTH = 5000;

/** What scheduling needs: the stores it writes, the queue, the clock, and the notifier for approval cards. */
export type ScheduleDeps = Pick<
  CoreDeps,
  | 'posts'
  | 'jobs'
  | 'accounts'
  | 'campaigns'
  | 'workspaces'
  | 'audit'
  | 'ids'
  | 'clock'
  | 'queue'
  | 'notifier'
  | 'assets'
>;

/**
 * Every check `schedulePost` makes before writing — input, accounts, campaign, conflicts —
 * without writing: what a chat draft runs before it offers Confirm, so a confirm rarely fails.
 */
export async function previewSchedule(
  deps: Pick<CoreDeps, 'jobs' | 'accounts' | 'campaigns' | 'workspaces' | 'clock' | 'ids'>,
  input: ScheduleInput,
): Promise<{ accounts: Account[]; campaign: Campaign | null }> {
  validate(input, deps.clock.now());
  const accounts = await deps.accounts.getMany(input.workspaceId, input.accountIds);
  const missing = input.accountIds.filter((id) => !accounts.some((a) => a.id === id));
  if (missing.length > 0) {
    throw new HeraldError('NOT_FOUND', `No account ${missing.join(', ')} in this workspace.`, {
      hint: 'See the connected accounts with `accounts`.',
    });
  }
  const campaign = await resolveCampaign(deps, input);
  await checkSlotPolicy(deps, {
    workspaceId: input.workspaceId,
    campaign,
    accounts,
    at: input.scheduledAt,
    // A create run again after a crash must not conflict with what its first run stored.
    ...(input.requestKey ? { ignorePostId: postIdOf(deps, input) } : {}),
    force: input.force,
    actor: input.actor,
    actorRoles: input.actorRoles,
  });
  return { accounts, campaign };
}

/**
 * Stores a post and one job per account for its first occurrence, queues the wake-ups, audits
 * it, and asks for a decision where the campaign wants one (an approval or a suggestion card).
 */
export async function schedulePost(deps: ScheduleDeps, input: ScheduleInput): Promise<ScheduleResult> {
  const { accounts, campaign } = await previewSchedule(deps, input);
  const now = deps.clock.now();
  const post: Post = {
    id: postIdOf(deps, input),
    workspaceId: input.workspaceId,
    draftId: input.draftId,
    accountIds: [...new Set(input.accountIds)],
    caption: input.caption,
    ...(input.captions && Object.keys(input.captions).length > 0 ? { captions: input.captions } : {}),
    media: input.media ?? [],
    ...(input.cover ? { cover: input.cover } : {}),
    scheduledAt: input.scheduledAt,
    timezone: input.timezone,
    localTime: input.localTime,
    recurrence: input.recurrence ? { ...input.recurrence, start: input.localTime } : undefined,
    campaignId: campaign?.id,
    ...(input.assetId ? { assetId: input.assetId } : {}),
    status: 'active',
    createdBy: input.actor,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const status = initialStatus(campaign?.mode ?? 'suggest_only');
  const jobs = accounts.map((account) =>
    newJob(deps, post, account.id, account.platform, input.scheduledAt, status, {
      ...(input.requestKey ? { id: deps.ids.derive('job', `${post.id}:${account.id}`) } : {}),
    }),
  );
  if (!post.recurrence) post.jobIds = jobs.map((j) => j.id);
  // A retried create (same request key) finds its first run's post and finishes what it began.
  const fresh = await deps.posts.insert(post);
  await deps.jobs.insertMany(jobs);
  for (const job of jobs) if (job.status !== 'suggested') await deps.queue.enqueue(job.id, job.nextAttemptAt);
  const series = post.recurrence ? await materializeSeries(deps, post) : [];
  await deps.audit.append({
    id: input.requestKey ? deps.ids.derive('aud', `${post.id}:scheduled`) : deps.ids.next('aud'),
    workspaceId: post.workspaceId,
    at: now,
    actor: input.actor,
    action: 'post.scheduled',
    subject: { type: 'post', id: post.id },
    after: {
      scheduledAt: post.scheduledAt,
      timezone: post.timezone,
      accounts: post.accountIds,
      jobStatus: status,
    },
    decision: {
      policyMode: campaign?.mode ?? 'suggest_only',
      campaignId: campaign?.id,
      forced: input.force === true,
    },
  });
  if (fresh && input.saveToLibrary) await keepInLibrary(deps, post, accounts[0]?.influencerId);
  const all = fresh ? [...jobs, ...series] : await deps.jobs.listByPost(post.workspaceId, post.id);
  if (status === 'awaiting_approval' || status === 'suggested')
    await notifySafely(deps, post.workspaceId, {
      type: status === 'suggested' ? 'suggested' : 'approval_requested',
      post,
      jobs: all,
    });
  const stored = fresh ? post : ((await deps.posts.get(post.workspaceId, post.id)) ?? post);
  return { post: stored, jobs: all, campaign };
}

/** A new post's id: derived from the request key when there is one, so a retried create finds it. */
function postIdOf(deps: Pick<CoreDeps, 'ids'>, input: ScheduleInput): string {
  return input.requestKey
    ? deps.ids.derive('pst', `${input.workspaceId}:${input.requestKey}`)
    : deps.ids.next('pst');
}

async function resolveCampaign(
  deps: Pick<CoreDeps, 'campaigns' | 'workspaces'>,
  input: ScheduleInput,
): Promise<Campaign | null> {
  const id = input.campaignId ?? (await deps.workspaces.get(input.workspaceId))?.defaultCampaignId;
  if (!id) return null;
  const campaign = await deps.campaigns.get(input.workspaceId, id);
  if (!campaign && input.campaignId) {
    throw new HeraldError('NOT_FOUND', `No campaign "${input.campaignId}" in this workspace.`);
  }
  return campaign;
}

function validate(input: ScheduleInput, now: Date): void {
  const caption = input.caption.trim();
  if (caption.length === 0 && (input.media ?? []).length === 0) {
    throw new HeraldError('VALIDATION_FAILED', 'A post needs a caption or media.', {
      hint: 'schedule @demo "Hello from Herald" in 10s',
    });
  }
  for (const [accountId, own] of Object.entries(input.captions ?? {})) {
    if (!input.accountIds.includes(accountId))
      throw new HeraldError(
        'VALIDATION_FAILED',
        `An own caption names account ${accountId}, which this post does not go to.`,
        {
          hint: "Give own captions only for the post's accounts.",
          details: { field: 'caption' },
        },
      );
    if (own.length > MAX_CAPTION_LENGTH || (!own.trim() && (input.media ?? []).length === 0))
      throw new HeraldError(
        'VALIDATION_FAILED',
        `The own caption of account ${accountId} is empty or too long.`,
        {
          hint: `Give it 1 to ${MAX_CAPTION_LENGTH} characters, or leave it out to use the main caption.`,
          details: { field: 'caption' },
        },
      );
  }
  if (input.caption.length > MAX_CAPTION_LENGTH) {
    throw new HeraldError(
      'VALIDATION_FAILED',
      `The caption has ${input.caption.length} characters; the most is ${MAX_CAPTION_LENGTH}.`,
    );
  }
  if (input.cover && !(input.media ?? []).some((m) => m.kind === 'video'))
    throw new HeraldError(
      'VALIDATION_FAILED',
      'A cover is what a video opens on, and this post has no video.',
      {
        hint: 'Add a video URL (.mp4, .mov), or leave the cover out.',
        details: { field: 'cover' },
      },
    );
  if (input.accountIds.length === 0) {
    throw new HeraldError('VALIDATION_FAILED', 'A post needs at least one account.', {
      hint: 'Name one: schedule @demo …',
    });
  }
  assertFitsAhead(input);
  if (input.scheduledAt.getTime() < now.getTime() - 1000) {
    throw new HeraldError('TIME_IN_PAST', `${input.scheduledAt.toISOString()} is in the past.`, {
      hint: 'Pick a future time, e.g. "in 10 minutes" or "tomorrow 9am".',
    });
  }
}

/** A day of the series, on every account, must fit in the jobs a post keeps ahead. */
export function assertFitsAhead(
  input: Pick<ScheduleInput, 'recurrence' | 'localTime' | 'timezone' | 'accountIds'>,
): void {
  if (!input.recurrence) return;
  const { rrule, exdates } = input.recurrence;
  const { count } = busiestDay({ rrule, start: input.localTime, zone: input.timezone, exdates });
  const perDay = count * new Set(input.accountIds).size;
  if (perDay <= MAX_JOBS_AHEAD) return;
  throw new HeraldError(
    'TOO_MANY_OCCURRENCES',
    `This series makes ${perDay} jobs a day (${count} a day on ${new Set(input.accountIds).size} accounts); a post keeps at most ${MAX_JOBS_AHEAD} jobs ahead.`,
    { hint: 'Repeat less often, or split the accounts over several posts.' },
  );
}

/**
 * "Save to library": the post's media join the influencer's library, captioned like the post
 * (its hashtags as the asset's), at the middle score; a URL the library already has is left as is.
 */
async function keepInLibrary(
  deps: Pick<ScheduleDeps, 'assets' | 'ids' | 'clock'>,
  post: Post,
  influencerId: string | undefined,
): Promise<void> {
  if (!influencerId) return;
  const hashtags = [...new Set([...post.caption.matchAll(/#([\p{L}\p{N}_]+)/gu)].map((m) => m[1] as string))];
  const caption = post.caption.replace(/(^|\s)#[\p{L}\p{N}_]+/gu, '').trim();
  const now = deps.clock.now();
  for (const media of post.media)
    await deps.assets.insert({
      id: deps.ids.next('ast'),
      workspaceId: post.workspaceId,
      influencerId,
      url: media.url,
      kind: media.kind,
      caption,
      hashtags,
      tags: [],
      score: 50,
      state: 'ready',
      timesPosted: 0,
      addedAt: now,
      addedBy: post.createdBy,
      updatedAt: now,
      version: 1,
    });
}
