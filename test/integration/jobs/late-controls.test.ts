import { afterEach, describe, expect, it } from 'vitest';
import { cancelPost } from '../../../src/core/use-cases/cancel-post.js';
import { reschedulePost } from '../../../src/core/use-cases/reschedule-post.js';
import { schedulePost } from '../../../src/core/use-cases/schedule-post.js';
import { WebhookPublisher } from '../../../src/publishers/webhook.js';
import { type FakeWebhook, LOCAL_FAKES, startFakeWebhook } from '../../support/fakes/index.js';
import { createHarness, type Harness } from '../../support/harness.js';
import { webhookAccount } from '../../support/webhook-account.js';
import { startTestWorker, type TestWorker, waitFor } from '../../support/workers.js';

let h: Harness | undefined;
let webhook: FakeWebhook | undefined;
const workers: TestWorker[] = [];
afterEach(async () => {
  for (const w of workers.splice(0)) await w.stop();
  await webhook?.close();
  await h?.close();
  h = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const publications = (harness: Harness) => harness.testDb.db.collection('dryrun_publications');

async function scheduleIn(harness: Harness, ms: number, accountId = harness.account.id) {
  const at = new Date(Date.now() + ms);
  return schedulePost(harness.deps, {
    workspaceId: harness.workspace.id,
    actor: harness.actor,
    accountIds: [accountId],
    caption: 'late control',
    scheduledAt: at,
    timezone: 'UTC',
    localTime: at.toISOString().slice(0, 16),
  });
}

describe('late controls win over the due time (real Agenda worker)', () => {
  it.each([1000, 100])('a cancel issued %i ms before the due time publishes nothing', async (before) => {
    h = await createHarness({ label: 'latecancel', queue: 'agenda' });
    workers.push(await startTestWorker(h, 'w1'));
    const { post, jobs } = await scheduleIn(h, 3000);
    const due = post.scheduledAt.getTime();
    // Aim at the due time itself, not at "after scheduling": a slow set-up must not make the cancel late.
    await sleep(due - before - Date.now());
    const issuedAt = Date.now();
    const outcome = await cancelPost(h.deps, {
      workspaceId: h.workspace.id,
      postId: post.id,
      actor: h.actor,
    }).then(
      () => 'cancelled' as const,
      (e: Error) => e,
    );
    const answeredAt = Date.now();
    await sleep(Math.max(0, due - Date.now()) + 1500);
    const status = (await h.deps.jobs.get(h.workspace.id, jobs[0]!.id))?.status;
    const published = await publications(h).countDocuments({});
    expect(issuedAt, 'the test issued its cancel after the due time').toBeLessThan(due);
    if (answeredAt < due) {
      // The cancel was answered before the due time: it must have won.
      expect(outcome).toBe('cancelled');
      expect([status, published]).toEqual(['cancelled', 0]);
    } else if (outcome === 'cancelled') {
      // A slow machine let the due time pass mid-cancel; the cancel still won, so nothing went out.
      expect([status, published]).toEqual(['cancelled', 0]);
    } else {
      // The worker claimed first; the cancel said so, and the post went out exactly once.
      expect(outcome.message).toMatch(/nothing to cancel \(jobs: publish(ing|ed)\)/);
      await waitFor(
        async () => (await h!.deps.jobs.get(h!.workspace.id, jobs[0]!.id))?.status === 'published',
        10_000,
      );
      expect(await publications(h).countDocuments({})).toBe(1);
    }
  });

  it.each([1000, 100])(
    'a reschedule issued %i ms before the due time publishes only at the new time',
    async (before) => {
      h = await createHarness({ label: 'lateresched', queue: 'agenda' });
      workers.push(await startTestWorker(h, 'w1'));
      const { post } = await scheduleIn(h, 3000);
      const due = post.scheduledAt.getTime();
      await sleep(due - before - Date.now());
      const issuedAt = Date.now();
      const later = new Date(Date.now() + 4000);
      const outcome = await reschedulePost(h.deps, {
        workspaceId: h.workspace.id,
        postId: post.id,
        actor: h.actor,
        scheduledAt: later,
        timezone: 'UTC',
        localTime: 'x',
      }).then(
        () => 'moved' as const,
        (e: Error) => e,
      );
      const answeredAt = Date.now();
      expect(issuedAt, 'the test issued its reschedule after the due time').toBeLessThan(due);
      // Answered before the due time, the reschedule must have won; a machine slow enough to let
      // the due time pass mid-call may lose the race, and then the post goes out once, as first planned.
      if (answeredAt < due) expect(outcome).toBe('moved');
      const published = await waitFor(async () => {
        const [job] = await h!.deps.jobs.listByPost(h!.workspace.id, post.id);
        return job?.status === 'published' ? job : null;
      }, 12_000);
      const [record] = await publications(h).find().toArray();
      expect(await publications(h).countDocuments({})).toBe(1);
      if (outcome === 'moved') {
        expect(published.publishedAt?.getTime()).toBeGreaterThanOrEqual(later.getTime());
        expect((record?.publishedAt as Date | undefined)?.getTime()).toBeGreaterThanOrEqual(later.getTime());
      } else {
        expect(outcome.message).toMatch(/nothing left to reschedule/);
        expect(published.publishedAt?.getTime()).toBeLessThan(later.getTime());
      }
    },
  );
});

describe('a publish slower than the lease', () => {
  it('keeps its lease alive while the platform takes 12 s, so no other worker reconciles or republishes it', async () => {
    webhook = await startFakeWebhook({ secret: 'whsec-slow' });
    h = await createHarness({
      label: 'slow',
      queue: 'agenda',
      settings: { leaseMs: 5000 },
      publishers: {
        webhook: new WebhookPublisher({
          baseUrl: webhook.endpoint,
          timeoutMs: 30_000,
          fetchPolicy: LOCAL_FAKES,
        }),
      },
    });
    const { account, compose } = await webhookAccount(h, webhook, 'whsec-slow', 'slow');
    workers.push(await startTestWorker(h, 'w1', { sweepIntervalMs: 1000, compose }));
    workers.push(await startTestWorker(h, 'w2', { sweepIntervalMs: 1000, compose }));
    webhook.setLatency(12_000);
    const { jobs } = await scheduleIn(h, 500, account.id);
    const jobNow = () => h!.deps.jobs.get(h!.workspace.id, jobs[0]!.id);
    const claimed = await waitFor(
      async () => ((await jobNow())?.status === 'publishing' ? jobNow() : null),
      10_000,
      50,
    );
    const firstLeaseEnd = claimed!.lease!.until.getTime();
    await sleep(7000);
    const during = await jobNow();
    expect(during?.status).toBe('publishing');
    expect(during!.lease!.until.getTime()).toBeGreaterThan(firstLeaseEnd);
    await waitFor(async () => (await jobNow())?.status === 'published', 30_000, 250);
    const audit = await h.deps.audit.list({ workspaceId: h.workspace.id, subjectId: jobs[0]!.id, limit: 20 });
    expect(audit.filter((e) => e.decision?.reason === 'lease_expired')).toEqual([]);
    expect(webhook.state.deliveries).toHaveLength(1);
    expect(webhook.state.duplicates).toBe(0);
    expect((await h.deps.attempts.listByJob(h.workspace.id, jobs[0]!.id)).map((a) => a.result)).toEqual([
      'success',
    ]);
  }, 60_000);

  it('publishes exactly as many posts at once as its concurrency says, no more and no fewer', async () => {
    webhook = await startFakeWebhook({ secret: 'whsec-stall' });
    h = await createHarness({ label: 'stall', queue: 'agenda' });
    const { account, compose } = await webhookAccount(h, webhook, 'whsec-stall');
    webhook.setLatency(3000);
    for (let i = 0; i < 6; i += 1) await scheduleIn(h, 2000, account.id);
    workers.push(await startTestWorker(h, 'w1', { concurrency: 2, compose }));
    await waitFor(
      async () => (await h!.deps.jobs.countByStatus(h!.workspace.id)).published === 6,
      40_000,
      250,
    );
    const arrivals = webhook.state.deliveries.map((d) => d.receivedAt).sort((a, b) => a - b);
    expect(arrivals).toHaveLength(6);
    expect(webhook.state.duplicates).toBe(0);
    // Two slots: the posts arrive in pairs, each pair once the one before has been answered.
    for (let i = 0; i + 2 < arrivals.length; i += 1)
      expect(arrivals[i + 2]! - arrivals[i]!).toBeGreaterThanOrEqual(2800);
    for (let i = 0; i < arrivals.length; i += 2) expect(arrivals[i + 1]! - arrivals[i]!).toBeLessThan(1000);
  }, 60_000);
});
