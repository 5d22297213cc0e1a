import type { PublishJob } from '../core/domain/types.js';
import { claimDueJobs } from '../core/use-cases/claim-jobs.js';
import type { CoreDeps } from '../core/use-cases/deps.js';
import { runClaimedJob } from '../core/use-cases/publish-job.js';
import type { PublishRun } from '../core/use-cases/publish-run.js';

/** The furthest ahead a dispatcher sets its own timer for a job it was told of. */
const MAX_ALARM_MS = 600_000;
/** How long a freed slot waits for others before the next look claims for all of them. */
const REFILL_AFTER_MS = 5;
/** The most backlog seconds a dispatcher keeps looking at besides its look-back. */
const MAX_BACKLOG = 32;

export interface DispatcherOptions {
  workerId: string;
  /** Publishes at once: exactly this many, whatever the number. */
  concurrency: number;
  /** How often to look for due jobs besides the wake-ups (another process's publish-now). */
  pollIntervalMs: number;
  /** How far back a look reaches for due seconds (older overdue jobs are re-woken by the sweep). */
  lookbackMs: number;
  /** Test seam: runs after due jobs were read and before they are claimed. */
  beforeClaim?: ((jobIds: string[]) => Promise<void>) | undefined;
  /** Each finished run, for metrics and logs. */
  ran: (run: PublishRun, claimed: PublishJob) => void;
  /** A look or a run that failed (a database outage, a bug): logged, and the next look retries. */
  failed: (error: unknown) => void;
  /** A look that succeeded. */
  answered: () => void;
}

/**
 * A worker's publish loop: it claims as many due jobs as it has free slots in one claim (see
 * `claimDueJobs`), runs them, and claims again as slots free up, until nothing is due. It looks
 * when woken (a wake-up of the queue, a job enqueued in this process), when a job it saw is
 * about to be due, and every poll interval. Looks never overlap: a wake-up during a look makes
 * the look go round once more.
 */
export class Dispatcher {
  /** The runs in flight. */
  readonly running = new Set<Promise<void>>();
  private looking: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private poll: NodeJS.Timeout | undefined;
  private alarm: { at: number; timer: NodeJS.Timeout } | undefined;
  /** The last look stopped because every slot was taken: the next free slot looks again. */
  private hungry = false;
  /**
   * Seconds where due jobs were left for want of slots: looked at until a look finds no more,
   * however long ago they were (a burst can outlast the look-back).
   */
  private readonly backlog = new Set<string>();

  constructor(
    private readonly deps: Omit<CoreDeps, 'workspaces' | 'influencers'>,
    private readonly opts: DispatcherOptions,
  ) {}

  /** Whether it is draining a backlog (due jobs left for want of slots). */
  get draining(): boolean {
    return this.backlog.size > 0;
  }

  start(): void {
    this.stopped = false;
    this.poll = setInterval(() => void this.wake(), this.opts.pollIntervalMs);
    void this.wake();
  }

  /**
   * Stops looking (runs in flight go on: wait for `running`); resolves once a look in progress
   * ended, or after `graceMs`.
   */
  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    clearInterval(this.poll);
    if (this.alarm) clearTimeout(this.alarm.timer);
    this.alarm = undefined;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([this.looking, grace]);
    clearTimeout(timer);
  }

  /** Looks for due jobs now; resolves when this look has claimed what it could. */
  wake(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.looking) {
      this.again = true;
      return this.looking;
    }
    const look = this.look().then(
      () => this.opts.answered(),
      (error) => this.opts.failed(error),
    );
    this.looking = look.finally(() => {
      this.looking = undefined;
      if (this.again) {
        this.again = false;
        void this.wake();
      }
    });
    return this.looking;
  }

  /** Looks at `at` (now, when it has passed), unless a look is already planned sooner. */
  wakeAt(at: Date): void {
    const wait = at.getTime() - this.deps.clock.now().getTime();
    if (wait <= 0) return void this.wake();
    // Further ahead, the queue's wake-up comes in time (and a timer that long would overflow).
    if (wait > MAX_ALARM_MS) return;
    if (this.stopped || (this.alarm && this.alarm.at <= at.getTime())) return;
    if (this.alarm) clearTimeout(this.alarm.timer);
    const timer = setTimeout(() => {
      this.alarm = undefined;
      void this.wake();
    }, wait);
    this.alarm = { at: at.getTime(), timer };
  }

  private async look(): Promise<void> {
    for (;;) {
      const free = this.opts.concurrency - this.running.size;
      this.hungry = free <= 0;
      if (free <= 0 || this.stopped) return;
      const found = await claimDueJobs(this.deps, {
        workerId: this.opts.workerId,
        limit: free,
        lookbackMs: this.opts.lookbackMs,
        backlog: [...this.backlog],
        beforeClaim: this.opts.beforeClaim,
      });
      if (!found.more) this.backlog.clear();
      for (const second of found.busySeconds) if (this.backlog.size < MAX_BACKLOG) this.backlog.add(second);
      for (const claimed of found.claimed) this.run(claimed);
      if (found.nextAt) this.wakeAt(found.nextAt);
      if (!found.more) return;
    }
  }

  private run(claimed: { job: PublishJob; before: PublishJob }): void {
    const run: Promise<void> = runClaimedJob(this.deps, { ...claimed, workerId: this.opts.workerId })
      .then(
        (result) => this.opts.ran(result, claimed.job),
        (error) => this.opts.failed(error),
      )
      .finally(() => {
        this.running.delete(run);
        // Slots were full: more may be waiting. Runs claimed together finish close together:
        // those finishing within a few milliseconds share the next look (and its claim).
        if (this.hungry) {
          this.hungry = false;
          setTimeout(() => void this.wake(), REFILL_AFTER_MS);
        }
      });
    this.running.add(run);
  }
}
