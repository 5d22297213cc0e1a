import { afterEach, describe, expect, it } from 'vitest';
import { cancelPost } from '../../../src/core/use-cases/cancel-post.js';
import { runPublishJob } from '../../../src/core/use-cases/publish-job.js';
import { reschedulePost } from '../../../src/core/use-cases/reschedule-post.js';
import { createHarness, type Harness, scheduleAt } from '../../support/harness.js';
import { startTestWorker, type TestWorker, waitFor } from '../../support/workers.js';

let h: Harness | undefined;
const workers: TestWorker[] = [];
afterEach(async () => {
  for (const w of workers.splice(0)) await w.stop();
  await h?.close();
  h = undefined;
});

async function schedule(harness: Harness, inMs: number, caption = 'hello') {
  const { post, jobs } = await scheduleAt(harness, new Date(Date.now() + inMs), caption);
  return { post, job: jobs[0]! };
}

const publications = (harness: Harness) => harness.testDb.db.collection('dryrun_publications');

describe('publish loop (Agenda + real database + dryrun platform)', () => {
  it('publishes a due post once, records one successful attempt and audits every step', async () => {
    h = await createHarness({ label: 'loop', queue: 'agenda' });
    workers.push(await startTestWorker(h, 'w1'));
    const { post, job } = await schedule(h, 1000);
    const done = await waitFor(async () => {
      const j = await h!.deps.jobs.get(h!.workspace.id, job.id);
      return j?.status === 'published' ? j : null;
    });
    expect(done.platformPostId).toMatch(/^dry_/);
    expect(done.publishedAt!.getTime()).toBeGreaterThanOrEqual(job.nextAttemptAt.getTime());
    const attempts = await h.deps.attempts.listByPost(h.workspace.id, post.id);
    expect(attempts.map((a) => [a.attemptNumber, a.result])).toEqual([[1, 'success']]);
    expect(await publications(h).countDocuments({ idempotencyKey: job.idempotencyKey })).toBe(1);
    const actions = (await h.deps.audit.list({ workspaceId: h.workspace.id, limit: 50 }))
      .map((e) => e.action)
      .reverse();
    expect(actions).toEqual(['post.scheduled', 'job.publishing', 'job.published']);
    expect(h.notifier.ofType('published')).toHaveLength(1);
  });

  it('does not publish a job cancelled after the worker read it as due but before it claimed it', async () => {
    h = await createHarness({ label: 'pickup', queue: 'agenda' });
    const harness = h;
    const pickedUp: string[] = [];
    workers.push(
      await startTestWorker(harness, 'w1', {
        beforeClaim: async (jobIds) => {
          for (const jobId of jobIds) {
            pickedUp.push(jobId);
            const job = await harness.deps.jobs.get(harness.workspace.id, jobId);
            await cancelPost(harness.deps, {
              workspaceId: harness.workspace.id,
              postId: job!.postId,
              actor: harness.actor,
            });
          }
        },
      }),
    );
    const { post, job } = await schedule(harness, 500);
    await waitFor(async () => pickedUp.includes(job.id));
    await new Promise((r) => setTimeout(r, 500));
    expect((await harness.deps.jobs.get(harness.workspace.id, job.id))?.status).toBe('cancelled');
    expect(await harness.deps.attempts.listByPost(harness.workspace.id, post.id)).toEqual([]);
    expect(await publications(harness).countDocuments({})).toBe(0);
  });

  it('does not publish a post cancelled one second before it is due', async () => {
    h = await createHarness({ label: 'late', queue: 'agenda' });
    workers.push(await startTestWorker(h, 'w1'));
    const { post, job } = await schedule(h, 3000);
    // One second before the due time itself, however long scheduling took.
    await new Promise((r) => setTimeout(r, post.scheduledAt.getTime() - 1000 - Date.now()));
    await cancelPost(h.deps, { workspaceId: h.workspace.id, postId: post.id, actor: h.actor });
    await new Promise((r) => setTimeout(r, 2500));
    expect((await h.deps.jobs.get(h.workspace.id, job.id))?.status).toBe('cancelled');
    expect(await publications(h).countDocuments({})).toBe(0);
  });

  it('ignores the old wake-up of a rescheduled post and publishes at the new time', async () => {
    h = await createHarness({ label: 'resched', queue: 'agenda' });
    workers.push(await startTestWorker(h, 'w1'));
    const { post, job } = await schedule(h, 2000);
    const later = new Date(post.scheduledAt.getTime() + 3000);
    await reschedulePost(h.deps, {
      workspaceId: h.workspace.id,
      postId: post.id,
      actor: h.actor,
      scheduledAt: later,
      timezone: 'UTC',
      localTime: later.toISOString().slice(0, 16),
    });
    // The old wake-up fired a second ago; the new time is two seconds away.
    await new Promise((r) => setTimeout(r, post.scheduledAt.getTime() + 1000 - Date.now()));
    expect((await h.deps.jobs.get(h.workspace.id, job.id))?.status).toBe('scheduled');
    const done = await waitFor(async () => {
      const j = await h!.deps.jobs.get(h!.workspace.id, job.id);
      return j?.status === 'published' ? j : null;
    });
    expect(done.publishedAt!.getTime()).toBeGreaterThanOrEqual(later.getTime());
  });

  it('publishes each of 30 posts exactly once when two workers race for the same due jobs', async () => {
    h = await createHarness({ label: 'race', queue: 'agenda' });
    const pickups: Record<string, number> = { w1: 0, w2: 0 };
    const count = (id: string) => async () => {
      pickups[id] = (pickups[id] ?? 0) + 1;
    };
    workers.push(
      await startTestWorker(h, 'w1', { beforeClaim: count('w1') }),
      await startTestWorker(h, 'w2', { beforeClaim: count('w2') }),
    );
    const scheduled = await Promise.all(
      Array.from({ length: 30 }, (_, i) => schedule(h!, 1500, `post ${i}`)),
    );
    await waitFor(async () => (await h!.deps.jobs.countByStatus(h!.workspace.id)).published === 30, 30_000);
    for (const { job } of scheduled) {
      expect(await publications(h).countDocuments({ idempotencyKey: job.idempotencyKey })).toBe(1);
      const attempts = await h.deps.attempts.listByJob(h.workspace.id, job.id);
      expect(attempts.map((a) => a.result)).toEqual(['success']);
    }
    expect(pickups.w1).toBeGreaterThan(0);
    expect(pickups.w2).toBeGreaterThan(0);
  });

  it('lets exactly one of 10 concurrent handler runs on two connections publish a due job', async () => {
    h = await createHarness({ label: 'direct' });
    const other = await startTestWorker(h, 'w-other');
    workers.push(other);
    const { job } = await schedule(h, 0);
    const runs = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        runPublishJob(i % 2 ? other.deps : h!.deps, { jobId: job.id, workerId: `r${i}` }),
      ),
    );
    expect(runs.filter((r) => r.outcome === 'published')).toHaveLength(1);
    expect(runs.filter((r) => r.outcome === 'skipped')).toHaveLength(9);
    expect(await h.deps.attempts.listByJob(h.workspace.id, job.id)).toHaveLength(1);
    expect(await publications(h).countDocuments({})).toBe(1);
  });
});
