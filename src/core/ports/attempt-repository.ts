import type { PublishAttempt } from '../domain/types.js';

/** Every publish attempt, written before the platform call and completed after it. */
export interface AttemptRepository {
  /** Unique on (jobId, attemptNumber): a second worker can never record the same attempt. */
  insert(attempt: PublishAttempt): Promise<void>;
  /** Completes an attempt; called once, by the worker that inserted it. */
  complete(
    id: string,
    result: Pick<PublishAttempt, 'result' | 'finishedAt'> & Partial<PublishAttempt>,
  ): Promise<void>;
  listByJob(workspaceId: string, jobId: string): Promise<PublishAttempt[]>;
  listByPost(workspaceId: string, postId: string): Promise<PublishAttempt[]>;
}
