import { Agenda, type AgendaBackend, type Job } from 'agenda';
import { z } from 'zod';
import type { Clock } from '../core/ports/clock.js';
import type { Housekeeping } from '../core/ports/housekeeping.js';
import type { SweepState } from '../core/ports/sweep-state.js';
import type { WorkerRegistry } from '../core/ports/worker-registry.js';
import type { CoreDeps } from '../core/use-cases/deps.js';
import { runPublishJob } from '../core/use-cases/publish-job.js';
import type { Logger } from '../infra/logger.js';
import { publishAttempts, publishLateness } from '../infra/metrics.js';
import { AgendaPublishQueue, PUBLISH_JOB_NAMES, PUBLISH_SHARDS } from './agenda-publish-queue.js';
import { sweepAutopilot } from './autopilot-step.js';
import { wakeUpRetryDelay, watchOutages } from './database-outage.js';
import { drainPromptly } from './drain-promptly.js';
import { sweep } from './sweep.js';

/** How often each worker prunes old notice keys and drafts (they have no TTL on FerretDB). */
const PRUNE_EVERY_MS = 3_600_000;
/** Agenda's own lock: short, and touched while a publish runs; our lease is what guards publishing. */
const AGENDA_LOCK_MS = 10_000;
const publishData = z.object({ jobId: z.string().min(1).max(100), at: z.string().optional() });

/** What a worker keeps besides the core's repositories: its heartbeat, the shared sweep horizon, repairs. */
export interface WorkerStores {
  workers: WorkerRegistry;
  sweepState: SweepState;
  housekeeping: Housekeeping;
}

export interface WorkerOptions {
  workerId: string;
  concurrency: number;
  pollIntervalMs: number;
  sweepIntervalMs: number;
  logger: Logger;
  /** Test seam: runs after Agenda picked a job up and before our handler reads the row. */
  afterPickup?: (jobId: string) => Promise<void>;
}

/**
 * An Agenda instance on the given storage (the composition root passes the database's): the
 * queue for every role, the job runner for workers.
 */
export function createAgenda(
  backend: AgendaBackend,
  opts: { name: string; pollIntervalMs: number; concurrency: number },
): Agenda {
  return new Agenda({
    backend,
    name: opts.name,
    processEvery: opts.pollIntervalMs,
    ...agendaLimits(opts.concurrency),
    defaultLockLifetime: AGENDA_LOCK_MS,
    removeOnComplete: true,
  });
}

/**
 * Agenda's limits for `concurrency` publishes at once, spread over PUBLISH_JOB_NAMES.
 *
 * - Agenda fills every job name's queue at once on each poll and checks its global lock limit
 *   before those queries return; a global limit below names × per-name limit made each poll
 *   lock jobs only to unlock them again. So the global limit is exactly that sum.
 * - A job locked but waiting for a free slot can outlive its lock; Agenda then drops it from
 *   its queue without releasing its place in the lock counts (agenda/agenda#589, #1413, still
 *   open), and after a few of those the name is never polled again by this worker. So nothing
 *   may wait: as many may run as may be locked.
 *
 * Hence concurrency is rounded up to a multiple of the number of names (33 at least).
 */
export function agendaLimits(concurrency: number) {
  const perName = Math.max(1, Math.ceil(concurrency / PUBLISH_SHARDS));
  const total = perName * PUBLISH_JOB_NAMES.length;
  return { defaultConcurrency: perName, defaultLockLimit: perName, maxConcurrency: total, lockLimit: total };
}

export function createQueue(agenda: Agenda, clock: Clock): AgendaPublishQueue {
  return new AgendaPublishQueue(agenda, clock);
}

