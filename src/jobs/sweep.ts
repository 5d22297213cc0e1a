import type { Db } from 'mongodb';
import type { JobStatus } from '../core/domain/job-status.js';
import type { CoreDeps } from '../core/use-cases/deps.js';
import { materializeSeries } from '../core/use-cases/materialize-series.js';
import { reconcileExpiredLease } from '../core/use-cases/reconcile-lease.js';
import { warnExpiringTokens } from '../core/use-cases/warn-expiring-tokens.js';
import { warnPendingApprovals } from '../core/use-cases/warn-pending-approvals.js';
import type { Logger } from '../infra/logger.js';
import { isDuplicateKey } from '../store/documents.js';
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
  opts: { overdueMs: number; logger: Logger; queuedUntil?: Date },
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
  const warned = await warnExpiringTokens(deps);
  if (warned > 0) opts.logger.info({ count: warned }, 'warned about expiring tokens');
  const pending = await warnPendingApprovals(deps);
  if (pending > 0) opts.logger.info({ count: pending }, 'warned about approvals about to expire');
  return { requeued: due.length, reconciled: expired.length, materialized, queued, queuedUntil };
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

const SWEEP_STATE = 'sweep_state';
const HORIZON_ID = 'wake-ups';

/**
 * Where the workers' sweeps have queued wake-ups up to, shared in the database: a restarted
 * worker goes on from there instead of re-queuing every wake-up within the horizon (1,000 no-op
 * upserts per worker after a burst was queued). Undefined on a database never swept.
 */
export async function readQueuedUntil(db: Db): Promise<Date | undefined> {
  const row = await db.collection<{ _id: string; until: Date }>(SWEEP_STATE).findOne({ _id: HORIZON_ID });
  return row?.until;
}

/** Records a window a sweep has fully queued; the stored value only moves forward. */
export async function recordQueuedUntil(db: Db, until: Date): Promise<void> {
  const col = db.collection<{ _id: string; until: Date }>(SWEEP_STATE);
  try {
    await col.updateOne({ _id: HORIZON_ID }, { $max: { until } }, { upsert: true });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    await col.updateOne({ _id: HORIZON_ID }, { $max: { until } });
  }
}
