import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { wakeSecond } from '../../../src/core/domain/wake-second.js';
import type { Clock } from '../../../src/core/ports/clock.js';
import type { PublishQueue } from '../../../src/core/ports/publish-queue.js';
import { newJob } from '../../../src/core/use-cases/new-job.js';
import { ManualClock } from '../../../src/infra/system-clock.js';
import { WAKE_UP_HORIZON_MS } from '../../../src/jobs/agenda-publish-queue.js';
import { sweep } from '../../../src/jobs/sweep.js';
import { createHarness, type Harness, scheduleAt } from '../../support/harness.js';
import { startTestWorker, type TestWorker, waitFor } from '../../support/workers.js';

let h: Harness | undefined;
const workers: TestWorker[] = [];
afterEach(async () => {
  for (const w of workers.splice(0)) await w.stop();
  await h?.close();
  h = undefined;
});

const MINUTE = 60_000;
const silent = pino({ level: 'silent' });

async function schedule(harness: Harness, at: Date) {
  const { post, jobs } = await scheduleAt(harness, at);
  return { post, job: jobs[0]! };
}

/** Agenda's wake-ups: all of them, or the one of `at`'s second. */
const wakeUps = (harness: Harness, at?: Date) =>
  harness.testDb.db
    .collection('agenda_jobs')
    .countDocuments(at ? { 'data.second': wakeSecond(at) } : { 'data.second': { $exists: true } });

