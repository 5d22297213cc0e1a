import type { JobStatus } from './job-status.js';
import type { PublishJob } from './types.js';

/**
 * One word for a post's state as users see it in lists: the jobs' status when they agree,
 * otherwise the most urgent one first ("needs_attention" beats "scheduled").
 */
const URGENCY: JobStatus[] = [
  'needs_attention',
  'failed',
  'publishing',
  'retry_wait',
  'awaiting_approval',
  'suggested',
  'scheduled',
  'published',
  'cancelled',
];

export function summarizePostStatus(jobs: readonly PublishJob[]): JobStatus | 'empty' {
  if (jobs.length === 0) return 'empty';
  return URGENCY.find((status) => jobs.some((j) => j.status === status)) ?? 'scheduled';
}
