import type { Db } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { type Answer, call, keepCalling, type RunningHerald, Scenario, until } from './harness.js';

const POSTS = 200;
let scenario: Scenario;
afterAll(async () => scenario?.cleanup());

/** 200 dryrun posts due at the same instant, in an auto campaign that retries after 1 s. */
async function scheduleBurst(api: string, key: string, dueInMs: number): Promise<string[]> {
  const campaign = await call(api, key, 'POST', '/v1/campaigns', {
    body: { name: 'chaos', mode: 'auto', retryPolicy: { delaysMs: [1000, 1000, 1000, 1000, 1000] } },
  });
  expect(campaign.status).toBe(201);
  const when = new Date(Date.now() + dueInMs).toISOString();
  const ids: string[] = [];
  for (let batch = 0; batch < POSTS; batch += 20) {
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(api, key, 'POST', '/v1/posts', {
          body: { accounts: ['@demo'], caption: `burst ${batch + i}`, when, campaignId: campaign.body.id },
        }),
      ),
    );
    for (const res of created) {
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids.push((res.body.post as { id: string }).id);
    }
  }
  return ids;
}

/** GET and POST calls back to back, as dashboards and scripts keep making them during an outage. */
function traffic({ api }: RunningHerald, key: string) {
  let n = 0;
  return keepCalling(async () => {
    n += 1;
    if (n % 2 === 0) return { what: 'GET /v1/posts', ...(await call(api, key, 'GET', '/v1/posts?limit=5')) };
    const body = { accounts: ['@demo'], caption: `during outage ${n}`, when: 'in 3 hours' };
    return { what: 'POST /v1/posts', ...(await call(api, key, 'POST', '/v1/posts', { body })) };
  });
}

async function readyz(api: string): Promise<Answer> {
  return call(api, '', 'GET', '/readyz');
}

async function publishedJobs(db: Db, postIds: string[]) {
  return db
    .collection('publish_jobs')
    .find({ postId: { $in: postIds } })
    .project<{ _id: string; status: string; idempotencyKey: string }>({ status: 1, idempotencyKey: 1 })
    .toArray();
}

describe('the local database child killed during a burst of publishes', () => {
  it('is restarted; Herald is not ready within 1 s, answers only 2xx or 503 meanwhile, and publishes every post exactly once', async () => {
    scenario = await Scenario.create('restart');
    const herald = await scenario.start('start');
    const key = await scenario.key();
    const postIds = await scheduleBurst(herald.api, key, 6_000);
    const db = await scenario.db();
    const jobs = db.collection('publish_jobs');
    await until(
      async () => (await jobs.countDocuments({ postId: { $in: postIds }, status: 'published' })) >= 20,
      30_000,
      'the burst to start',
    );
    const before = await scenario.server();
    const inBurst = await jobs.countDocuments({ postId: { $in: postIds }, status: 'published' });
    const calls = traffic(herald, key);
    const killedAt = Date.now();
    process.kill(before.serverPid, 'SIGKILL');
    const notReadyAt = await until(
      async () => (await readyz(herald.api)).status === 503,
      5_000,
      '/readyz 503',
    );
    const outage = await readyz(herald.api);
    const readyAt = await until(async () => (await readyz(herald.api)).status === 200, 30_000, '/readyz 200');
    await new Promise((r) => setTimeout(r, 500));
    const answers = await calls.stop();
    const after = await scenario.server();
    const notReadyMs = notReadyAt - killedAt;
    const restartMs = readyAt - killedAt;
    const slowest = Math.max(...answers.map((a) => a.ms));
    console.log(
      `[chaos] killed the database at ${inBurst}/${POSTS} published; /readyz 503 after ${notReadyMs} ms, ready again after ${restartMs} ms; API calls meanwhile by status ${JSON.stringify(countBy(answers.map((a) => String(a.status))))}, slowest ${slowest} ms`,
    );

    expect(notReadyMs).toBeLessThan(1_000);
    expect(outage.body).toMatchObject({ status: 'not_ready' });
    expect(after.serverPid).not.toBe(before.serverPid);
    expect(after.url).toBe(before.url);
    expect(herald.herald.stderr).toMatch(/the ferretdb server .*exited with SIGKILL; restarting it/);
    const serverErrors = herald.herald.stderr.split('\n').filter((l) => l.includes('unhandled API error'));
    for (const answer of answers) {
      const why = `${answer.what}: ${JSON.stringify(answer.body)}\n${serverErrors.join('\n').slice(0, 3000)}`;
      expect([200, 201, 503], why).toContain(answer.status);
      expect(answer.ms).toBeLessThan(3_000);
      if (answer.status === 503) {
        expect(answer.body).toMatchObject({ code: 'DATABASE_UNAVAILABLE', status: 503 });
        expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
      }
    }

    await until(
      async () => (await publishedJobs(db, postIds)).every((job) => job.status === 'published'),
      45_000,
      'every post of the burst to be published',
    ).catch(async (error) => {
      const statuses = (await publishedJobs(db, postIds)).map((j) => j.status);
      throw new Error(
        `${error.message}: ${JSON.stringify(countBy(statuses))}\n${herald.herald.stderr.slice(-3000)}`,
      );
    });
    console.log(`[chaos] all ${POSTS} published ${Date.now() - killedAt} ms after the kill`);
    const all = await publishedJobs(db, postIds);
    expect(all).toHaveLength(POSTS);
    const keys = all.map((job) => job.idempotencyKey);
    const publications = await db
      .collection('dryrun_publications')
      .aggregate<{ _id: string; n: number }>([
        { $match: { idempotencyKey: { $in: keys } } },
        { $group: { _id: '$idempotencyKey', n: { $sum: 1 } } },
      ])
      .toArray();
    expect(publications).toHaveLength(POSTS);
    expect(publications.filter((p) => p.n !== 1)).toEqual([]);
    const successes = await db
      .collection('publish_attempts')
      .countDocuments({ jobId: { $in: all.map((job) => job._id) }, result: 'success' });
    expect(successes).toBe(POSTS);
    expect(await herald.herald.stop('SIGTERM', 10_000)).toBe(0);
  });
});

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}
