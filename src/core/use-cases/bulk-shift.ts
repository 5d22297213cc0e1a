import type { Actor, PublishJob } from '../domain/types.js';
import { HeraldError } from '../errors.js';
import { applySpan, parseRelative } from '../language/durations.js';
import type { CoreDeps } from './deps.js';
import { transitionJob } from './transition-job.js';

const MOVABLE = new Set(['suggested', 'awaiting_approval', 'scheduled', 'retry_wait', 'needs_attention']);

export interface BulkShiftInput {
  workspaceId: string;
  actor: Actor;
  accountId: string;
  from: Date;
  to: Date;
  /** `+1h`, `-30m`, `+2d` (days keep the local wall time in the account's zone). */
  by: string;
  zone: string;
}

export interface ShiftResult {
  jobId: string;
  postId: string;
  ok: boolean;
  from: Date;
  to?: Date;
  error?: string;
}

/**
 * Moves every not-yet-published job of an account with an occurrence in [from, to) by a delta.
 * All-or-nothing per job (one CAS each), with a result per job: a job that would land in the
 * past, or that someone changed meanwhile, is reported and left as it was.
 */
export async function bulkShift(
  deps: Pick<CoreDeps, 'jobs' | 'audit' | 'ids' | 'clock' | 'queue'>,
  input: BulkShiftInput,
): Promise<ShiftResult[]> {
  const delta = parseRelative(input.by);
  if (!delta?.delta)
    throw new HeraldError('VALIDATION_FAILED', `"${input.by}" is not a shift.`, {
      hint: 'Use a signed duration: "+1h", "-30m", "+2d".',
    });
  const now = deps.clock.now();
  const jobs = await deps.jobs.listByAccountInWindow(
    input.workspaceId,
    input.accountId,
    input.from,
    input.to,
  );
  const results: ShiftResult[] = [];
  for (const job of jobs.filter((j) => MOVABLE.has(j.status))) {
    const target = applySpan(job.occurrenceAt, delta.span, delta.sign, input.zone);
    results.push(
      target.getTime() <= now.getTime()
        ? refused(job, target, 'would be in the past')
        : await move(deps, job, target, input.actor),
    );
  }
  return results;
}

async function move(
  deps: Pick<CoreDeps, 'jobs' | 'audit' | 'ids' | 'clock' | 'queue'>,
  job: PublishJob,
  target: Date,
  actor: Actor,
): Promise<ShiftResult> {
  const moved = await transitionJob(deps, {
    job,
    to: job.status,
    actor,
    patch: { occurrenceAt: target, nextAttemptAt: target },
    decision: { control: 'bulk_shift' },
  });
  if (!moved) return refused(job, target, 'changed by someone else meanwhile');
  if (moved.status !== 'suggested') await deps.queue.enqueue(moved.id, target);
  return { jobId: job.id, postId: job.postId, ok: true, from: job.occurrenceAt, to: target };
}

function refused(job: PublishJob, target: Date, why: string): ShiftResult {
  return { jobId: job.id, postId: job.postId, ok: false, from: job.occurrenceAt, to: target, error: why };
}
