import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/infra/system-clock.js';
import { type ApiHarness, createApiHarness, type Method } from '../../support/api-harness.js';
import type { Harness } from '../../support/harness.js';
import { setCampaign } from '../../support/seed.js';

const NOW = new Date('2026-11-21T10:00:00Z');
let api: ApiHarness;
let h: Harness;
let key = '';

beforeAll(async () => {
  api = await createApiHarness({ label: 'edits', clock: new ManualClock(NOW) });
  h = api.h;
  key = await api.key(['read', 'write', 'approve']);
});
afterAll(async () => api.close());

const call = (method: Method, url: string, body?: unknown) => api.call(method, url, key, body);
const create = async (when: string, caption = 'Edit me') =>
  (await call('POST', '/v1/posts', { accounts: ['@demo'], caption, when })).json().post;

describe('PATCH /v1/posts/:id', () => {
  it('edits caption and time at the current version, and refuses a stale version with 409 changing nothing', async () => {
    const post = await create('2026-12-01 09:00');
    const edited = await call('PATCH', `/v1/posts/${post.id}`, {
      version: 1,
      caption: 'Edited',
      when: '+2h',
    });
    expect(edited.json()).toMatchObject({ caption: 'Edited', scheduledAt: '2026-12-01T11:00:00.000Z' });
    const stale = await call('PATCH', `/v1/posts/${post.id}`, { version: 1, caption: 'Lost update' });
    expect(stale.json()).toMatchObject({
      status: 409,
      code: 'VERSION_CONFLICT',
      currentVersion: edited.json().version,
    });
    expect((await call('GET', `/v1/posts/${post.id}`)).json().post.caption).toBe('Edited');
    const [job] = (await call('GET', `/v1/jobs?postId=${post.id}`)).json().items;
    expect(job.nextAttemptAt).toBe('2026-12-01T11:00:00.000Z');
  });

  it('withdraws an approval when the content of an approved post changes', async () => {
    await setCampaign(h.deps, h.workspace.id, h.campaign.id, { mode: 'approval', approvers: ['U_BOSS'] });
    const post = await create('2026-12-02 09:00', 'Needs approval');
    const { approvePost } = await import('../../../src/core/use-cases/approve-post.js');
    await approvePost(h.deps, {
      workspaceId: h.workspace.id,
      postId: post.id,
      actor: { kind: 'slack', id: 'U_BOSS' },
    });
    expect((await call('GET', `/v1/jobs?postId=${post.id}`)).json().items[0].status).toBe('scheduled');
    const current = (await call('GET', `/v1/posts/${post.id}`)).json().post;
    await call('PATCH', `/v1/posts/${post.id}`, {
      version: current.version,
      caption: 'Changed after approval',
    });
    const [job] = (await call('GET', `/v1/jobs?postId=${post.id}`)).json().items;
    expect(job.status).toBe('awaiting_approval');
    expect(job.approval).toBeUndefined();
    await setCampaign(h.deps, h.workspace.id, h.campaign.id, { mode: 'auto' });
  });
});

describe('POST /v1/posts:bulk-shift', () => {
  it('moves every pending job of the account in the window by the delta, per job, with a result each', async () => {
    const a = await create('2026-12-10 09:00', 'Shift A');
    const b = await create('2026-12-10 15:00', 'Shift B');
    const outside = await create('2026-12-12 09:00', 'Outside');
    const res = await call('POST', '/v1/posts:bulk-shift', {
      accountId: h.account.id,
      from: '2026-12-10T00:00:00Z',
      to: '2026-12-11T00:00:00Z',
      by: '+1d',
    });
    expect(res.json()).toMatchObject({ moved: 2, refused: 0 });
    const jobAt = async (id: string) =>
      (await call('GET', `/v1/jobs?postId=${id}`)).json().items[0].nextAttemptAt;
    expect(await jobAt(a.id)).toBe('2026-12-11T09:00:00.000Z');
    expect(await jobAt(b.id)).toBe('2026-12-11T15:00:00.000Z');
    expect(await jobAt(outside.id)).toBe('2026-12-12T09:00:00.000Z');
  });

  it('refuses a job that would land in the past and leaves it unchanged, and rejects a non-shift', async () => {
    const soon = await create('in 30 minutes', 'Soon');
    const res = (
      await call('POST', '/v1/posts:bulk-shift', {
        accountId: h.account.id,
        from: '2026-11-21T10:00:00Z',
        to: '2026-11-21T11:00:00Z',
        by: '-1h',
      })
    ).json();
    expect(res.results).toEqual([
      expect.objectContaining({ postId: soon.id, ok: false, error: 'would be in the past' }),
    ]);
    expect(
      (
        await call('POST', '/v1/posts:bulk-shift', {
          accountId: h.account.id,
          from: '2026-11-21T10:00:00Z',
          to: '2026-11-22T10:00:00Z',
          by: 'tomorrow',
        })
      ).json().code,
    ).toBe('UNPARSEABLE_TIME');
  });
});
