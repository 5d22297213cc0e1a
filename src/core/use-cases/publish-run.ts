import type { PublishJob } from '../domain/types.js';

export type PublishOutcome =
  | 'published'
  | 'retry_scheduled'
  | 'rate_limited'
  | 'needs_attention'
  | 'failed'
  | 'skipped';

/** What one run of the publish handler did, for logs, metrics and tests. */
export interface PublishRun {
  outcome: PublishOutcome;
  /** Why nothing happened: missing, not_pending, not_due, lost_race. */
  reason?: string;
  job?: PublishJob;
}
