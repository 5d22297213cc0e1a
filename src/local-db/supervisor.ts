import type { ServerProcess } from './server-process.js';

/** When a crashed database child is started again, and when Herald stops trying. */
interface RestartPolicy {
  /** Wait before the first restart; each further failure doubles it. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** This many failures (crashes or restarts that did not come up) within `windowMs` end Herald. */
  maxFailures: number;
  windowMs: number;
  /** How long a restarted child may take to answer a ping. */
  startTimeoutMs: number;
}

/**
 * 0.5 s, 1 s, 2 s, 4 s between restarts; the fifth failure within three minutes is one the
 * process manager (systemd, Docker, a human) should see: a database that keeps dying is not
 * something Herald can fix by restarting it faster.
 */
export const RESTART_POLICY: RestartPolicy = {
  firstDelayMs: 500,
  maxDelayMs: 8_000,
  maxFailures: 5,
  windowMs: 180_000,
  startTimeoutMs: 30_000,
};

/** The wait before restart number `failures` (1 = the first): a pure function, doubling, capped. */
export function restartDelay(failures: number, policy: RestartPolicy = RESTART_POLICY): number {
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.max(0, failures - 1));
}

/** What the supervisor tells its owner. */
export interface SupervisionHooks {
  warn(message: string): void;
  info(message: string): void;
  /** The child is up again (new pid, same url): e.g. record its pid for other Herald processes. */
  restarted?(server: ServerProcess): Promise<void>;
  /** Too many failures: the owner should stop and exit non-zero. Called at most once. */
  giveUp(reason: string): void;
}

/**
 * Watches a database child Herald started and starts it again, on the same port, socket and
 * data directory, when it exits without being asked to. Clients keep their url; the driver
 * reconnects by itself. `stop()` ends supervision first, so a requested stop is never restarted.
 */
export function supervise(
  first: ServerProcess,
  label: string,
  hooks: SupervisionHooks,
  policy: RestartPolicy = RESTART_POLICY,
): ServerProcess {
  const supervisor = new Supervisor(first, label, hooks, policy);
  return {
    url: first.url,
    get pid() {
      return supervisor.current.pid;
    },
    stop: () => supervisor.stop(),
  };
}

class Supervisor {
  current: ServerProcess;
  private stopping = false;
  private gaveUp = false;
  private timer: NodeJS.Timeout | undefined;
  private restarting: Promise<void> | undefined;
  /** When each recent failure happened, oldest first, within the policy's window. */
  private readonly failures: number[] = [];

  constructor(
    first: ServerProcess,
    private readonly label: string,
    private readonly hooks: SupervisionHooks,
    private readonly policy: RestartPolicy,
  ) {
    this.current = first;
    this.watch(first);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.restarting;
    await this.current.stop();
  }

  private watch(server: ServerProcess): void {
    void server.exited?.then((how) => {
      if (server === this.current) this.fail(how);
    });
  }

  private fail(what: string): void {
    if (this.stopping || this.gaveUp) return;
    const { policy } = this;
    const now = Date.now();
    this.failures.push(now);
    while ((this.failures[0] ?? now) < now - policy.windowMs) this.failures.shift();
    const count = this.failures.length;
    const minutes = Math.round(policy.windowMs / 60_000);
    if (count >= policy.maxFailures) {
      this.gaveUp = true;
      this.hooks.giveUp(
        `database: the ${this.label} server ${what}, its failure ${count} within ${minutes} minutes; Herald stops restarting it and exits so that its process manager can take over`,
      );
      return;
    }
    const delay = restartDelay(count, policy);
    this.hooks.warn(
      `database: the ${this.label} server (pid ${this.current.pid}) ${what}; restarting it in ${delay} ms (failure ${count}; Herald gives up at ${policy.maxFailures} within ${minutes} minutes)`,
    );
    this.timer = setTimeout(() => {
      this.restarting = this.restart();
    }, delay);
  }

  private async restart(): Promise<void> {
    const started = Date.now();
    try {
      if (!this.current.relaunch) throw new Error('Herald cannot start this server again');
      const next = await this.current.relaunch({ timeoutMs: this.policy.startTimeoutMs });
      this.current = next;
      if (this.stopping) return void (await next.stop());
      this.hooks.info(
        `database: the ${this.label} server is back (pid ${next.pid}) after ${Date.now() - started} ms`,
      );
      this.watch(next);
      await this.hooks
        .restarted?.(next)
        .catch((error: Error) => this.hooks.warn(`database: ${error.message}`));
    } catch (error) {
      this.fail(
        `did not come back: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      );
    }
  }
}
