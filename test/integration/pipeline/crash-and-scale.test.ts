import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { seedScheduledPosts } from '../../../bench/seed-posts.js';
import { wakeSecond } from '../../../src/core/domain/wake-second.js';
import { schedulePost } from '../../../src/core/use-cases/schedule-post.js';
import { CredentialCipher } from '../../../src/infra/credential-cipher.js';
import { systemClock } from '../../../src/infra/system-clock.js';
import { MongoCredentialVault } from '../../../src/store/mongo-credential-vault.js';
import { type FakeWebhook, startFakeWebhook } from '../../support/fakes/index.js';
import { createHarness, type Harness } from '../../support/harness.js';
import { HeraldProcess } from '../../support/processes.js';
import { waitFor } from '../../support/workers.js';

/** The figure on every rung; SCALE_TOTAL overrides it for experiments. */
const TOTAL = Number(process.env.SCALE_TOTAL ?? 1000);
/** The kill -9 burst's size (the figure); BURST_TOTAL overrides it for experiments. */
const BURST = Number(process.env.BURST_TOTAL ?? 10_000);
const KEY = randomBytes(32).toString('base64');
const SECRET = 'whsec-crash';
let h: Harness | undefined;
let webhook: FakeWebhook | undefined;
const workers: HeraldProcess[] = [];

afterEach(async () => {
  for (const w of workers.splice(0)) await w.stop('SIGKILL').catch(() => {});
  await webhook?.close();
  await h?.close();
  h = undefined;
});
afterAll(async () => {
  for (const w of workers) await w.stop('SIGKILL').catch(() => {});
});

async function setup(label: string, accounts: number) {
  webhook = await startFakeWebhook({ secret: SECRET });
  h = await createHarness({ label, queue: 'agenda' });
  const vault = new MongoCredentialVault(h.testDb.db, CredentialCipher.fromSetting(`k1:${KEY}`), systemClock);
  const influencer = await h.deps.influencers.ensure({
    workspaceId: h.workspace.id,
    handle: 'crew',
    displayName: 'Crew',
  });
  const ids: string[] = [];
  for (let i = 0; i < accounts; i += 1) {
    const account = await h.deps.accounts.ensure({
      workspaceId: h.workspace.id,
      influencerId: influencer.id,
      platform: 'webhook',
      handle: `hook${i}`,
      timezone: 'UTC',
    });
    await vault.store(h.workspace.id, account.id, SECRET);
    ids.push(account.id);
  }
  return ids;
}

async function startWorker(name: string, extra: Record<string, string> = {}): Promise<HeraldProcess> {
  const worker = new HeraldProcess('worker', {
    MONGODB_URL: h!.testDb.url,
    HERALD_DB_NAME: h!.testDb.name,
    HERALD_WEBHOOK_URL: webhook!.endpoint,
    HERALD_FETCH_ALLOW: '127.0.0.1',
    HERALD_CREDENTIAL_KEYS: `k1:${KEY}`,
    HERALD_LEASE_MS: '5000',
    HERALD_SWEEP_INTERVAL_MS: '1000',
    HERALD_POLL_INTERVAL_MS: '200',
    HERALD_LOG_LEVEL: 'warn',
    HERALD_CONSOLE_SEED: 'false',
    ...extra,
  });
  workers.push(worker);
  await worker.waitForLine(/Herald worker .* running/, 60_000);
  void name;
  return worker;
}

function schedule(accountId: string, at: Date, caption: string) {
  return schedulePost(h!.deps, {
    workspaceId: h!.workspace.id,
    actor: h!.actor,
    accountIds: [accountId],
    caption,
    scheduledAt: at,
    timezone: 'UTC',
    localTime: at.toISOString().slice(0, 16),
  });
}

const statusOf = async (id: string) => (await h!.deps.jobs.get(h!.workspace.id, id))?.status;

describe('crash safety: kill -9 a worker mid-publish', () => {
  it.each([
    [
      'after the claim, before the platform did anything',
      { status: 503, delayMs: 4000 },
      'published by the next worker',
    ],
    ['after the platform accepted, before our write', { delayMs: 4000 }, 'found by lookup, not posted again'],
  ])('%s: at most one post on the platform and the job ends published (%s)', async (_when, fail, _how) => {
    const [account] = await setup('crash', 1);
    const first = await startWorker('w1');
    webhook!.failNext({ match: 'POST', ...fail });
    const { jobs } = await schedule(account!, new Date(Date.now() + 1000), 'crash test');
    await waitFor(async () => (await statusOf(jobs[0]!.id)) === 'publishing', 15_000, 50);
    await waitFor(async () => webhook!.requestsTo('POST').length >= 1, 10_000, 20);
    await first.stop('SIGKILL');
    expect(first.child.exitCode === null && first.child.signalCode === 'SIGKILL').toBe(true);
    await startWorker('w2');
    await waitFor(
      async () => ['published', 'needs_attention'].includes((await statusOf(jobs[0]!.id)) ?? ''),
      60_000,
      200,
    );
    expect(await statusOf(jobs[0]!.id)).toBe('published');
    expect(
      webhook!.state.deliveries.filter((d) => d.idempotencyKey === jobs[0]!.idempotencyKey),
    ).toHaveLength(1);
    expect(webhook!.state.duplicates).toBe(0);
    // The dead worker's attempt is closed too: by what the lookup found, never left pending.
    const attempts = await h!.deps.attempts.listByJob(h!.workspace.id, jobs[0]!.id);
    expect(attempts.map((a) => a.result)).not.toContain('pending');
    expect(attempts.map((a) => a.result)).toContain('success');
  });
});

