import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishJob } from '../../../src/core/domain/types.js';
import { runPublishJob } from '../../../src/core/use-cases/publish-job.js';
import { publishNow } from '../../../src/core/use-cases/publish-now.js';
import { reconcileExpiredLease } from '../../../src/core/use-cases/reconcile-lease.js';
import { ManualClock } from '../../../src/infra/system-clock.js';
import { MongoJobRepository } from '../../../src/store/mongo-job-repository.js';
import { createHarness, scheduleAt } from '../../support/harness.js';
import { jobFixture } from '../../support/job-fixture.js';
import { openTestDb, type TestDb } from '../../support/test-db.js';
import { startTestWorker, waitFor } from '../../support/workers.js';

let t: TestDb;
let other: MongoClient;
beforeAll(async () => {
  t = await openTestDb('claims');
  other = new MongoClient(t.url);
  await other.connect();
});
afterAll(async () => {
  await other.close();
  await t.close();
});

const NOW = new Date('2026-12-01T09:00:00.500Z');
const lease = (owner: string) => ({ owner, until: new Date(NOW.getTime() + 60_000) });

describe('batched claims on the real database', () => {
  it('finds the jobs of the seconds just past, not those further back or ahead, and again once re-woken', async () => {
    const repo = new MongoJobRepository(t.db, new ManualClock(NOW));
    const ws = 'ws_find';
    const due = jobFixture({ workspaceId: ws, nextAttemptAt: new Date(NOW.getTime() - 2_000) });
    const thisSecond = jobFixture({ workspaceId: ws, nextAttemptAt: new Date('2026-12-01T09:00:00.900Z') });
    const ahead = jobFixture({ workspaceId: ws, nextAttemptAt: new Date(NOW.getTime() + 60_000) });
    const old = jobFixture({ workspaceId: ws, nextAttemptAt: new Date(NOW.getTime() - 3_600_000) });
    const cancelled = jobFixture({ workspaceId: ws, status: 'cancelled', nextAttemptAt: due.nextAttemptAt });
    await repo.insertMany([due, thisSecond, ahead, cancelled]);
    // Stored an hour ago, when it was due, and missed since (no worker ran).
    await new MongoJobRepository(t.db, new ManualClock(old.nextAttemptAt)).insertMany([old]);
    const ids = async () =>
      (await repo.findWaking({ now: NOW, lookbackMs: 60_000, limit: 100 }))
        .filter((j) => j.workspaceId === ws)
        .map((j) => j.id)
        .sort();
    // The current second's job comes too (its caller waits for it); the rest do not.
    expect(await ids()).toEqual([due.id, thisSecond.id].sort());
    await repo.rewake([old.id], NOW);
    expect(await ids()).toEqual([due.id, thisSecond.id, old.id].sort());
    expect((await repo.get(ws, old.id))?.nextAttemptAt).toEqual(old.nextAttemptAt);
  });

  it('wakes a job stored with a due time already past in the current second, so no look can have passed it', async () => {
    const repo = new MongoJobRepository(t.db, new ManualClock(NOW));
    const ws = 'ws_late';
    const late = jobFixture({ workspaceId: ws, nextAttemptAt: new Date(NOW.getTime() - 86_400_000) });
    await repo.insertMany([late]);
    const found = await repo.findWaking({ now: NOW, lookbackMs: 1_000, limit: 100 });
    expect(found.map((j) => j.id)).toContain(late.id);
    // Moved back to waiting without a new due time (a claim given back): again the current second.
    const later = new Date(NOW.getTime() + 3_600_000);
    const clock = new ManualClock(NOW);
    const mine = new MongoJobRepository(t.db, clock);
    const [claimed] = await mine.claimMany([late], lease('w'));
    clock.set(later);
    await mine.transition(
      claimed!.id,
      { from: ['publishing'], expectedVersion: claimed!.version },
      'scheduled',
    );
    const back = await mine.findWaking({ now: later, lookbackMs: 1_000, limit: 100 });
    expect(back.map((j) => j.id)).toContain(late.id);
  });

  it('tells which seconds hold waiting jobs, one page per query however many a second holds', async () => {
    const repo = new MongoJobRepository(t.db, new ManualClock(NOW));
    const ws = 'ws_seconds';
    const at = (s: number) => new Date(Date.parse('2026-12-01T11:00:00Z') + s * 1000);
    const crowded = Array.from({ length: 450 }, () => jobFixture({ workspaceId: ws, nextAttemptAt: at(3) }));
    const others = [1, 7, 9].map((s) => jobFixture({ workspaceId: ws, nextAttemptAt: at(s) }));
    const claimedAway = jobFixture({ workspaceId: ws, nextAttemptAt: at(5) });
    await repo.insertMany([...crowded, ...others, claimedAway]);
    await repo.claimMany([claimedAway], lease('w'));
    const seconds = Array.from({ length: 10 }, (_, s) => at(s).toISOString().slice(0, 19));
    const busy = await repo.busyWakeSeconds(seconds);
    expect([...busy.keys()].sort()).toEqual([1, 3, 7, 9].map((s) => at(s).toISOString().slice(0, 19)));
    expect(busy.get(seconds[3]!)?.nextAttemptAt).toEqual(at(3));
    const some = await repo.inWakeSeconds(seconds, 100);
    expect(some).toHaveLength(100);
    const all = await repo.inWakeSeconds(seconds, 1_000);
    expect(all.map((j) => j.id).sort()).toEqual([...crowded, ...others].map((j) => j.id).sort());
  });

  it('gives each of 300 due jobs to exactly one of three workers claiming them all at once on their own connections', async () => {
    const ws = 'ws_race';
    const jobs = Array.from({ length: 300 }, () =>
      jobFixture({ workspaceId: ws, nextAttemptAt: new Date(NOW.getTime() - 1000) }),
    );
    const clock = new ManualClock(NOW);
    await new MongoJobRepository(t.db, clock).insertMany(jobs);
    const repos = [t.db, other.db(t.name), other.db(t.name)].map((db) => new MongoJobRepository(db, clock));
    // Each worker read the same 300 jobs; each claims them in its own order.
    const claimed = await Promise.all(
      repos.map((repo, i) => {
        const order = i === 1 ? [...jobs].reverse() : jobs;
        return repo.claimMany(order, lease(`w${i}`));
      }),
    );
    const owners = new Map<string, string[]>();
    claimed.forEach((list, i) => {
      for (const j of list) owners.set(j.id, [...(owners.get(j.id) ?? []), `w${i}`]);
    });
    expect(owners.size).toBe(300);
    expect([...owners.values()].filter((o) => o.length > 1)).toEqual([]);
    const stored = await Promise.all(jobs.map((j) => repos[0]!.get(ws, j.id)));
    for (const job of stored) {
      expect(job).toMatchObject({ status: 'publishing', version: 2, attemptCount: 1 });
      expect(owners.get(job!.id)).toEqual([job!.lease?.owner]);
    }
    // What a claim returned is what is stored.
    const mine = claimed[0]![0];
    if (mine)
      expect({ ...mine, lease: { owner: mine.lease!.owner, until: mine.lease!.until } }).toEqual({
        ...(await repos[0]!.get(ws, mine.id)),
        lease: lease('w0'),
        updatedAt: mine.updatedAt,
      });
  });

  it('lets only one of two conflicting reschedules of a job apply when they go in one batch, and says which', async () => {
    const clock = new ManualClock(NOW);
    const repo = new MongoJobRepository(t.db, clock);
    const job = jobFixture({ workspaceId: 'ws_cas' });
    const bystander = jobFixture({ workspaceId: 'ws_cas' });
    await repo.insertMany([job, bystander]);
    const to = (h: number) => ({ nextAttemptAt: new Date(NOW.getTime() + h * 3_600_000) });
    const guard = { status: ['scheduled'] as PublishJob['status'][], expectedVersion: 1 };
    // Three writes asked for together: two on one job at the same version, one on another.
    const [a, b, c] = await Promise.all([
      repo.patch(job.id, guard, to(1)),
      repo.patch(job.id, guard, to(2)),
      repo.patch(bystander.id, guard, to(3)),
    ]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    const stored = await repo.get('ws_cas', job.id);
    expect(stored?.nextAttemptAt).toEqual((a ?? b)!.nextAttemptAt);
    expect(stored?.version).toBe(2);
    expect(c?.nextAttemptAt).toEqual(to(3).nextAttemptAt);
    expect(stored).not.toHaveProperty('casToken');
  });
});

describe('a claim that never reached its attempt', () => {
  it('is due again once its lease expires, without a lookup, and then publishes once', async () => {
    const h = await createHarness({ label: 'unattempted' });
    try {
      const { jobs } = await scheduleAt(h, new Date(Date.now() + 60_000), 'claimed, then the worker died');
      const [claimed] = await h.deps.jobs.claimMany(jobs, { owner: 'dead', until: new Date(Date.now() - 1) });
      expect(claimed?.attemptCount).toBe(1);
      expect(await reconcileExpiredLease(h.deps, claimed!)).toBe('requeued');
      const requeued = await h.deps.jobs.get(h.workspace.id, claimed!.id);
      expect(requeued).toMatchObject({ status: 'scheduled', attemptCount: 0 });
      const audit = await h.deps.audit.list({ workspaceId: h.workspace.id, limit: 10 });
      expect(audit[0]?.decision).toMatchObject({ reason: 'lease_expired', lookup: 'not_attempted' });
      const run = await runPublishJob(h.deps, { jobId: claimed!.id, workerId: 'w2' });
      expect(run.outcome).toBe('published');
      const attempts = await h.deps.attempts.listByJob(h.workspace.id, claimed!.id);
      expect(attempts.map((a) => [a.attemptNumber, a.result])).toEqual([[1, 'success']]);
    } finally {
      await h.close();
    }
  });
});

describe('publish-now in the process that runs the worker', () => {
  it('is picked up at once, long before the next poll or Agenda wake-up could', async () => {
    const h = await createHarness({
      label: 'pickup',
      queue: 'agenda',
      settings: { publishNowEnabled: true },
    });
    try {
      // Polls a minute apart: only the in-process signal can start this publish in time.
      const worker = await startTestWorker(h, 'w-now', { pollIntervalMs: 60_000 });
      try {
        const at = new Date(Date.now() + 3_600_000);
        const { post } = await scheduleAt(h, at, 'now, please', worker.deps);
        const sent = Date.now();
        await publishNow(worker.deps, { workspaceId: h.workspace.id, postId: post.id, actor: h.actor });
        const [attempt] = await waitFor(
          async () => {
            const attempts = await h.deps.attempts.listByPost(h.workspace.id, post.id);
            return attempts.length > 0 ? attempts : null;
          },
          10_000,
          20,
        );
        expect(attempt!.startedAt.getTime() - sent).toBeLessThan(2000);
      } finally {
        await worker.stop();
      }
    } finally {
      await h.close();
    }
  });
});
