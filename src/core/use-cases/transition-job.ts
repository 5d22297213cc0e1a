import { canTransition, type JobStatus } from '../domain/job-status.js';
import type { Actor, PublishJob } from '../domain/types.js';
import { HeraldError } from '../errors.js';
import type { JobPatch } from '../ports/job-repository.js';
import type { CoreDeps } from './deps.js';

interface TransitionInput {
  job: PublishJob;
  to: JobStatus;
  actor: Actor;
  patch?: JobPatch;
  /** Why: policy mode, approver, error code… stored on the AuditEvent. */
  decision?: Record<string, unknown>;
}

/**
 * Moves one job along the status machine: refuses what the table forbids, applies the change
 * as one compare-and-set on (status, version), and audits it. `to` equal to the current status
 * is an update without a status change (new time, cleared error), guarded and audited alike. Returns null when someone else
 * changed the job first (nothing was written).
 */
export async function transitionJob(
  deps: Pick<CoreDeps, 'jobs' | 'audit' | 'ids' | 'clock'>,
  input: TransitionInput,
): Promise<PublishJob | null> {
  const { job, to } = input;
  if (job.status !== to && !canTransition(job.status, to)) {
    throw new HeraldError('INVALID_TRANSITION', `Job ${job.id} is ${job.status}; it cannot become ${to}.`, {
      details: { jobId: job.id, status: job.status, requested: to },
    });
  }
  const updated = await deps.jobs.transition(
    job.id,
    { from: [job.status], expectedVersion: job.version },
    to,
    input.patch,
  );
  if (!updated) return null;
  await auditTransition(deps, { before: job, updated, actor: input.actor, decision: input.decision });
  return updated;
}

/** The audit event of a job's move from `before` (its status and version then) to `updated`. */
export async function auditTransition(
  deps: Pick<CoreDeps, 'audit' | 'ids' | 'clock'>,
  move: {
    before: Pick<PublishJob, 'status' | 'version'>;
    updated: PublishJob;
    actor: Actor;
    decision?: Record<string, unknown> | undefined;
  },
): Promise<void> {
  const { before, updated } = move;
  await deps.audit.append({
    id: deps.ids.next('aud'),
    workspaceId: updated.workspaceId,
    at: deps.clock.now(),
    actor: move.actor,
    action: `job.${updated.status}`,
    subject: { type: 'job', id: updated.id },
    before: { status: before.status, version: before.version },
    after: { status: updated.status, version: updated.version },
    decision: { postId: updated.postId, ...move.decision },
  });
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: 'herald-worker' };
