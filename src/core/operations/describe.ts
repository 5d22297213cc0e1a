import type { Badge } from '../cards/card.js';
import { readinessBadges } from '../cards/readiness.js';
import { plannedTime } from '../domain/planned-time.js';
import { summarizePostStatus } from '../domain/post-status.js';
import type { Account, AutonomyMode, Media, Post, PublishJob } from '../domain/types.js';
import { formatLocal, formatRelative } from '../language/index.js';
import type { PostView } from '../use-cases/list-posts.js';
import type { MoveResult } from '../use-cases/move-jobs.js';
import { count } from './reply.js';

/** Readiness badges that say something stands in a post's way (the others repeat its status). */
const PROBLEMS: readonly Badge['kind'][] = [
  'missing_media',
  'token_missing',
  'token_expiring',
  'needs_attention',
  'failed',
  'retrying',
];

/** What happens next, in words, right after scheduling. */
export function statusLine(jobs: PublishJob[], mode: AutonomyMode): string {
  if (mode === 'auto') return `status: scheduled — publishes on its own (campaign mode: auto)`;
  if (mode === 'approval') return `status: awaiting approval — an approver must approve before it is due`;
  return `status: suggested — nothing publishes until someone presses "Publish now" (${count(jobs.length, 'job')})`;
}

/** The status word a list shows: the jobs' state, or `cancelled` for a stopped post with nothing left. */
export function shownStatus(post: Post, jobs: readonly PublishJob[]): string {
  const summary = summarizePostStatus(jobs);
  return post.status === 'cancelled' && (summary === 'empty' || summary === 'cancelled')
    ? 'cancelled'
    : summary;
}

/** When a post publishes, as a person reads it: local time, zone, and how far away. */
export function whenText(post: Post, jobs: readonly PublishJob[], now: Date): string {
  const at = plannedTime(post, jobs);
  return `${formatLocal(at, post.timezone)} (${formatRelative(at, now)})`;
}

/** One line per post for `list`. */
export function postLine(view: PostView, now: Date): string {
  const { post, jobs } = view;
  const accounts = view.accounts.map((a) => `@${a.handle}/${a.platform}`).join(',');
  const caption = post.caption.length > 40 ? `${post.caption.slice(0, 39)}…` : post.caption;
  const repeat = post.recurrence ? ' ↻' : '';
  const problems = readinessBadges(view, now)
    .filter((b) => PROBLEMS.includes(b.kind))
    .map((b) => b.text);
  const flags = problems.length > 0 ? `  ⚠ ${problems.join(', ')}` : '';
  return `${post.id}  ${shownStatus(post, jobs).padEnd(17)} ${whenText(post, jobs, now)}${repeat}  ${accounts}  "${caption}"${flags}`;
}

/** One line per job for `show`: status, attempts, error, link. */
export function jobLine(job: PublishJob, handle: string, zone: string): string {
  const parts = [
    `${job.id}  @${handle}/${job.platform}: ${job.status}`,
    formatLocal(job.occurrenceAt, zone),
    `attempts ${job.attemptCount}`,
  ];
  if (job.status === 'retry_wait')
    parts.push(`retrying (${job.failureCount}/3) at ${job.nextAttemptAt.toISOString()}`);
  if (job.lastError) parts.push(`last error ${job.lastError.code}: ${job.lastError.message}`);
  if (job.platformUrl) parts.push(job.platformUrl);
  return parts.join(' · ');
}

/** The jobs a control left as they were, each with why (its status). */
export function leftAlone(result: Pick<MoveResult, 'moved' | 'untouched'>): string[] {
  return result.untouched
    .filter((j) => !result.moved.some((m) => m.id === j.id) && j.status !== 'cancelled')
    .map((j) => `${j.id} is ${j.status} and was left as it is`);
}

/** What would stop a post publishing, said when it is scheduled rather than when it fails. */
export function readinessWarnings(
  media: readonly Media[],
  accounts: readonly Account[],
  now: Date,
): string[] {
  const view = { post: { media } as Post, jobs: [], accounts: [...accounts] };
  return readinessBadges(view, now)
    .filter((b) => PROBLEMS.includes(b.kind) && !['needs_attention', 'failed', 'retrying'].includes(b.kind))
    .map(
      (b) =>
        `⚠ ${b.text}${b.kind === 'missing_media' ? ': Instagram and TikTok publish media, not text alone' : ''}`,
    );
}
