import type { JobStatus } from '../core/domain/job-status.js';
import type { CoreDeps } from '../core/use-cases/deps.js';
import { materializeSeries } from '../core/use-cases/materialize-series.js';
import { reconcileExpiredLease } from '../core/use-cases/reconcile-lease.js';
import { refreshDueTokens } from '../core/use-cases/refresh-tokens.js';
import { warnExpiringTokens } from '../core/use-cases/warn-expiring-tokens.js';
import { warnPendingApprovals } from '../core/use-cases/warn-pending-approvals.js';
import type { Logger } from '../infra/logger.js';
import { WAKE_UP_HORIZON_MS } from './agenda-publish-queue.js';

const BATCH = 500;
const WAKING: readonly JobStatus[] = ['scheduled', 'retry_wait', 'awaiting_approval'];
type SweepDeps = Pick<
  CoreDeps,
  | 'jobs'
  | 'campaigns'
  | 'accounts'
  | 'posts'
  | 'attempts'
  | 'vault'
  | 'audit'
  | 'ids'
  | 'clock'
  | 'queue'
  | 'notifier'
  | 'notices'
  | 'publisherFor'
  | 'connectorFor'
  | 'oauthClients'
  | 'meter'
  | 'settings'
>;

/**
 * Queues the wake-up of every job due in (`from`, `until`], page by page. The queue stores only
 * wake-ups within its horizon, so each sweep queues the jobs its horizon newly reached; the
 * first sweep of a worker (no `from`) queues everything up to `until`, overdue jobs included.
 */
async function queueUpcoming(deps: SweepDeps, from: Date | undefined, until: Date): Promise<number> {
  let after = from ? { at: from, id: '' } : undefined;
  let queued = 0;
  for (;;) {
    const page = await deps.jobs.findDue(WAKING, until, BATCH, after);
    for (const job of page) await deps.queue.enqueue(job.id, job.nextAttemptAt);
    queued += page.length;
    const last = page.at(-1);
    if (!last || page.length < BATCH) return queued;
    after = { at: last.nextAttemptAt, id: last.id };
  }
}

/**
 * Run by every worker on its own timer. Queues the wake-ups that came within the horizon since
 * `queuedUntil` (the previous sweep's end), re-queues jobs that are overdue but whose wake-up
 * was lost (a crash between our write and Agenda's), and reconciles leases of dead workers.
 * The store's rows are the truth; Agenda only wakes workers up.
 */
export async function sweep(
  deps: SweepDeps,
  opts: { overdueMs: number; logger: Logger; queuedUntil?: Date; workerId?: string },
): Promise<{
  requeued: number;
  reconciled: number;
  materialized: number;
  queued: number;
  queuedUntil: Date;
}> {
  const now = deps.clock.now();
  const queuedUntil = new Date(now.getTime() + WAKE_UP_HORIZON_MS);
  const queued = await queueUpcoming(deps, opts.queuedUntil, queuedUntil);
  const overdueBefore = new Date(now.getTime() - opts.overdueMs);
  // The first sweep's window already held every overdue job.
  const due = opts.queuedUntil ? await deps.jobs.findDue(WAKING, overdueBefore, BATCH) : [];
  for (const job of due) await deps.queue.enqueue(job.id, job.nextAttemptAt);
  const expired = await deps.jobs.findExpiredLeases(now, BATCH);
  for (const job of expired) {
    const outcome = await reconcileExpiredLease(deps, job);
    opts.logger.warn(
      { jobId: job.id, postId: job.postId, outcome },
      'reconciled a job whose worker stopped mid-publish',
    );
  }
  if (due.length > 0) opts.logger.info({ count: due.length }, 're-queued overdue jobs');
  let materialized = 0;
  for (const post of await deps.posts.listActiveSeries(BATCH))
    materialized += (await materializeSeries(deps, post)).length;
  if (materialized > 0)
    opts.logger.info({ count: materialized }, 'materialized upcoming occurrences of recurring posts');
  const refreshes = await refreshDueTokens(deps, opts.workerId ?? 'sweeper');
  const refreshed = refreshes.filter((r) => r !== 'taken');
  if (refreshed.length > 0) opts.logger.info({ outcomes: refreshed }, 'refreshed platform tokens');
  const warned = await warnExpiringTokens(deps);
  if (warned > 0) opts.logger.info({ count: warned }, 'warned about expiring tokens');
  const pending = await warnPendingApprovals(deps);
  if (pending > 0) opts.logger.info({ count: pending }, 'warned about approvals about to expire');
  return { requeued: due.length, reconciled: expired.length, materialized, queued, queuedUntil };
}