/** Agenda's handler for publish wake-ups: validates the job data and runs the publish use case. */
function publishHandler(deps: CoreDeps, opts: WorkerOptions, log: Logger) {
  return async (job: Job<unknown>) => {
    const data = publishData.safeParse(job.attrs.data);
    if (!data.success)
      return void log.error({ data: job.attrs.data }, 'ignored a publish job with invalid data');
    const touch = setInterval(() => void job.touch().catch(() => {}), AGENDA_LOCK_MS / 3);
    try {
      await opts.afterPickup?.(data.data.jobId);
      const run = await runPublishJob(deps, { jobId: data.data.jobId, workerId: opts.workerId });
      publishAttempts.inc({ platform: run.job?.platform ?? 'unknown', outcome: run.outcome });
      if (run.outcome === 'published' && run.job?.publishedAt) {
        publishLateness.observe((run.job.publishedAt.getTime() - run.job.nextAttemptAt.getTime()) / 1000);
      }
      const { jobId } = data.data;
      const { postId, platform } = run.job ?? {};
      log.info({ jobId, postId, platform, outcome: run.outcome, reason: run.reason }, 'publish job ran');
    } finally {
      clearInterval(touch);
    }
  };
}

/** One sweep with this worker's chores around it: heartbeat, hourly pruning, the shared horizon. */
function sweeper(stores: WorkerStores, deps: CoreDeps, opts: WorkerOptions, log: Logger) {
  let prunedAt = 0;
  let queuedUntil: Date | undefined;
  return async () => {
    await stores.workers.beat(opts.workerId, deps.clock.now());
    const now = deps.clock.now().getTime();
    if (now - prunedAt >= PRUNE_EVERY_MS) {
      prunedAt = now;
      const pruned = await stores.housekeeping.pruneOldRecords(new Date(now));
      if (pruned.notices + pruned.drafts > 0) log.info(pruned, 'pruned old notice keys and expired drafts');
    }
    // Only wake-ups lost for a while are re-queued: under a backlog every due job is "overdue",
    // and re-queuing those would only compete with the workers draining them.
    queuedUntil ??= await stores.sweepState.queuedUntil();
    const swept = await sweep(deps, {
      overdueMs: Math.max(30_000, opts.sweepIntervalMs * 3),
      logger: log,
      workerId: opts.workerId,
      ...(queuedUntil ? { queuedUntil } : {}),
    });
    queuedUntil = swept.queuedUntil;
    await stores.sweepState.recordQueuedUntil(queuedUntil);
    await sweepAutopilot(deps, opts.workerId, log);
  };
}

/**
 * Defines the publish and sweep jobs and runs them. `stop` stops claiming, waits for
 * in-flight publishes up to the grace period (at most 30 s in production), then returns.
 */
export function createWorker(agenda: Agenda, stores: WorkerStores, deps: CoreDeps, opts: WorkerOptions) {
  const log = opts.logger.child({ workerId: opts.workerId });
  const handle = publishHandler(deps, opts, log);
  const inFlight = new Set<Promise<void>>();
  const publish = (job: Job<unknown>) => {
    const run = handle(job);
    inFlight.add(run);
    const done = () => void inFlight.delete(run);
    run.then(done, done);
    return run;
  };
  for (const name of PUBLISH_JOB_NAMES) agenda.define(name, publish, { backoff: wakeUpRetryDelay });
  const outage = watchOutages(agenda, log);
  const runSweep = sweeper(stores, deps, opts, log);
  // Every worker sweeps on its own timer: the sweep is idempotent (CAS moves, insert-only
  // wake-ups), and a dead worker's Agenda lock can then never delay recovery.
  let timer: NodeJS.Timeout | undefined;
  let sweeping = false;
  const tick = async () => {
    if (sweeping) return;
    sweeping = true;
    await runSweep().then(
      () => outage.answered(),
      (err) => outage.failed(err) || log.error({ err }, 'sweep failed'),
    );
    sweeping = false;
  };
  return {
    async start(): Promise<void> {
      await agenda.start();
      await tick();
      timer = setInterval(() => void tick(), opts.sweepIntervalMs);
      log.info({ concurrency: opts.concurrency }, 'worker started');
    },
    async stop(graceMs: number): Promise<void> {
      clearInterval(timer);
      const result = await drainPromptly(agenda, inFlight, graceMs);
      if (result.timedOut)
        log.warn(
          { running: result.running },
          'shutdown grace ended with publishes in flight; their leases will be reconciled',
        );
      log.info({ completed: result.completed }, 'worker stopped');
    },
  };
}
