import type { PublishJob } from '../domain/types.js';
import { wakeSecond } from '../domain/wake-second.js';
import type { JobPatch } from '../ports/job-repository.js';
import type { CoreDeps } from './deps.js';
import { notifySafely } from './notify.js';
import type { PublishRun } from './publish-run.js';
import { auditTransition, SYSTEM_ACTOR, transitionJob } from './transition-job.js';

type Deps = Omit<CoreDeps, 'workspaces' | 'influencers'>;

/** What a worker's claim found: the jobs it now holds, and whether to ask again at once or when. */
export interface ClaimResult {
  /** Claimed jobs (now `publishing` under this worker's lease), each with its state before the claim. */
  claimed: { job: PublishJob; before: PublishJob }[];
  /** A full page was due, or others claimed some first: more may be due right now. */
  more: boolean;
  /** The soonest job seen that is not due yet (its second has begun). */
  nextAt?: Date;
  /** With `more`: the wake seconds this claim found due, where more may wait (a backlog). */
  busySeconds: string[];
  /** Jobs settled without a claim: due while still unapproved. */
  settled: PublishRun[];
}

/**
 * One claim of a worker: the jobs due now (at most `limit`, what its free slots hold) move to
 * `publishing` together, each by its own compare-and-set, so a job cancelled, rescheduled or
 * claimed by another worker meanwhile is left alone. A job due while still awaiting approval
 * goes to needs_attention instead. `beforeClaim` is a test seam between the read and the claim.
 */
export async function claimDueJobs(
  deps: Deps,
  input: {
    workerId: string;
    limit: number;
    lookbackMs: number;
    /** Seconds of a backlog the worker is draining, looked at besides the last `lookbackMs`. */
    backlog?: readonly string[];
    beforeClaim?: ((jobIds: string[]) => Promise<void>) | undefined;
  },
): Promise<ClaimResult> {
  const now = deps.clock.now();
  const found = await deps.jobs.findWaking({
    now,
    lookbackMs: input.lookbackMs,
    limit: input.limit,
    ...(input.backlog ? { seconds: input.backlog } : {}),
  });
  const due = found.filter((j) => j.nextAttemptAt.getTime() <= now.getTime());
  const waiting = found.filter((j) => j.nextAttemptAt.getTime() > now.getTime());
  const ready = due.filter((j) => j.status === 'scheduled' || j.status === 'retry_wait');
  if (ready.length > 0) await input.beforeClaim?.(ready.map((j) => j.id));
  const claimed = await claimJobs(deps, ready, input.workerId);
  const settled = await Promise.all(
    due
      .filter((j) => j.status === 'awaiting_approval')
      .map((j) => needsAttention(deps, j, 'approval_missing', 'Nobody approved this post before its time.')),
  );
  const soonest = Math.min(...waiting.map((j) => j.nextAttemptAt.getTime()));
  const more = (found.length >= input.limit && due.length > 0) || claimed.length < ready.length;
  return {
    claimed,
    more,
    busySeconds: more ? [...new Set(due.map((j) => wakeSecond(j.nextAttemptAt)))] : [],
    settled,
    ...(Number.isFinite(soonest) ? { nextAt: new Date(soonest) } : {}),
  };
}

/** Claims `jobs` (read as due and pending) under one lease of `workerId` and audits each claim. */
export async function claimJobs(
  deps: Deps,
  jobs: PublishJob[],
  workerId: string,
): Promise<ClaimResult['claimed']> {
  if (jobs.length === 0) return [];
  const claimed = await deps.jobs.claimMany(jobs, lease(deps, workerId));
  const before = new Map(jobs.map((j) => [j.id, j]));
  const pairs = claimed.map((job) => ({ job, before: before.get(job.id) as PublishJob }));
  await Promise.all(
    pairs.map((p) =>
      auditTransition(deps, {
        before: p.before,
        updated: p.job,
        actor: SYSTEM_ACTOR,
        decision: { workerId },
      }),
    ),
  );
  return pairs;
}

/** Moves a job to needs_attention with the reason, and tells the team. */
export async function needsAttention(
  deps: Deps,
  job: PublishJob,
  code: string,
  message: string,
  patch: JobPatch = {},
): Promise<PublishRun> {
  const moved = await transitionJob(deps, {
    job,
    to: 'needs_attention',
    actor: SYSTEM_ACTOR,
    patch: { ...patch, lastError: { code, message } },
    decision: { reason: code },
  });
  if (moved)
    await notifySafely(deps, job.workspaceId, { type: 'needs_attention', job: moved, reason: message });
  return moved
    ? { outcome: 'needs_attention', job: moved }
    : { outcome: 'skipped', reason: 'lost_race', job };
}

/** A lease of `owner` from now, as long as the settings say. */
export function lease(deps: Pick<CoreDeps, 'clock' | 'settings'>, owner: string) {
  return { owner, until: new Date(deps.clock.now().getTime() + deps.settings.leaseMs) };
}
