import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { materializeSeries } from '../../../src/core/use-cases/materialize-series.js';
import { runPublishJob } from '../../../src/core/use-cases/publish-job.js';
import { ManualClock } from '../../../src/infra/system-clock.js';
import { type ApiHarness, createApiHarness } from '../../support/api-harness.js';

/**
 * The five defects an audit of the first build found, each reproduced through the REST API and
 * through the chat router (`/v1/commands`): the same request must now give the right answer
 * and store the right thing on both.
 */

const NOW = new Date('2026-11-21T10:00:00Z');
type Via = 'rest' | 'chat';

describe.each(['rest', 'chat'] as Via[])('through %s', (via) => {
  let api: ApiHarness;
  let clock: ManualClock;
  let key: string;
  const draws = [0.1, 0.7, 0.4];
  beforeEach(async () => {
    clock = new ManualClock(NOW);
    let n = 0;
    api = await createApiHarness({
      label: `defects${via}`,
      clock,
      random: () => draws[n++ % draws.length] as number,
    });
    key = await api.key(['admin']);
  });
  afterEach(async () => api?.close());

  const ws = () => api.h.workspace.id;
  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: object) =>
    api.call(method, url, key, body);
  const say = (text: string) => call('POST', '/v1/commands', { text });

  /** Schedules through this surface; the new post's id. */
  async function schedule(caption: string, when: string): Promise<string> {
    const res =
      via === 'rest'
        ? await call('POST', '/v1/posts', { accounts: ['@demo'], caption, when })
        : await say(`schedule @demo "${caption}" ${when}`);
    expect(res.statusCode, res.body).toBeLessThan(300);
    return via === 'rest' ? res.json().post.id : (/pst_[A-Za-z0-9_-]+/.exec(res.json().title)?.[0] as string);
  }
  const reschedule = (postId: string, when: string, force = false) =>
    via === 'rest'
      ? call('POST', `/v1/posts/${postId}/reschedule`, { when, ...(force ? { force } : {}) })
      : say(`reschedule ${postId} ${when}${force ? ' --force' : ''}`);
  const cancel = (postId: string) =>
    via === 'rest' ? call('POST', `/v1/posts/${postId}/cancel`, {}) : say(`cancel ${postId}`);
  const shift = (by: string, from: string, to: string, force = false) =>
    via === 'rest'
      ? call('POST', '/v1/posts:bulk-shift', {
          accountId: api.h.account.id,
          by,
          from,
          to,
          ...(force ? { force } : {}),
        })
      : say(`shift @demo ${by} --from ${from} --to ${to}${force ? ' --force' : ''}`);
  const post = async (id: string) => (await api.h.deps.posts.get(ws(), id))!;
  const jobs = (id: string) => api.h.deps.jobs.listByPost(ws(), id);

  it('1. cancelling a series that has published once stops it: the post is cancelled and no top-up adds jobs', async () => {
    const id = await schedule('Daily tip', 'every day at 09:00');
    const [first] = await jobs(id);
    clock.set(new Date('2026-11-22T09:00:05Z'));
    expect((await runPublishJob(api.h.deps, { jobId: first!.id, workerId: 'w' })).outcome).toBe('published');
    const res = await cancel(id);
    expect(res.statusCode, res.body).toBe(200);
    expect((await post(id)).status).toBe('cancelled');
    const left = await jobs(id);
    expect(left.filter((j) => !['published', 'cancelled'].includes(j.status))).toEqual([]);
    clock.set(new Date('2026-12-20T00:00:00Z'));
    await materializeSeries(api.h.deps, await post(id));
    expect((await jobs(id)).length).toBe(left.length);
  });

  it('2. a bulk shift moves the post with its jobs: its time, the date filter and a later +1h all see the new time', async () => {
    const id = await schedule('Shift me', '2026-11-25 10:00');
    const res = await shift('+1d', '2026-11-25T00:00:00Z', '2026-11-26T00:00:00Z');
    expect(res.statusCode, res.body).toBe(200);
    const shown = (await call('GET', `/v1/posts/${id}`)).json();
    expect(shown.post.scheduledAt).toBe('2026-11-26T10:00:00.000Z');
    const window = (await call('GET', '/v1/posts?from=2026-11-26T00:00:00Z&to=2026-11-27T00:00:00Z')).json();
    expect(window.items.map((i: { post: { id: string } }) => i.post.id)).toEqual([id]);
    expect((await reschedule(id, '+1h')).statusCode).toBe(200);
    expect((await jobs(id)).map((j) => j.occurrenceAt.toISOString())).toEqual(['2026-11-26T11:00:00.000Z']);
    expect((await post(id)).scheduledAt.toISOString()).toBe('2026-11-26T11:00:00.000Z');
  });

  it('3. random:10m-20m draws a uniform offset, chained after the account’s last scheduled post', async () => {
    const a = await schedule('Random one', 'random:10m-20m');
    const b = await schedule('Random two', 'random:10m-20m');
    const at = async (id: string) => (await post(id)).scheduledAt.getTime();
    const [ta, tb] = [await at(a), await at(b)];
    expect(ta - NOW.getTime()).toBe(11 * 60_000);
    expect(tb - ta).toBe(17 * 60_000);
  });

  it('4. reschedule and bulk shift keep the campaign’s minimum gap (or are forced), as create does', async () => {
    const campaign = api.h.campaign;
    await api.h.deps.campaigns.update(ws(), campaign.id, campaign.version, { minGapMinutes: 60 });
    const a = await schedule('Morning', '2026-11-25 10:00');
    const b = await schedule('Afternoon', '2026-11-25 14:00');
    const refused = await reschedule(b, '2026-11-25 10:30');
    expect(refused.statusCode).toBe(409);
    const problem = refused.json();
    expect(problem.code).toBe('CONFLICT');
    expect(JSON.stringify(problem)).toContain(a);
    expect(JSON.stringify(problem)).toContain('2026-11-25T11:00:00.000Z');
    expect((await post(b)).scheduledAt.toISOString()).toBe('2026-11-25T14:00:00.000Z');
    const shifted = await shift('+4h', '2026-11-25T09:00:00Z', '2026-11-25T11:00:00Z');
    expect(shifted.statusCode).toBe(409);
    expect((await post(a)).scheduledAt.toISOString()).toBe('2026-11-25T10:00:00.000Z');
    expect((await reschedule(b, '2026-11-25 10:30', true)).statusCode).toBe(200);
    expect((await post(b)).scheduledAt.toISOString()).toBe('2026-11-25T10:30:00.000Z');
    expect((await shift('+4h', '2026-11-25T09:59:00Z', '2026-11-25T10:01:00Z', true)).statusCode).toBe(200);
    expect((await post(a)).scheduledAt.toISOString()).toBe('2026-11-25T14:00:00.000Z');
  });

  it('5. absurd and impossible times answer 422 with a hint and change nothing stored', async () => {
    const id = await schedule('Stay put', '2026-11-25 10:00');
    const before = { post: await post(id), jobs: await jobs(id) };
    for (const when of [
      'in 99999999999 years',
      '+99999999999d',
      '+900y',
      '2026-02-30',
      '',
      'NaN',
      'x'.repeat(10_000),
    ]) {
      const res = await reschedule(id, when);
      expect([when.slice(0, 30), res.statusCode]).toEqual([when.slice(0, 30), 422]);
      expect(res.json().hint, when.slice(0, 30)).toBeTruthy();
    }
    if (via === 'rest') {
      const patched = await call('PATCH', `/v1/posts/${id}`, {
        version: before.post.version,
        when: 'in 99999999999 years',
      });
      expect(patched.statusCode).toBe(422);
      const created = await call('POST', '/v1/posts', {
        accounts: ['@demo'],
        caption: 'never',
        when: '+900y',
      });
      expect(created.statusCode).toBe(422);
    }
    expect({ post: await post(id), jobs: await jobs(id) }).toEqual(before);
  });
});
