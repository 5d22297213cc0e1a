import type { Agenda, BackoffContext, Job } from 'agenda';
import { isDatabaseUnavailable } from '../infra/database-errors.js';
import type { Logger } from '../infra/logger.js';

/** Wake-ups retried after a database outage: the row is the truth, this only saves a sweep's wait. */
const WAKE_UP_RETRIES = 10;
const WAKE_UP_RETRY_MAX_MS = 30_000;

/**
 * Agenda's backoff for publish wake-ups: one whose handler failed because the database was
 * unreachable runs again (1 s, 2 s, 4 s … 30 s) instead of being spent, so due posts publish
 * soon after the database is back. Any other failure is not retried here: the handler records
 * its own outcomes, and the sweep re-queues what stayed due.
 */
export function wakeUpRetryDelay({ attempt, error }: BackoffContext): number | null {
  if (!isDatabaseUnavailable(error) || attempt > WAKE_UP_RETRIES) return null;
  return Math.min(WAKE_UP_RETRY_MAX_MS, 1000 * 2 ** Math.max(0, attempt - 1));
}

/**
 * While the database is unreachable every poll, sweep and publish fails; this logs the outage
 * once when it starts and once when it ends instead of once per failed call.
 */
class DatabaseOutage {
  private since: number | undefined;

  constructor(private readonly log: Logger) {}

  /** True when `error` means the database is unreachable (then it has been logged). */
  failed(error: unknown): boolean {
    if (!isDatabaseUnavailable(error)) return false;
    if (this.since === undefined) {
      this.since = Date.now();
      const message = error instanceof Error ? error.message : String(error);
      this.log.warn(
        { err: { message } },
        'database unreachable: publishing pauses, and resumes by itself once it answers',
      );
    }
    return true;
  }

  /** A call to the database succeeded: ends an outage, if one was logged. */
  answered(): void {
    if (this.since === undefined) return;
    this.log.info({ downMs: Date.now() - this.since }, 'database answers again: publishing resumed');
    this.since = undefined;
  }
}

/**
 * Listens to what Agenda reports (failed polls, failed handlers, successes): an outage is
 * logged once at each end, any other handler failure each time.
 */
export function watchOutages(agenda: Agenda, log: Logger): DatabaseOutage {
  const outage = new DatabaseOutage(log);
  agenda.on('error', (err: unknown) => void outage.failed(err));
  agenda.on('fail', (err: unknown, job: Job<unknown>) => {
    if (!outage.failed(err)) log.error({ err, data: job.attrs.data }, 'publish handler failed');
  });
  agenda.on('success', () => outage.answered());
  return outage;
}
