import { WAKING_STATUSES } from '../core/domain/job-status.js';
import type { PublishJob } from '../core/domain/types.js';
import { startOfSecond, wakeSecond, wakeSecondsBetween } from '../core/domain/wake-second.js';
import type { CoreDeps } from '../core/use-cases/deps.js';
import { materializeSeries } from '../core/use-cases/materialize-series.js';
import { reconcileExpiredLease } from '../core/use-cases/reconcile-lease.js';
import { refreshDueTokens } from '../core/use-cases/refresh-tokens.js';
import { warnExpiringTokens } from '../core/use-cases/warn-expiring-tokens.js';
import { warnPendingApprovals } from '../core/use-cases/warn-pending-approvals.js';
import type { Logger } from '../infra/logger.js';
import { WAKE_UP_HORIZON_MS } from './agenda-publish-queue.js';

const BATCH = 500;
/**
 * The longest stretch of time the sweep looks at second by second (by the `wake` index); a longer
 * one (a first sweep, workers down for a while) is read through the due-time order instead.
 */
const MAX_WINDOW_MS = 15 * 60_000;
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
 * how many seconds it queued. A sweep's usual stretch (since the previous one) is read second by
 * second, so its cost follows the seconds, not the jobs waiting. The queue stores only
 * wake-ups within its horizon, so each sweep queues the jobs its horizon newly reached; the
 * first sweep of a worker (no `from`) queues everything up to `until`, overdue jobs included.
 */
async function queueUpcoming(deps: SweepDeps, from: Date | undefined, until: Date): Promise<number> {
  if (from && until.getTime() - from.getTime() <= MAX_WINDOW_MS) {
    const busy = await deps.jobs.busyWakeSeconds(wakeSecondsBetween(from, until));
    for (const job of busy.values()) await deps.queue.enqueue(job.id, job.nextAttemptAt);
    return busy.size;
  }
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
  opts: {
    staleMs: number;
    draining?: boolean;
    logger: Logger;
    queuedUntil?: Date;
    /** Where the previous sweep's look for overdue jobs ended (this worker's). */
    overdueUntil?: Date;
    /** The last series the previous sweep materialized, when there were more (this worker's). */
    seriesAfter?: string;
    workerId?: string;
  },
): Promise<{
  requeued: number;
  reconciled: number;
  materialized: number;
  queued: number;
  queuedUntil: Date;
  overdueUntil: Date | undefined;
  seriesAfter: string | undefined;
}> {
  const now = deps.clock.now();
  // A worker draining a backlog looks at its seconds (its overdue jobs are not lost) and at least
  // every poll interval (every due job is found); reading every waiting job for the horizon or
  // for overdue ones would only slow the drain: the next sweep after it goes on from here.
  const skip = opts.draining === true && opts.queuedUntil !== undefined;
  const queuedUntil = skip ? opts.queuedUntil! : new Date(now.getTime() + WAKE_UP_HORIZON_MS);
  const queued = skip ? 0 : await queueUpcoming(deps, opts.queuedUntil, queuedUntil);
  const overdue = skip
    ? { due: [], until: opts.overdueUntil }
    : await findOverdue(deps, new Date(now.getTime() - opts.staleMs), opts.overdueUntil);
  const due = overdue.due;
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
  // A page of series per sweep, the next one on the next sweep: every series is seen in turn.
  let materialized = 0;
  const series = await deps.posts.listActiveSeries(BATCH, opts.seriesAfter);
  for (const post of series) materialized += (await materializeSeries(deps, post)).length;
  const seriesAfter = series.length === BATCH ? series.at(-1)?.id : undefined;
  if (materialized > 0)
    opts.logger.info({ count: materialized }, 'materialized upcoming occurrences of recurring posts');
  const refreshes = await refreshDueTokens(deps, opts.workerId ?? 'sweeper');
  const refreshed = refreshes.filter((r) => r !== 'taken');
  if (refreshed.length > 0) opts.logger.info({ outcomes: refreshed }, 'refreshed platform tokens');
  const warned = await warnExpiringTokens(deps);
  if (warned > 0) opts.logger.info({ count: warned }, 'warned about expiring tokens');
  const pending = await warnPendingApprovals(deps);
  if (pending > 0) opts.logger.info({ count: pending }, 'warned about approvals about to expire');
  return {
    requeued: due.length,
    reconciled: expired.length,
    materialized,
    queued,
    queuedUntil,
    overdueUntil: overdue.until,
    seriesAfter,
  };
}

/**
 * Waiting jobs due before `before` (at most BATCH), and how far the look got. After a first look
 * through every waiting job, only the seconds that turned overdue since the last look are read:
 * a job's wake second is never one already past when it is written, so an overdue job sits in one
 * of them. A full page, or a gap too long to read second by second, is looked at again next time.
 */
async function findOverdue(
  deps: SweepDeps,
  before: Date,
  lookedUntil: Date | undefined,
): Promise<{ due: PublishJob[]; until: Date | undefined }> {
  if (lookedUntil && before.getTime() - lookedUntil.getTime() <= MAX_WINDOW_MS) {
    const due = await deps.jobs.inWakeSeconds(wakeSecondsBetween(lookedUntil, before), BATCH);
    return { due, until: due.length < BATCH ? before : lookedUntil };
  }
  const due = await deps.jobs.findDue(WAKING, before, BATCH);
  return { due, until: due.length < BATCH ? before : undefined };
}
