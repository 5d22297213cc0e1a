import { Agenda, type AgendaBackend } from 'agenda';
import type { Housekeeping } from '../core/ports/housekeeping.js';
import type { SweepState } from '../core/ports/sweep-state.js';
import type { WorkerRegistry } from '../core/ports/worker-registry.js';
import type { CoreDeps } from '../core/use-cases/deps.js';
import type { Logger } from '../infra/logger.js';
import { publishAttempts, publishLateness } from '../infra/metrics.js';
import { AgendaPublishQueue, DISPATCH_JOB } from './agenda-publish-queue.js';
import { sweepAutopilot } from './autopilot-step.js';
import { wakeUpRetryDelay, watchOutages } from './database-outage.js';
import { Dispatcher } from './dispatcher.js';
import { drainPromptly } from './drain-promptly.js';
import { dueSignal } from './due-signal.js';
import { sweep } from './sweep.js';

/** How often each worker prunes old notice keys and drafts (they have no TTL on FerretDB). */
const PRUNE_EVERY_MS = 3_600_000;
/** Agenda's own lock: a wake-up only starts a look, which takes well under this. */
const AGENDA_LOCK_MS = 10_000;
/**
 * How far back a dispatcher's look reaches for due seconds (besides the seconds of a backlog it
 * is draining). Jobs overdue for half of it (the workers were down, or a backlog outlasted it)
 * are moved to the current second by the sweep, so a look always finds them.
 */
export const LOOKBACK_MS = 60_000;
const STALE_MS = LOOKBACK_MS / 2;
/** Wake-ups Agenda runs at once: each only wakes the dispatcher. */
const WAKE_UPS_AT_ONCE = 4;

/** What a worker keeps besides the core's repositories: its heartbeat, the shared sweep horizon, repairs. */
export interface WorkerStores {
  workers: WorkerRegistry;
  sweepState: SweepState;
  housekeeping: Housekeeping;
}

export interface WorkerOptions {
  workerId: string;
  /** Publishes at once (HERALD_WORKER_CONCURRENCY): exactly this many. */
  concurrency: number;
  pollIntervalMs: number;
  sweepIntervalMs: number;
  logger: Logger;
  /** Test seam: runs after the dispatcher read due jobs and before it claims them. */
  beforeClaim?: (jobIds: string[]) => Promise<void>;
}

/**
 * An Agenda instance on the given storage (the composition root passes the database's): the
 * queue of wake-ups for every role, their runner for workers.
 */
export function createAgenda(backend: AgendaBackend, opts: { name: string; pollIntervalMs: number }): Agenda {
  return new Agenda({
    backend,
    name: opts.name,
    processEvery: opts.pollIntervalMs,
    defaultConcurrency: WAKE_UPS_AT_ONCE,
    maxConcurrency: WAKE_UPS_AT_ONCE,
    defaultLockLimit: WAKE_UPS_AT_ONCE,
    lockLimit: WAKE_UPS_AT_ONCE,
    defaultLockLifetime: AGENDA_LOCK_MS,
    removeOnComplete: true,
  });
}

export function createQueue(agenda: Agenda, clock: CoreDeps['clock']): AgendaPublishQueue {
  return new AgendaPublishQueue(agenda, clock);
}

/** The dispatcher of a worker, reporting each run to metrics and the log. */
function createDispatcher(
  deps: CoreDeps,
  opts: WorkerOptions,
  log: Logger,
  outage: ReturnType<typeof watchOutages>,
) {
  const logRuns = log.isLevelEnabled('info');
  return new Dispatcher(deps, {
    workerId: opts.workerId,
    concurrency: opts.concurrency,
    pollIntervalMs: opts.pollIntervalMs,
    lookbackMs: LOOKBACK_MS,
    beforeClaim: opts.beforeClaim,
    ran: (run, claimed) => {
      publishAttempts.inc({ platform: claimed.platform, outcome: run.outcome });
      if (run.outcome === 'published' && run.job?.publishedAt)
        publishLateness.observe((run.job.publishedAt.getTime() - claimed.nextAttemptAt.getTime()) / 1000);
      if (logRuns)
        log.info(
          {
            jobId: claimed.id,
            postId: claimed.postId,
            platform: claimed.platform,
            outcome: run.outcome,
            reason: run.reason,
          },
          'publish job ran',
        );
    },
    failed: (err) => outage.failed(err) || log.error({ err }, 'publishing failed'),
    answered: () => outage.answered(),
  });
}

