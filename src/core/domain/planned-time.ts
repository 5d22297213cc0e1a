import { PENDING_STATUSES } from './job-status.js';
import type { Post, PublishJob } from './types.js';

/**
 * A post's own time follows its jobs: they are what publishes, so what a person sees (list,
 * show, cards, the date filter) is derived from them here, in one place, and every operation
 * that moves jobs writes it back onto the post.
 */

/** A job still ahead of its post: waiting in any way, or publishing right now. */
export function isAhead(job: Pick<PublishJob, 'status'>): boolean {
  return job.status === 'publishing' || PENDING_STATUSES.includes(job.status);
}

/** The earliest planned time of the jobs still ahead; the post's last known time once none is. */
export function plannedTime(post: Pick<Post, 'scheduledAt'>, jobs: readonly PublishJob[]): Date {
  let earliest = Number.POSITIVE_INFINITY;
  for (const job of jobs) if (isAhead(job)) earliest = Math.min(earliest, job.occurrenceAt.getTime());
  return Number.isFinite(earliest) ? new Date(earliest) : post.scheduledAt;
}

/** The wall time a series' rule counts from; series stored before `start` existed keep it in `localTime`. */
export function seriesStart(post: Pick<Post, 'recurrence' | 'localTime'>): string {
  return post.recurrence?.start ?? post.localTime;
}

/** Which occurrence of its series a job publishes (for a one-off post: its own time). */
export function occurrenceOf(job: Pick<PublishJob, 'seriesAt' | 'occurrenceAt'>): Date {
  return job.seriesAt ?? job.occurrenceAt;
}

/** What one account of the post publishes: its own caption when it has one. */
export function captionFor(post: Pick<Post, 'caption' | 'captions'>, accountId: string): string {
  return post.captions?.[accountId] ?? post.caption;
}
