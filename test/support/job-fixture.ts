import type { PublishJob } from '../../src/core/domain/types.js';

const T0 = new Date('2026-12-01T09:00:00Z');
let seq = 0;

/** A stored-shape PublishJob, scheduled on the dryrun platform at T0, with unique ids and key; override any field. */
export function jobFixture(over: Partial<PublishJob> = {}): PublishJob {
  seq += 1;
  return {
    id: `job_${seq}`,
    workspaceId: 'ws_a',
    postId: `pst_${seq}`,
    accountId: 'acc_1',
    platform: 'dryrun',
    occurrenceAt: T0,
    status: 'scheduled',
    attemptCount: 0,
    failureCount: 0,
    nextAttemptAt: T0,
    idempotencyKey: `key_${seq}`,
    createdAt: T0,
    updatedAt: T0,
    version: 1,
    ...over,
  };
}
