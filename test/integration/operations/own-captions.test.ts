import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPublishJob } from '../../../src/core/use-cases/publish-job.js';
import { ManualClock } from '../../../src/infra/system-clock.js';
import { type ApiHarness, createApiHarness } from '../../support/api-harness.js';

/** One post to several accounts, one of them in its own words; readiness said when the post is made. */

const NOW = new Date('2026-11-21T10:00:00Z');
let api: ApiHarness;
let key: string;
let clock: ManualClock;
beforeAll(async () => {
  clock = new ManualClock(NOW);
  api = await createApiHarness({ label: 'captions', clock });
  key = await api.key(['admin']);
  await api.call('POST', '/v1/accounts', key, { platform: 'dryrun', handle: 'zoe', timezone: 'UTC' });
  await api.call('POST', '/v1/accounts', key, { platform: 'instagram', handle: 'insta', timezone: 'UTC' });
});
afterAll(async () => api?.close());

async function published(postId: string): Promise<Record<string, string>> {
  const jobs = await api.h.deps.jobs.listByPost(api.h.workspace.id, postId);
  clock.set(new Date(jobs[0]!.occurrenceAt.getTime() + 1000));
  for (const job of jobs) await runPublishJob(api.h.deps, { jobId: job.id, workerId: 'w' });
  clock.set(NOW);
  const rows = await api.h.testDb.db
    .collection('dryrun_publications')
    .find({ idempotencyKey: { $regex: postId } })
    .toArray();
  return Object.fromEntries(rows.map((r) => [r.handle as string, r.caption as string]));
}

describe('own captions per account', () => {
  it('through the API: each account publishes its own caption, the others the main one', async () => {
    const res = await api.call('POST', '/v1/posts', key, {
      accounts: ['@demo', '@zoe'],
      caption: 'Main words #brand',
      captions: { '@zoe': 'Zoe says hi #zoe' },
      when: 'in 1 hour',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(await published(res.json().post.id)).toEqual({
      demo: 'Main words #brand',
      zoe: 'Zoe says hi #zoe',
    });
  });

  it('through the chat: --caption-for, and an account that is not the post’s is refused', async () => {
    const say = (text: string) => api.call('POST', '/v1/commands', key, { text });
    const ok = await say(
      'schedule @demo,@zoe "Main from chat" in 2 hours --caption-for @zoe "Zoe from chat"',
    );
    expect(ok.statusCode, ok.body).toBe(200);
    const id = /pst_[A-Za-z0-9_-]+/.exec(ok.json().title)?.[0] as string;
    expect(await published(id)).toEqual({ demo: 'Main from chat', zoe: 'Zoe from chat' });
    const refused = await say('schedule @demo "Only demo" in 2 hours --caption-for @zoe "not hers"');
    expect([refused.statusCode, refused.json().code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('an Instagram post without media is flagged when it is scheduled, not only when it fails', async () => {
    const res = await api.call('POST', '/v1/commands', key, {
      text: 'schedule @insta "Text alone" tomorrow 9am',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().lines.join('\n')).toContain('⚠ missing media');
    expect(res.json().lines.join('\n')).toContain('not connected');
  });
});

describe('readiness everywhere', () => {
  it('list, show, GET /v1/posts and GET /v1/posts/:id carry the same badges the cards carry', async () => {
    const made = await api.call('POST', '/v1/posts', key, {
      accounts: ['@insta'],
      caption: 'Bare',
      when: 'tomorrow 10am',
    });
    const id = made.json().post.id as string;
    const listed = (await api.call('GET', '/v1/posts?limit=200', key))
      .json()
      .items.find((i: { post: { id: string } }) => i.post.id === id);
    const kinds = (badges: { kind: string }[]) => badges.map((b) => b.kind).sort();
    expect(kinds(listed.badges)).toEqual(['missing_media', 'scheduled', 'token_missing']);
    expect(kinds((await api.call('GET', `/v1/posts/${id}`, key)).json().badges)).toEqual(
      kinds(listed.badges),
    );
    const say = async (text: string) =>
      (await api.call('POST', '/v1/commands', key, { text })).json().lines.join('\n');
    expect(await say('list @insta')).toContain('⚠ missing media, @insta: not connected');
    expect(await say(`show ${id}`)).toContain('readiness: missing media · @insta: not connected');
  });
});
