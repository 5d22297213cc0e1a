import { isAhead, seriesStart } from '../domain/planned-time.js';
import { occurrencesBetween } from '../domain/recurrence.js';
import { parseWall, wallToInstant } from '../domain/time.js';
import type { Post, PublishJob } from '../domain/types.js';
import type { CoreDeps } from './deps.js';
import { initialStatus, newJob } from './new-job.js';
import { syncPostTime } from './sync-post.js';

/** How far ahead a series has jobs: far enough for calendars, conflicts and approvals to see them. */
const SERIES_HORIZON_MS = 14 * 86_400_000;
/**
 * The most jobs a post keeps ahead: a dense series (many a day, many accounts) is materialized
 * less far, so one post can never flood the queue, and cancelling it stays quick.
 */
export const MAX_JOBS_AHEAD = 500;

type Deps = Pick<CoreDeps, 'posts' | 'jobs' | 'accounts' | 'campaigns' | 'ids' | 'clock' | 'queue'>;

/**
 * Turns a recurring post's occurrences up to `now + horizon` into jobs, one per occurrence and
 * account. Each occurrence has its own idempotency key, so running this again (every sweep, on
 * every worker) adds only what is missing, and a failed occurrence never stops the series.
 * Exceptions (EXDATE) are honoured by the expansion.
 */
export async function materializeSeries(deps: Deps, post: Post): Promise<PublishJob[]> {
  if (!post.recurrence || post.status !== 'active') return [];
  const now = deps.clock.now();
  // An occurrence went by (published, or failed): the post's own time moves on to the next one.
  if (post.scheduledAt.getTime() < now.getTime()) await syncPostTime(deps, post);
  const until = new Date(now.getTime() + SERIES_HORIZON_MS);
  const stored = await deps.posts.seriesHorizon(post.id);
  // Topped up once a day rather than on every sweep.
  if (stored && stored.getTime() > until.getTime() - 86_400_000) return [];
  const start = seriesStart(post);
  const from = stored ?? startInstant(start, post.timezone) ?? post.scheduledAt;
  const occurrences = occurrencesBetween(
    post.recurrence.rrule,
    start,
    post.timezone,
    post.recurrence.exdates,
    from,
    until,
  ).filter((at) => at.getTime() >= now.getTime() - 1000);
  const [accounts, campaign, ahead] = await Promise.all([
    deps.accounts.getMany(post.workspaceId, post.accountIds),
    post.campaignId ? deps.campaigns.get(post.workspaceId, post.campaignId) : Promise.resolve(null),
    stored ? deps.jobs.listByPost(post.workspaceId, post.id) : Promise.resolve([]),
  ]);
  const room = Math.floor((MAX_JOBS_AHEAD - ahead.filter(isAhead).length) / Math.max(1, accounts.length));
  const taken = occurrences.slice(0, Math.max(0, room));
  const status = initialStatus(campaign?.mode ?? 'suggest_only');
  const jobs = taken.flatMap((at) => accounts.map((a) => newJob(deps, post, a.id, a.platform, at, status)));
  const inserted = await deps.jobs.insertMany(jobs);
  for (const job of inserted)
    if (job.status !== 'suggested') await deps.queue.enqueue(job.id, job.nextAttemptAt);
  // Capped: the next sweep goes on from the last occurrence taken, as the jobs ahead publish.
  const last = taken.at(-1);
  if (taken.length === occurrences.length) await deps.posts.setSeriesHorizon(post.id, until);
  else if (last) await deps.posts.setSeriesHorizon(post.id, last);
  return inserted;
}

function startInstant(start: string, zone: string): Date | null {
  const wall = parseWall(start);
  return wall ? wallToInstant(wall, zone).instant : null;
}