describe(`scale: 3 worker processes, ${TOTAL} posts due in the same second across 100 accounts (database: ${inject('dbRung')})`, () => {
  it('publishes every post exactly once and leaves none behind', async () => {
    const accounts = await setup('scale', 100);
    // Set-up: schedule through the use case for an hour ahead (ten accounts at a time), start
    // three workers, then move every job into one due second, far enough ahead to queue the
    // wake-ups. The workers start first: on a loaded machine starting them took longer than
    // any fixed margin, and the burst must find them running.
    const env = {
      HERALD_WORKER_CONCURRENCY: process.env.SCALE_CONCURRENCY ?? '20',
      HERALD_SWEEP_INTERVAL_MS: '10000',
      HERALD_LEASE_MS: '60000',
    };
    const later = new Date(Date.now() + 3_600_000);
    const jobIds: string[] = [];
    const started = Date.now();
    for (let i = 0; i < TOTAL; i += 10) {
      const batch = Array.from({ length: Math.min(10, TOTAL - i) }, (_, j) =>
        schedule(accounts[(i + j) % 100]!, later, `post ${i + j}`),
      );
      for (const r of await Promise.all(batch)) jobIds.push(r.jobs[0]!.id);
    }
    await Promise.all(['w1', 'w2', 'w3'].map((w) => startWorker(w, env)));
    const due = new Date(Math.ceil((Date.now() + 5_000 + TOTAL * 10) / 1000) * 1000);
    await h!.testDb.db
      .collection('publish_jobs')
      .updateMany({}, { $set: { nextAttemptAt: due, occurrenceAt: due, wake: wakeSecond(due) } });
    for (let i = 0; i < jobIds.length; i += 10) {
      await Promise.all(jobIds.slice(i, i + 10).map((id) => h!.deps.queue.enqueue(id, due)));
    }
    console.log(`[scale] set-up: ${TOTAL} posts scheduled and queued in ${Date.now() - started} ms`);
    expect(Date.now()).toBeLessThan(due.getTime());
    await waitFor(
      async () => (await h!.deps.jobs.countByStatus(h!.workspace.id)).published === TOTAL,
      300_000,
      1000,
    );
    const lateness = webhook!.state.deliveries.map((d) => d.receivedAt - due.getTime()).sort((a, b) => a - b);
    console.log(
      `[scale] ${TOTAL} posts: drained ${lateness.at(-1)} ms after due; p50 lateness ${lateness[Math.floor(TOTAL / 2)]} ms`,
    );
    expect(await h!.deps.jobs.countByStatus(h!.workspace.id)).toEqual({ published: TOTAL });
    expect(webhook!.state.deliveries).toHaveLength(TOTAL);
    expect(new Set(webhook!.state.deliveries.map((d) => d.idempotencyKey)).size).toBe(TOTAL);
    expect(webhook!.state.duplicates).toBe(0);
  }, 600_000);
});

describe(`kill -9 one of 3 worker processes in the middle of a ${BURST} post burst (database: ${inject('dbRung')})`, () => {
  it('publishes every post exactly once and leaves none behind', async () => {
    const ids = await setup('burst-kill', 100);
    const accounts = await Promise.all(ids.map((id) => h!.deps.accounts.get(h!.workspace.id, id)));
    const later = new Date(Date.now() + 3_600_000);
    const { jobIds } = await seedScheduledPosts(h!.deps, h!.testDb.db, {
      workspaceId: h!.workspace.id,
      campaignId: h!.campaign.id,
      accounts: accounts.filter((a) => a !== null),
      count: BURST,
      at: () => later,
    });
    const env = {
      HERALD_WORKER_CONCURRENCY: '20',
      HERALD_SWEEP_INTERVAL_MS: '2000',
      HERALD_LEASE_MS: '5000',
    };
    const [, victim] = await Promise.all(['w1', 'w2', 'w3'].map((w) => startWorker(w, env)));
    const due = new Date(Math.ceil((Date.now() + 3000) / 1000) * 1000);
    await h!.testDb.db
      .collection('publish_jobs')
      .updateMany({}, { $set: { nextAttemptAt: due, occurrenceAt: due, wake: wakeSecond(due) } });
    await h!.deps.queue.enqueue(jobIds[0]!, due);
    // Mid-burst: a fifth of the posts are out, the rest due or in flight.
    await waitFor(async () => webhook!.state.deliveries.length >= BURST / 5, 300_000, 50);
    await victim!.stop('SIGKILL');
    expect(victim!.child.signalCode).toBe('SIGKILL');
    await waitFor(
      async () => (await h!.deps.jobs.countByStatus(h!.workspace.id)).published === BURST,
      600_000,
      1000,
    );
    const drained = Math.max(...webhook!.state.deliveries.map((d) => d.receivedAt)) - due.getTime();
    console.log(`[burst-kill] ${BURST} posts, one of 3 workers killed: drained ${drained} ms after due`);
    expect(await h!.deps.jobs.countByStatus(h!.workspace.id)).toEqual({ published: BURST });
    expect(new Set(webhook!.state.deliveries.map((d) => d.idempotencyKey)).size).toBe(BURST);
    expect(webhook!.state.deliveries).toHaveLength(BURST);
    expect(webhook!.state.duplicates).toBe(0);
    const pending = await h!.testDb.db.collection('publish_attempts').countDocuments({ result: 'pending' });
    expect(pending).toBe(0);
  }, 900_000);
});
