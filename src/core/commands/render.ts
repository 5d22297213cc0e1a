import { summarizePostStatus } from '../domain/post-status.js';
import type { AutonomyMode, PublishJob } from '../domain/types.js';
import type { PostView } from '../use-cases/list-posts.js';

/** What happens next, in words, right after scheduling. */
export function statusLine(jobs: PublishJob[], mode: AutonomyMode): string {
  if (mode === 'auto') return `status: scheduled — publishes on its own (campaign mode: auto)`;
  if (mode === 'approval') return `status: awaiting approval — an approver must approve before it is due`;
  return `status: suggested — nothing publishes until someone presses "Publish now" (${jobs.length} job${jobs.length === 1 ? '' : 's'})`;
}

/** One line per post for `list`. */
export function postLine(view: PostView): string {
  const status = summarizePostStatus(view.jobs);
  const accounts = view.accounts.map((a) => `@${a.handle}/${a.platform}`).join(',');
  const caption = view.post.caption.length > 40 ? `${view.post.caption.slice(0, 39)}…` : view.post.caption;
  const when = `${view.post.localTime.replace('T', ' ')} ${view.post.timezone}`;
  return `${view.post.id}  ${status.padEnd(17)} ${when}  ${accounts}  "${caption}"`;
}

/** One line per job for `show`: status, attempts, error, link. */
export function jobLine(job: PublishJob, handle: string): string {
  const parts = [`${job.id}  @${handle}/${job.platform}: ${job.status}`, `attempts ${job.attemptCount}`];
  if (job.status === 'retry_wait')
    parts.push(`retrying (${job.failureCount}/3) at ${job.nextAttemptAt.toISOString()}`);
  if (job.lastError) parts.push(`last error ${job.lastError.code}: ${job.lastError.message}`);
  if (job.platformUrl) parts.push(job.platformUrl);
  return parts.join(' · ');
}
