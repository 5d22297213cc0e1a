import { isDatabaseUnavailable } from './infra/database-errors.js';
import type { Logger } from './infra/logger.js';

/** One stop step; `budgetMs` is how long it may take (the worker drains its publishes within it). */
export type Stop = (budgetMs: number) => Promise<void>;

interface ShutdownPlan {
  logger: Logger;
  /** The whole shutdown, every step included, ends within this (HERALD_SHUTDOWN_GRACE_MS). */
  graceMs: number;
  /** Surfaces, then the worker: stopped in order. */
  stops: Stop[];
  /** Then the database client, then the database Herald started. */
  closes: (() => Promise<void>)[];
  /** Shuts down when it settles, e.g. the console was closed (exit 0). */
  until?: Promise<void> | undefined;
  /** Shuts down with exit code 1 when it settles with a reason: the database is gone for good. */
  fatal?: Promise<string> | undefined;
}

/**
 * What the stops leave for closing the client and the database: they get the grace period
 * minus this, so a worker draining long publishes still leaves time to close cleanly.
 */
function closingReserveMs(graceMs: number): number {
  return Math.min(3_000, Math.floor(graceMs / 4));
}

/**
 * Resolves with the exit code on SIGINT/SIGTERM (0), when `until` settles (0) or `fatal` does
 * (1), after running the stops and closes. Each step is bounded by what remains of the grace
 * period and a step that fails or overruns is logged and left behind: while the database is
 * unreachable, every step that needs it would otherwise wait on it. A second signal exits at once.
 */
export function waitForShutdown(plan: ShutdownPlan): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    const shutdown = async (reason: string, code: number) => {
      if (stopping) return void process.exit(1); // second signal: stop waiting
      stopping = true;
      plan.logger.info({ reason, graceMs: plan.graceMs }, 'shutting down');
      const deadline = Date.now() + plan.graceMs;
      const reserve = closingReserveMs(plan.graceMs);
      for (const [i, stop] of plan.stops.entries()) {
        const budget = Math.max(0, deadline - reserve - Date.now());
        await bounded(plan.logger, `stop step ${i + 1}`, stop(budget), budget);
      }
      for (const [i, close] of plan.closes.entries()) {
        await bounded(plan.logger, `close step ${i + 1}`, close(), Math.max(0, deadline - Date.now()));
      }
      resolve(code);
    };
    process.on('SIGINT', () => void shutdown('SIGINT', 0));
    process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
    plan.until?.then(() => shutdown('console closed', 0));
    plan.fatal?.then((reason) => shutdown(reason, 1));
  });
}

/** Waits for `step` at most `ms`; logs instead of throwing, so the next step always runs. */
async function bounded(logger: Logger, name: string, step: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const overran = new Promise<'overran'>((resolve) => {
    timer = setTimeout(() => resolve('overran'), ms);
  });
  const settled = step.then(
    () => 'done' as const,
    (err: unknown) => void logger.error({ err, step: name }, 'error while stopping'),
  );
  const outcome = await Promise.race([settled, overran]);
  clearTimeout(timer);
  if (outcome === 'overran')
    logger.warn({ step: name, ms }, 'shutdown step did not finish in time; left behind');
}

/**
 * A driver error nobody awaited (Agenda releases some locks without waiting) must not end the
 * process while the database is down; any other unhandled rejection still does, as by default.
 */
export function survivePromisesRejectedByTheDatabase(logger: Logger): void {
  process.on('unhandledRejection', (reason) => {
    if (isDatabaseUnavailable(reason)) {
      logger.warn({ err: reason }, 'a database call nobody waited for failed: the database is unreachable');
      return;
    }
    logger.fatal({ err: reason }, 'unhandled promise rejection');
    process.exit(1);
  });
}
