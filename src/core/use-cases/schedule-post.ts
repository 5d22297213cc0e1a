import type { Actor, Campaign, Media, Post, PublishJob, Recurrence } from '../domain/types.js';
import { HeraldError } from '../errors.js';
import { assertNoConflict } from './check-conflicts.js';
import type { CoreDeps } from './deps.js';
import { materializeSeries } from './materialize-series.js';
import { initialStatus, newJob } from './new-job.js';

export interface ScheduleInput {
  workspaceId: string;
  actor: Actor;
  accountIds: string[];
  caption: string;
  media?: Media[];
  /** The (first) occurrence, already resolved from the user's words by the language layer. */
  scheduledAt: Date;
  timezone: string;
  localTime: string;
  recurrence?: Recurrence;
  campaignId?: string;
  draftId?: string;
  /** Accept despite a minimum-gap or daily-cap conflict (SPEC §4). */
  force?: boolean;
}

export interface ScheduleResult {
  post: Post;
  jobs: PublishJob[];
  campaign: Campaign | null;
}

export const MAX_CAPTION_LENGTH = 5000;

/** Stores a post and one job per account for its first occurrence, queues the wake-ups, audits it. */
export async function schedulePost(
  deps: Pick<
    CoreDeps,
    'posts' | 'jobs' | 'accounts' | 'campaigns' | 'workspaces' | 'audit' | 'ids' | 'clock' | 'queue'
  >,
  input: ScheduleInput,
): Promise<ScheduleResult> {
  validate(input, deps.clock.now());
  const accounts = await deps.accounts.getMany(input.workspaceId, input.accountIds);
  const missing = input.accountIds.filter((id) => !accounts.some((a) => a.id === id));
  if (missing.length > 0) {
    throw new HeraldError('NOT_FOUND', `No account ${missing.join(', ')} in this workspace.`, {
      hint: 'See the connected accounts with `accounts`.',
    });
  }
  const campaign = await resolveCampaign(deps, input);
  if (!input.force)
    await assertNoConflict(deps, {
      workspaceId: input.workspaceId,
      campaign,
      accounts,
      at: input.scheduledAt,
    });
  const now = deps.clock.now();
  const post: Post = {
    id: deps.ids.next('pst'),
    workspaceId: input.workspaceId,
    draftId: input.draftId,
    accountIds: [...new Set(input.accountIds)],
    caption: input.caption,
    media: input.media ?? [],
    scheduledAt: input.scheduledAt,
    timezone: input.timezone,
    localTime: input.localTime,
    recurrence: input.recurrence,
    campaignId: campaign?.id,
    status: 'active',
    createdBy: input.actor,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const status = initialStatus(campaign?.mode ?? 'suggest_only');
  const jobs = accounts.map((account) =>
    newJob(deps, post, account.id, account.platform, input.scheduledAt, status),
  );
  if (!post.recurrence) post.jobIds = jobs.map((j) => j.id);
  await deps.posts.insert(post);
  await deps.jobs.insertMany(jobs);
  for (const job of jobs) if (job.status !== 'suggested') await deps.queue.enqueue(job.id, job.nextAttemptAt);
  const series = post.recurrence ? await materializeSeries(deps, post) : [];
  await deps.audit.append({
    id: deps.ids.next('aud'),
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
  return { post, jobs: [...jobs, ...series], campaign };
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
  if (input.caption.length > MAX_CAPTION_LENGTH) {
    throw new HeraldError(
      'VALIDATION_FAILED',
      `The caption has ${input.caption.length} characters; the most is ${MAX_CAPTION_LENGTH}.`,
    );
  }
  if (input.accountIds.length === 0) {
    throw new HeraldError('VALIDATION_FAILED', 'A post needs at least one account.', {
      hint: 'Name one: schedule @demo …',
    });
  }
  if (input.scheduledAt.getTime() < now.getTime() - 1000) {
    throw new HeraldError('TIME_IN_PAST', `${input.scheduledAt.toISOString()} is in the past.`, {
      hint: 'Pick a future time, e.g. "in 10 minutes" or "tomorrow 9am".',
    });
  }
}