describe('wake-up horizon: Agenda holds only wake-ups due soon; the sweeper queues later ones', () => {
  it('stores a wake-up for a post due within the horizon and none for one due later', async () => {
    h = await createHarness({ label: 'horizon', queue: 'agenda' });
    const soon = await schedule(h, new Date(Date.now() + 2 * MINUTE));
    const later = await schedule(h, new Date(Date.now() + 3 * WAKE_UP_HORIZON_MS));
    expect(await wakeUps(h, soon.job.nextAttemptAt)).toBe(1);
    expect(await wakeUps(h, later.job.nextAttemptAt)).toBe(0);
  });

  it('publishes a post scheduled beyond the horizon, once, when the sweeper’s horizon reaches it', async () => {
    let offset = -3 * WAKE_UP_HORIZON_MS;
    const clock: Clock = { now: () => new Date(Date.now() + offset) };
    h = await createHarness({ label: 'horizon-e2e', queue: 'agenda', clock });
    const harness = h;
    // Due 2 s from real time, which this clock, three horizons behind, places far ahead.
    const { job } = await schedule(harness, new Date(Date.now() + 2000));
    workers.push(await startTestWorker(harness, 'w1', { sweepIntervalMs: 1000, compose: { clock } }));
    await new Promise((r) => setTimeout(r, 2500));
    expect(await wakeUps(harness, job.nextAttemptAt)).toBe(0);
    expect((await harness.deps.jobs.get(harness.workspace.id, job.id))?.status).toBe('scheduled');
    offset = 0; // time reaches the post: the next sweep queues it and a worker publishes it
    const done = await waitFor(async () => {
      const j = await harness.deps.jobs.get(harness.workspace.id, job.id);
      return j?.status === 'published' ? j : null;
    });
    expect(done.attemptCount).toBe(1);
    const published = harness.testDb.db.collection('dryrun_publications');
    expect(await published.countDocuments({ idempotencyKey: job.idempotencyKey })).toBe(1);
  });

  it('queues every job its horizon newly reached, past one page of ties at the same instant, as one wake-up for their second (one page of them read, not all)', async () => {
    const clock = new ManualClock(new Date());
    h = await createHarness({ label: 'horizon-page', queue: 'agenda', clock });
    const { post } = await schedule(h, new Date(clock.now().getTime() + 3 * WAKE_UP_HORIZON_MS));
    const first = await sweep(h.deps, { staleMs: MINUTE, logger: silent });
    const tie = new Date(clock.now().getTime() + WAKE_UP_HORIZON_MS + 5 * MINUTE);
    const far = new Date(clock.now().getTime() + 3 * WAKE_UP_HORIZON_MS);
    const tied = Array.from({ length: 1100 }, (_, i) =>
      newJob(h!.deps, post, `acc_tie_${i}`, 'dryrun', tie, 'scheduled'),
    );
    const away = newJob(h.deps, post, 'acc_far', 'dryrun', far, 'scheduled');
    await h.deps.jobs.insertMany([...tied, away]);
    clock.advance(10 * MINUTE);
    const second = await sweep(h.deps, { staleMs: MINUTE, logger: silent, queuedUntil: first.queuedUntil });
    expect(second.queued).toBe(1);
    expect(await wakeUps(h)).toBe(1);
    expect(await wakeUps(h, tie)).toBe(1);
    expect(await wakeUps(h, far)).toBe(0);
    clock.advance(MINUTE);
    const third = await sweep(h.deps, { staleMs: MINUTE, logger: silent, queuedUntil: second.queuedUntil });
    expect(third.queued).toBe(0);
  });

  it('leaves the horizon where it was while its worker drains a backlog, and queues what it skipped on the next sweep', async () => {
    const clock = new ManualClock(new Date());
    h = await createHarness({ label: 'horizon-drain', queue: 'agenda', clock });
    const first = await sweep(h.deps, { staleMs: MINUTE, logger: silent });
    const at = new Date(clock.now().getTime() + WAKE_UP_HORIZON_MS + 5 * MINUTE);
    await schedule(h, at);
    clock.advance(10 * MINUTE);
    const busy = { staleMs: MINUTE, logger: silent, queuedUntil: first.queuedUntil };
    const during = await sweep(h.deps, { ...busy, draining: true });
    expect(during).toMatchObject({ queued: 0, queuedUntil: first.queuedUntil });
    expect(await wakeUps(h, at)).toBe(0);
    const after = await sweep(h.deps, { ...busy, queuedUntil: during.queuedUntil });
    expect(after.queued).toBe(1);
    expect(await wakeUps(h, at)).toBe(1);
  });

  it('finds a job the workers missed by the seconds that turned overdue since its last look, not by reading every waiting job', async () => {
    const clock = new ManualClock(new Date());
    h = await createHarness({ label: 'overdue-window', queue: 'agenda', clock });
    // Months of posts ahead: the looks after the first must not read them.
    for (let i = 0; i < 20; i += 1) await schedule(h, new Date(clock.now().getTime() + (i + 1) * 86_400_000));
    const first = await sweep(h.deps, { staleMs: MINUTE, logger: silent });
    expect(first.overdueUntil).toEqual(new Date(clock.now().getTime() - MINUTE));
    const { job } = await schedule(h, new Date(clock.now().getTime() + 5_000));
    // No worker ran: two minutes later the job is a minute overdue.
    clock.advance(2 * MINUTE);
    let scans = 0;
    const jobs = h.deps.jobs;
    const counted = {
      ...h.deps,
      jobs: Object.assign(Object.create(jobs), {
        findDue: (...args: Parameters<typeof jobs.findDue>) => {
          if (args[0].includes('scheduled')) scans += 1;
          return jobs.findDue(...args);
        },
      }),
    };
    const second = await sweep(counted, {
      staleMs: MINUTE,
      logger: silent,
      overdueUntil: first.overdueUntil!,
    });
    expect(second.requeued).toBe(1);
    expect(scans).toBe(1); // the first sweep of this worker's horizon (no queuedUntil) only
    const found = await h.deps.jobs.findWaking({ now: clock.now(), lookbackMs: 1000, limit: 10 });
    expect(found.map((j) => j.id)).toEqual([job.id]);
    // Workers down for longer than the sweep reads second by second: it reads every waiting job once.
    clock.advance(60 * MINUTE);
    const third = await sweep(counted, {
      staleMs: MINUTE,
      logger: silent,
      queuedUntil: second.queuedUntil,
      overdueUntil: second.overdueUntil!,
    });
    expect(third.requeued).toBe(1);
    expect(scans).toBe(3);
  });

  it('lets a restarted worker go on from the horizon the workers stored instead of re-queuing every wake-up within it', async () => {
    h = await createHarness({ label: 'horizon-restart', queue: 'agenda' });
    for (let i = 0; i < 5; i += 1) await schedule(h, new Date(Date.now() + 5 * MINUTE + i * 1000));
    const sweptBy: string[] = [];
    const counting = (name: string): PublishQueue => ({
      enqueue: async (jobId, at) => {
        sweptBy.push(name);
        await h!.deps.queue.enqueue(jobId, at);
      },
    });
    const first = await startTestWorker(h, 'w1', { compose: { queue: counting('w1') } });
    await first.stop();
    expect(sweptBy.filter((w) => w === 'w1')).toHaveLength(5);
    workers.push(await startTestWorker(h, 'w2', { compose: { queue: counting('w2') } }));
    expect(sweptBy.filter((w) => w === 'w2')).toHaveLength(0);
    expect(await wakeUps(h)).toBe(5);
  });
});
