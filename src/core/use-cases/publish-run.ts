import type { Account, Post, PublishJob } from '../domain/types.js';
import type { Publisher } from '../ports/publisher.js';

type PublishOutcome =
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

/** Everything an attempt needs, handed from the claim to the attempt and its settlement. */
export interface AttemptContext {
  job: PublishJob;
  account: Account;
  post: Post;
  publisher: Publisher;
  token: string | undefined;
  workerId: string;
}
