import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness, scheduleAt } from '../../support/harness.js';
import { startTestWorker, type TestWorker } from '../../support/workers.js';

let h: Harness | undefined;
const workers: TestWorker[] = [];
afterEach(async () => {
  for (const w of workers.splice(0)) await w.stop();
  await h?.close();
  h = undefined;
});

async function scheduleSoon(harness: Harness) {
  const { jobs } = await scheduleAt(harness, new Date(Date.now() + 1000), 'in flight at shutdown');
  return jobs[0]!;
}

async function timed(run: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

describe('graceful stop waits for publishes in flight, and no longer', () => {
  it('returns about when a 1 s publish in flight ends, not at the end of a 10 s grace period', async () => {
    h = await createHarness({ label: 'stop-inflight', queue: 'agenda' });
    const harness = h;
    let pickedUp!: () => void;
    const inFlight = new Promise<void>((resolve) => {
      pickedUp = resolve;
    });
    const worker = await startTestWorker(harness, 'w-stop', {
      beforeClaim: async () => {
        pickedUp();
        await sleep(1000);
      },
    });
    workers.push(worker);
    const job = await scheduleSoon(harness);
    await inFlight;
    const took = await timed(() => worker.stop(10_000));
    expect(took).toBeGreaterThan(800);
    expect(took).toBeLessThan(3000);
    expect((await harness.deps.jobs.get(harness.workspace.id, job.id))?.status).toBe('published');
  });

  it('gives up at the end of the grace period when a publish outlasts it', async () => {
    h = await createHarness({ label: 'stop-grace', queue: 'agenda' });
    let pickedUp!: () => void;
    const inFlight = new Promise<void>((resolve) => {
      pickedUp = resolve;
    });
    const worker = await startTestWorker(h, 'w-grace', {
      beforeClaim: async () => {
        pickedUp();
        await sleep(3000);
      },
    });
    workers.push(worker);
    await scheduleSoon(h);
    await inFlight;
    const took = await timed(() => worker.stop(500));
    expect(took).toBeGreaterThan(400);
    expect(took).toBeLessThan(1500);
  });

  it('returns at once when nothing is in flight', async () => {
    h = await createHarness({ label: 'stop-idle', queue: 'agenda' });
    const worker = await startTestWorker(h, 'w-idle');
    workers.push(worker);
    expect(await timed(() => worker.stop(10_000))).toBeLessThan(500);
  });
});
