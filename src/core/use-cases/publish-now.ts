import type { JobStatus } from '../domain/job-status.js';
import type { PublishJob } from '../domain/types.js';
import { HeraldError } from '../errors.js';
import { type DecisionInput, guardApprover } from './approve-post.js';
import type { CoreDeps } from './deps.js';
import { jobsOfPost } from './jobs-of-post.js';
import { type MoveResult, moveJobsOfPost, namedJobs } from './move-jobs.js';
import { announceDecision } from './notify.js';

type Deps = Pick<
  CoreDeps,
  'posts' | 'jobs' | 'campaigns' | 'audit' | 'ids' | 'clock' | 'queue' | 'settings' | 'notifier'
>;

/**
 * Force-publish (behind HERALD_PUBLISH_NOW_ENABLED): every job still waiting — scheduled,
 * retrying, needing attention, or a suggestion — becomes due now. Pressing "Publish now" on a
 * suggest-only post is how that mode publishes at all, so it works without the flag. A suggestion is a decision
 * to publish, so when the campaign names approvers only they may press it. Jobs awaiting
 * approval are not touched: publish-now never skips an approval.
 */
export async function publishNow(deps: Deps, input: DecisionInput): Promise<MoveResult> {
  const now = deps.clock.now();
  const result = await moveJobsOfPost(
    deps,
    {
      ...input,
      from: PUBLISH_NOW_FROM,
      to: 'scheduled',
      // A series publishes its next occurrence now, never its whole horizon at once.
      select: namedJobs(input) ?? nextOccurrence,
      verb: 'publish now',
      patch: () => ({ nextAttemptAt: now, lastError: null }),
      decision: { control: 'publish_now' },
    },
    async (post) => {
      const campaign = post.campaignId ? await deps.campaigns.get(post.workspaceId, post.campaignId) : null;
      const hasSuggestions = (await jobsOfPost(deps, post)).some((j) => j.status === 'suggested');
      // Accepting a suggestion is the suggest-only workflow itself; forcing anything else early needs the flag.
      if (!hasSuggestions && !deps.settings.publishNowEnabled) {
        throw new HeraldError('FEATURE_DISABLED', 'Publish now is turned off in this installation.', {
          hint: 'An operator can enable it with HERALD_PUBLISH_NOW_ENABLED=true.',
        });
      }
      if (hasSuggestions && (campaign?.approvers.length ?? 0) > 0) await guardApprover(deps, post, input);
    },
  );
  for (const job of result.moved) await deps.queue.enqueue(job.id, now);
  // A suggestion taken up: its cards elsewhere stop offering "Publish now" (not awaited).
  if (result.movedFrom.includes('suggested'))
    announceDecision(deps, result.post, { decision: 'publish_now', by: input.actor }, input.madeOn);
  return result;
}

/**
 * "Publish" on a suggestion (an autopilot pick in a suggest-only campaign): its jobs are
 * scheduled for the time they were suggested at (now, if that has passed). When the campaign
 * names approvers, only they may press it.
 */
export async function acceptSuggestion(deps: Deps, input: DecisionInput): Promise<MoveResult> {
  const now = deps.clock.now();
  const result = await moveJobsOfPost(
    deps,
    {
      ...input,
      from: ['suggested'],
      to: 'scheduled',
      select: namedJobs(input),
      verb: 'publish',
      patch: (job) => ({ nextAttemptAt: job.occurrenceAt > now ? job.occurrenceAt : now }),
      decision: { control: 'accept_suggestion' },
    },
    async (post) => {
      const campaign = post.campaignId ? await deps.campaigns.get(post.workspaceId, post.campaignId) : null;
      if ((campaign?.approvers.length ?? 0) > 0) await guardApprover(deps, post, input);
    },
  );
  for (const job of result.moved) await deps.queue.enqueue(job.id, job.nextAttemptAt);
  if (result.moved.length > 0)
    announceDecision(deps, result.post, { decision: 'publish_now', by: input.actor }, input.madeOn);
  return result;
}

/** Retry now: a job needing attention, failed, or waiting for a retry is due again now, with a fresh retry budget. */
export async function retryNow(deps: Deps, input: DecisionInput): Promise<MoveResult> {
  const now = deps.clock.now();
  const result = await moveJobsOfPost(deps, {
    ...input,
    from: ['needs_attention', 'failed', 'retry_wait'],
    to: 'scheduled',
    select: namedJobs(input),
    verb: 'retry',
    patch: () => ({ nextAttemptAt: now, failureCount: 0 }),
    decision: { control: 'retry_now' },
  });
  for (const job of result.moved) await deps.queue.enqueue(job.id, now);
  return result;
}

const PUBLISH_NOW_FROM: readonly JobStatus[] = ['scheduled', 'retry_wait', 'needs_attention', 'suggested'];

/** The jobs of the earliest occurrence still waiting: what "publish now" means for a series. */
function nextOccurrence(jobs: PublishJob[]): PublishJob[] {
  const waiting = jobs.filter((j) => PUBLISH_NOW_FROM.includes(j.status));
  const first = Math.min(...waiting.map((j) => j.occurrenceAt.getTime()));
  return waiting.filter((j) => j.occurrenceAt.getTime() === first);
}
