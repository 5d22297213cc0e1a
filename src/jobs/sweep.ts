import type { Db } from 'mongodb';
import type { CoreDeps } from '../core/use-cases/deps.js';
import { materializeSeries } from '../core/use-cases/materialize-series.js';
import { reconcileExpiredLease } from '../core/use-cases/reconcile-lease.js';
import { warnExpiringTokens } from '../core/use-cases/warn-expiring-tokens.js';
import { warnPendingApprovals } from '../core/use-cases/warn-pending-approvals.js';
import type { Logger } from '../infra/logger.js';
import { isDuplicateKey } from '../store/documents.js';

const BATCH = 500;

/**
 * The safety net run by one worker at a time: re-queues jobs that are due but whose wake-up
 * was lost (a crash between our write and Agenda's), and reconciles leases of dead workers.
 * The store's rows are the truth; Agenda only wakes workers up.
 */
export async function sweep(
  deps: Pick<
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
  >,
  opts: { overdueMs: number; logger: Logger },
): Promise<{ requeued: number; reconciled: number; materialized: number }> {
  const now = deps.clock.now();
  const overdueBefore = new Date(now.getTime() - opts.overdueMs);
  const due = await deps.jobs.findDue(['scheduled', 'retry_wait', 'awaiting_approval'], overdueBefore, BATCH);
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
  const warned = await warnExpiringTokens(deps);
  if (warned > 0) opts.logger.info({ count: warned }, 'warned about expiring tokens');
  const pending = await warnPendingApprovals(deps);
  if (pending > 0) opts.logger.info({ count: pending }, 'warned about approvals about to expire');
  return { requeued: due.length, reconciled: expired.length, materialized };
}

/** Records that this worker is alive; /readyz reads the newest heartbeat. */
export async function heartbeat(db: Db, workerId: string, at: Date): Promise<void> {
  const col = db.collection<{ _id: string; at: Date }>('worker_heartbeats');
  try {
    await col.updateOne({ _id: workerId }, { $set: { at } }, { upsert: true });
  } catch (error) {
    // FerretDB's upsert is not atomic: a concurrent first beat may have inserted the row.
    if (!isDuplicateKey(error)) throw error;
    await col.updateOne({ _id: workerId }, { $set: { at } });
  }
}
