import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ops from '../../../src/core/operations/index.js';
import { createHarness, type Harness } from '../../support/harness.js';

/**
 * A create carrying a request key (the API's Idempotency-Key) and run again after a crash finds
 * what its first run stored and finishes it: one post, its jobs, one audit event — never two posts.
 */

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ label: 'retriedcreate' });
});
afterAll(async () => h?.close());

const ctx = () => ({ workspace: h.workspace, actor: h.actor });
const request = (requestKey: string) => ({
  accounts: ['@demo'],
  caption: 'Once only',
  when: 'tomorrow 9am',
  requestKey,
});

describe('a create run again with the same request key', () => {
  it('returns the post its first run stored, with its job, and stores nothing twice', async () => {
    const first = await ops.schedule(h.deps, ctx(), request('ws:/posts:key-1'));
    const again = await ops.schedule(h.deps, ctx(), request('ws:/posts:key-1'));
    expect(again.result.post.id).toBe(first.result.post.id);
    expect(again.result.jobs.map((j) => j.id)).toEqual(first.result.jobs.map((j) => j.id));
    const posts = await h.testDb.db.collection('posts').countDocuments({ caption: 'Once only' });
    const jobs = await h.deps.jobs.listByPost(h.workspace.id, first.result.post.id);
    const audit = await h.deps.audit.list({
      workspaceId: h.workspace.id,
      subjectId: first.result.post.id,
      limit: 10,
    });
    expect([posts, jobs.length, audit.filter((e) => e.action === 'post.scheduled').length]).toEqual([
      1, 1, 1,
    ]);
  });

  it('finishes a first run that died after storing the post but before its jobs', async () => {
    const first = await ops.schedule(h.deps, ctx(), request('ws:/posts:key-2'));
    await h.testDb.db.collection('publish_jobs').deleteMany({ postId: first.result.post.id });
    const again = await ops.schedule(h.deps, ctx(), request('ws:/posts:key-2'));
    const jobs = await h.deps.jobs.listByPost(h.workspace.id, again.result.post.id);
    expect(jobs.map((j) => j.id)).toEqual(again.result.post.jobIds);
    expect(jobs[0]?.status).toBe('scheduled');
  });

  it('makes a new post for a new key, and for no key', async () => {
    const a = await ops.schedule(h.deps, ctx(), request('ws:/posts:key-3'));
    const b = await ops.schedule(h.deps, ctx(), request('ws:/posts:key-4'));
    const { requestKey: _none, ...plain } = request('');
    const c = await ops.schedule(h.deps, ctx(), plain);
    const d = await ops.schedule(h.deps, ctx(), plain);
    expect(new Set([a, b, c, d].map((x) => x.result.post.id)).size).toBe(4);
  });
});
