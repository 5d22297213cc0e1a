import { describe, expect, it } from 'vitest';
import {
  canTransition,
  JOB_STATUSES,
  type JobStatus,
  sourcesOf,
} from '../../../../src/core/domain/job-status.js';

/**
 * The machine as SPEC §2/§4/§5 describe it, written out independently of the implementation's
 * table: a change to either that is not made to both fails here.
 */
const ALLOWED: [JobStatus, JobStatus, string][] = [
  ['suggested', 'scheduled', 'publish now on a suggestion'],
  ['suggested', 'cancelled', 'dismiss a suggestion'],
  ['awaiting_approval', 'scheduled', 'approve'],
  ['awaiting_approval', 'cancelled', 'reject or cancel'],
  ['awaiting_approval', 'needs_attention', 'unapproved at due time'],
  ['scheduled', 'publishing', 'claim'],
  ['scheduled', 'needs_attention', 'preflight failed'],
  ['scheduled', 'cancelled', 'cancel before publishing'],
  ['scheduled', 'awaiting_approval', 'edited post needs approval again'],
  ['publishing', 'published', 'success'],
  ['publishing', 'retry_wait', 'transient error'],
  ['publishing', 'failed', 'permanent rejection'],
  ['publishing', 'needs_attention', 'retries exhausted or outcome unknown'],
  ['publishing', 'scheduled', 'rate limited: delayed, not failed'],
  ['retry_wait', 'publishing', 'claim a retry'],
  ['retry_wait', 'scheduled', 'retry now / reschedule'],
  ['retry_wait', 'needs_attention', 'preflight failed before a retry'],
  ['retry_wait', 'cancelled', 'cancel while waiting'],
  ['retry_wait', 'awaiting_approval', 'reschedule of an approved job: approval for the new time'],
  ['needs_attention', 'scheduled', 'retry now / reschedule'],
  ['needs_attention', 'cancelled', 'cancel'],
  ['needs_attention', 'awaiting_approval', 'reschedule of an approved or never-approved job'],
  ['failed', 'scheduled', 'retry after fixing the cause'],
  ['failed', 'cancelled', 'dismiss'],
];

const allowed = new Set(ALLOWED.map(([from, to]) => `${from}->${to}`));
const pairs = JOB_STATUSES.flatMap((from) => JOB_STATUSES.map((to) => [from, to] as const));

describe('job status machine', () => {
  it.each(ALLOWED)('allows %s → %s (%s)', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it.each(pairs.filter(([f, t]) => !allowed.has(`${f}->${t}`)))('refuses %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
  });

  it('never leaves published or cancelled', () => {
    for (const to of JOB_STATUSES) {
      expect(canTransition('published', to)).toBe(false);
      expect(canTransition('cancelled', to)).toBe(false);
    }
  });

  it('only reaches publishing from scheduled or retry_wait, so nothing unapproved or suggested publishes', () => {
    expect(sourcesOf('publishing').sort()).toEqual(['retry_wait', 'scheduled']);
  });

  it('lets a job be cancelled from every status before publishing starts', () => {
    for (const from of ['suggested', 'awaiting_approval', 'scheduled', 'retry_wait'] as const) {
      expect(canTransition(from, 'cancelled')).toBe(true);
    }
    expect(canTransition('publishing', 'cancelled')).toBe(false);
  });
});