/** One sweep with this worker's chores around it: heartbeat, hourly pruning, the shared horizon. */
function sweeper(
  stores: WorkerStores,
  deps: CoreDeps,
  opts: WorkerOptions,
  log: Logger,
  draining: () => boolean,
) {
  let prunedAt = 0;
  let queuedUntil: Date | undefined;
  let overdueUntil: Date | undefined;
  let seriesAfter: string | undefined;
  return async () => {
    await stores.workers.beat(opts.workerId, deps.clock.now());
    const now = deps.clock.now().getTime();
    if (now - prunedAt >= PRUNE_EVERY_MS) {
      prunedAt = now;
      const pruned = await stores.housekeeping.pruneOldRecords(new Date(now));
      if (pruned.notices + pruned.drafts > 0) log.info(pruned, 'pruned old notice keys and expired drafts');
    }
    queuedUntil ??= await stores.sweepState.queuedUntil();
    const swept = await sweep(deps, {
      staleMs: STALE_MS,
      draining: draining(),
      logger: log,
      workerId: opts.workerId,
      ...(queuedUntil ? { queuedUntil } : {}),
      ...(overdueUntil ? { overdueUntil } : {}),
      ...(seriesAfter ? { seriesAfter } : {}),
    });
    seriesAfter = swept.seriesAfter;
    queuedUntil = swept.queuedUntil;
    overdueUntil = swept.overdueUntil;
    await stores.sweepState.recordQueuedUntil(queuedUntil);
    await sweepAutopilot(deps, opts.workerId, log);
  };
}

/**
 * Runs the dispatcher (woken by Agenda's wake-ups, by jobs enqueued in this process and by its
 * poll) and the sweep. `stop` stops claiming, waits for in-flight publishes up to the grace
 * period (at most 30 s in production), then returns.
 */
export function createWorker(agenda: Agenda, stores: WorkerStores, deps: CoreDeps, opts: WorkerOptions) {
  const log = opts.logger.child({ workerId: opts.workerId });
  const outage = watchOutages(agenda, log);
  const dispatcher = createDispatcher(deps, opts, log, outage);
  // A wake-up only starts a look: Agenda's job ends at once, the look reports its own failures.
  const wakeUp = async () => void dispatcher.wake();
  agenda.define(DISPATCH_JOB, wakeUp, { backoff: wakeUpRetryDelay });
  const signal = dueSignal(agenda);
  const onDue = (at: Date) => dispatcher.wakeAt(at);
  const runSweep = sweeper(stores, deps, opts, log, () => dispatcher.draining);
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
      signal.on('due', onDue);
      dispatcher.start();
      await tick();
      timer = setInterval(() => void tick(), opts.sweepIntervalMs);
      log.info({ concurrency: opts.concurrency }, 'worker started');
    },
    async stop(graceMs: number): Promise<void> {
      clearInterval(timer);
      signal.off('due', onDue);
      const deadline = Date.now() + graceMs;
      await dispatcher.stop(graceMs);
      const result = await drainPromptly(agenda, dispatcher.running, Math.max(1, deadline - Date.now()));
      if (result.timedOut)
        log.warn(
          { running: result.running },
          'shutdown grace ended with publishes in flight; their leases will be reconciled',
        );
      log.info({ completed: result.completed }, 'worker stopped');
    },
  };
}
