import { WAKING_STATUSES } from '../core/domain/job-status.js';
import { startOfSecond, wakeSecond } from '../core/domain/wake-second.js';
import type { CoreDeps } from '../core/use-cases/deps.js';
import { materializeSeries } from '../core/use-cases/materialize-series.js';
import { reconcileExpiredLease } from '../core/use-cases/reconcile-lease.js';
import { refreshDueTokens } from '../core/use-cases/refresh-tokens.js';
import { warnExpiringTokens } from '../core/use-cases/warn-expiring-tokens.js';
import { warnPendingApprovals } from '../core/use-cases/warn-pending-approvals.js';
import type { Logger } from '../infra/logger.js';
import { WAKE_UP_HORIZON_MS } from './agenda-publish-queue.js';

const BATCH = 500;
const WAKING = WAKING_STATUSES;
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
 * Queues the wake-up of every second with jobs due in (`from`, `until`], page by page; returns
 * how many seconds it queued. The queue stores only
 * wake-ups within its horizon, so each sweep queues the jobs its horizon newly reached; the
 * first sweep of a worker (no `from`) queues everything up to `until`, overdue jobs included.
 */
async function queueUpcoming(deps: SweepDeps, from: Date | undefined, until: Date): Promise<number> {
  let after = from ? { at: from, id: '' } : undefined;
  let queued = 0;
  for (;;) {
    const page = await deps.jobs.findDue(WAKING, until, BATCH, after);
    // One wake-up per second: the first job of each second asks for it.
    const seconds = new Map(page.map((job) => [wakeSecond(job.nextAttemptAt), job]));
    for (const job of seconds.values()) await deps.queue.enqueue(job.id, job.nextAttemptAt);
    queued += seconds.size;
    const last = page.at(-1);
    if (!last || page.length < BATCH) return queued;
    // The rest of the last job's second has its wake-up: the next page starts after it.
    after = { at: new Date(startOfSecond(last.nextAttemptAt).getTime() + 999), id: '\uffff' };
  }
}

/**
 * Run by every worker on its own timer. Queues the wake-ups that came within the horizon since
 * `queuedUntil` (the previous sweep's end), moves jobs overdue for longer than `staleMs` (the
 * workers were down, or a backlog outlasted the dispatchers' look-back) to the current second
 * and wakes the workers for them, and reconciles leases of dead workers. The store's rows are
 * the truth; Agenda only wakes workers up.
 */
export async function sweep(
  deps: SweepDeps,
  opts: { staleMs: number; draining?: boolean; logger: Logger; queuedUntil?: Date; workerId?: string },
): Promise<{
  requeued: number;
  reconciled: number;
  materialized: number;
  queued: number;
  queuedUntil: Date;
}> {
  const now = deps.clock.now();
  // A worker draining a backlog looks at its seconds (its overdue jobs are not lost) and at least
  // every poll interval (every due job is found); reading every waiting job for the horizon or
  // for overdue ones would only slow the drain: the next sweep after it goes on from here.
  const skip = opts.draining === true && opts.queuedUntil !== undefined;
  const queuedUntil = skip ? opts.queuedUntil! : new Date(now.getTime() + WAKE_UP_HORIZON_MS);
  const queued = skip ? 0 : await queueUpcoming(deps, opts.queuedUntil, queuedUntil);
  const due = skip ? [] : await deps.jobs.findDue(WAKING, new Date(now.getTime() - opts.staleMs), BATCH);
  await deps.jobs.rewake(
    due.map((j) => j.id),
    now,
  );
  if (due[0]) await deps.queue.enqueue(due[0].id, now);
  const expired = await deps.jobs.findExpiredLeases(now, BATCH);
  for (const job of expired) {
    const outcome = await reconcileExpiredLease(deps, job);
    opts.logger.warn(
      { jobId: job.id, postId: job.postId, outcome },
      'reconciled a job whose worker stopped mid-publish',
    );
  }
  if (due.length > 0)
    opts.logger.info({ count: due.length }, 'woke jobs overdue for longer than the dispatchers look back');
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
