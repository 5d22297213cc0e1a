import { afterEach, describe, expect, it } from 'vitest';
import type { CoreDeps } from '../../../src/core/use-cases/deps.js';
import { Dispatcher } from '../../../src/jobs/dispatcher.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let dispatcher: Dispatcher | undefined;
afterEach(async () => {
  await dispatcher?.stop(100);
  dispatcher = undefined;
});

/** A dispatcher over a job store that is always empty, counting its looks. */
function counting() {
  const looks: number[] = [];
  const deps = {
    clock: { now: () => new Date() },
    jobs: {
      findWaking: async () => {
        looks.push(Date.now());
        return [];
      },
    },
  } as unknown as CoreDeps;
  const d = new Dispatcher(deps, {
    workerId: 'w',
    concurrency: 3,
    pollIntervalMs: 60_000,
    lookbackMs: 60_000,
    ran: () => {},
    failed: (error) => {
      throw error;
    },
    answered: () => {},
  });
  return { d, looks };
}

describe('dispatcher wake-ups', () => {
  it('looks once at a job’s time when told of it, and not at all for one a month ahead', async () => {
    const { d, looks } = counting();
    dispatcher = d;
    d.start();
    await sleep(20);
    expect(looks).toHaveLength(1); // the look at start
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    d.wakeAt(new Date(Date.now() + 30 * 86_400_000));
    const soon = Date.now() + 80;
    d.wakeAt(new Date(soon));
    d.wakeAt(new Date(soon + 50)); // later than the alarm already set: no second look
    await sleep(300);
    process.off('warning', onWarning);
    expect(looks).toHaveLength(2);
    expect(looks[1]!).toBeGreaterThanOrEqual(soon - 5);
    expect(warnings).toEqual([]);
  });

  it('makes wake-ups during a look go round once more, not once each', async () => {
    const { d, looks } = counting();
    dispatcher = d;
    d.start();
    await Promise.all([d.wake(), d.wake(), d.wake(), d.wake()]);
    await sleep(30);
    expect(looks.length).toBeGreaterThanOrEqual(2);
    expect(looks.length).toBeLessThanOrEqual(3);
  });
});
