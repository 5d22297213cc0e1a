import { describe, expect, it } from 'vitest';
import type { ServerProcess } from '../../../src/local-db/server-process.js';
import { RESTART_POLICY, restartDelay, supervise } from '../../../src/local-db/supervisor.js';

/** A database child the test ends at will; relaunching gives the next one (or fails when told to). */
class FakeChildren {
  launched: FakeChild[] = [];
  failNextLaunches = 0;

  start(): FakeChild {
    const child = new FakeChild(this, 1000 + this.launched.length);
    this.launched.push(child);
    return child;
  }
}

class FakeChild implements ServerProcess {
  url = 'mongodb://127.0.0.1:27999/';
  stopped = false;
  private end: (how: string) => void = () => {};
  exited = new Promise<string>((resolve) => {
    this.end = resolve;
  });

  constructor(
    private readonly all: FakeChildren,
    readonly pid: number,
  ) {}

  crash(): void {
    this.end('exited with SIGKILL');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.end('exited with SIGTERM');
  }

  async relaunch(): Promise<ServerProcess> {
    if (this.all.failNextLaunches > 0) {
      this.all.failNextLaunches -= 1;
      throw new Error('ferretdb exited with code 1 before it was ready:\nbind: address already in use');
    }
    return this.all.start();
  }
}

const fast = { ...RESTART_POLICY, firstDelayMs: 1, maxDelayMs: 4 };
const settle = () => new Promise((r) => setTimeout(r, 30));

function harness(policy = fast) {
  const children = new FakeChildren();
  const said: string[] = [];
  const gaveUp: string[] = [];
  const server = supervise(
    children.start(),
    'ferretdb',
    {
      warn: (m) => said.push(m),
      info: (m) => said.push(m),
      giveUp: (reason) => gaveUp.push(reason),
    },
    policy,
  );
  return { children, said, gaveUp, server };
}

describe('restartDelay', () => {
  it('doubles from 0.5 s and stops growing at the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 9].map((n) => restartDelay(n))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
  });
});

describe('a supervised database child', () => {
  it('is started again after it dies, says so, and keeps its url; the pid shown is the new one', async () => {
    const { children, said, server } = harness();
    children.launched[0]?.crash();
    await settle();
    expect(children.launched).toHaveLength(2);
    expect(server.pid).toBe(1001);
    expect(server.url).toBe('mongodb://127.0.0.1:27999/');
    expect(said[0]).toMatch(
      /the ferretdb server \(pid 1000\) exited with SIGKILL; restarting it in 1 ms \(failure 1/,
    );
    expect(said[1]).toMatch(/the ferretdb server is back \(pid 1001\)/);
  });

  it('is not restarted after a requested stop', async () => {
    const { children, server } = harness();
    await server.stop();
    await settle();
    expect(children.launched).toHaveLength(1);
    expect(children.launched[0]?.stopped).toBe(true);
  });

  it('counts a restart that does not come up as a failure and tries again', async () => {
    const { children, said, gaveUp } = harness();
    children.failNextLaunches = 2;
    children.launched[0]?.crash();
    await settle();
    expect(children.launched).toHaveLength(2);
    expect(said.filter((m) => m.includes('did not come back: ferretdb exited with code 1'))).toHaveLength(2);
    expect(gaveUp).toEqual([]);
  });

  it('gives up once at the fifth failure within the window, and restarts nothing after', async () => {
    const { children, gaveUp } = harness();
    for (let i = 0; i < 5; i += 1) {
      children.launched.at(-1)?.crash();
      await settle();
    }
    expect(gaveUp).toHaveLength(1);
    expect(gaveUp[0]).toMatch(/its failure 5 within 3 minutes; Herald stops restarting it and exits/);
    expect(children.launched).toHaveLength(5);
  });

  it('forgets failures older than the window', async () => {
    const { children, gaveUp } = harness({ ...fast, windowMs: 20 });
    for (let i = 0; i < 8; i += 1) {
      children.launched.at(-1)?.crash();
      await settle();
    }
    expect(gaveUp).toEqual([]);
    expect(children.launched).toHaveLength(9);
  });
});
