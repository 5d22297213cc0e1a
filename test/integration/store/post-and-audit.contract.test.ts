import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent, Post } from '../../../src/core/domain/types.js';
import { HeraldError } from '../../../src/core/errors.js';
import { MongoAttemptRepository } from '../../../src/store/mongo-attempt-repository.js';
import { MongoAuditLog } from '../../../src/store/mongo-audit-log.js';
import { MongoPostRepository } from '../../../src/store/mongo-post-repository.js';
import { openTestDb, type TestDb } from '../../support/test-db.js';

let testDb: TestDb;
let posts: MongoPostRepository;
beforeAll(async () => {
  testDb = await openTestDb('posts');
  posts = new MongoPostRepository(testDb.db);
});
afterAll(async () => testDb.close());

function post(i: number, over: Partial<Post> = {}): Post {
  const at = new Date(Date.UTC(2026, 11, 1, 9, i));
  return {
    id: `pst_${String(i).padStart(3, '0')}`,
    workspaceId: 'ws_a',
    accountIds: ['acc_1'],
    caption: `post ${i}`,
    media: [],
    scheduledAt: at,
    timezone: 'UTC',
    localTime: at.toISOString().slice(0, 16),
    status: 'active',
    createdBy: { kind: 'console', id: 'me' },
    createdAt: at,
    updatedAt: at,
    version: 1,
    ...over,
  };
}

describe('PostRepository on MongoDB', () => {
  it('pages through posts in time order with a cursor, never repeating or skipping one', async () => {
    for (let i = 0; i < 25; i += 1) await posts.insert(post(i));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await posts.list({ workspaceId: 'ws_a', limit: 10, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    expect(seen).toEqual([...seen].sort());
  });

  it('refuses a cursor it did not make with a clear validation error', async () => {
    await expect(posts.list({ workspaceId: 'ws_a', limit: 10, cursor: 'garbage' })).rejects.toBeInstanceOf(
      HeraldError,
    );
  });

  it('never shows another workspace’s posts', async () => {
    await posts.insert(post(90, { id: 'pst_other', workspaceId: 'ws_b' }));
    expect(await posts.get('ws_a', 'pst_other')).toBeNull();
    const page = await posts.list({ workspaceId: 'ws_a', limit: 100 });
    expect(page.items.some((p) => p.id === 'pst_other')).toBe(false);
  });

  it('updates only at the expected version (optimistic concurrency)', async () => {
    await posts.insert(post(50, { id: 'pst_cas' }));
    const first = await posts.update('ws_a', 'pst_cas', 1, { caption: 'edited' });
    expect(first).toMatchObject({ caption: 'edited', version: 2 });
    expect(await posts.update('ws_a', 'pst_cas', 1, { caption: 'stale edit' })).toBeNull();
    expect((await posts.get('ws_a', 'pst_cas'))?.caption).toBe('edited');
  });

  it('updates on a status instead, whatever the version, and only from that status', async () => {
    await posts.insert(post(51, { id: 'pst_status', version: 4 }));
    const cancelled = await posts.update('ws_a', 'pst_status', { status: 'active' }, { status: 'cancelled' });
    expect(cancelled).toMatchObject({ status: 'cancelled', version: 5 });
    // A second cancel finds it cancelled already and changes nothing.
    expect(
      await posts.update('ws_a', 'pst_status', { status: 'active' }, { status: 'cancelled' }),
    ).toBeNull();
    expect(await posts.update('ws_b', 'pst_status', { status: 'cancelled' }, { caption: 'x' })).toBeNull();
    expect(await posts.get('ws_a', 'pst_status')).toMatchObject({ status: 'cancelled', version: 5 });
  });

  it('lists every active series page by page (not the one-off posts), and a stopped series no more', async () => {
    const recurrence = { rrule: 'FREQ=DAILY', exdates: [] };
    for (const i of [60, 61, 62, 63, 64])
      await posts.insert(post(i, { id: `pst_series_${i}`, workspaceId: 'ws_series', recurrence }));
    await posts.insert(post(65, { id: 'pst_series_oneoff', workspaceId: 'ws_series' }));
    const ids = async () => {
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await posts.listActiveSeries(2, after);
        seen.push(...page.map((p) => p.id));
        if (page.length < 2) return seen.filter((id) => id.startsWith('pst_series_'));
        after = page.at(-1)!.id;
      }
    };
    expect(await ids()).toEqual([60, 61, 62, 63, 64].map((i) => `pst_series_${i}`));
    await posts.update('ws_series', 'pst_series_62', { status: 'active' }, { status: 'cancelled' });
    expect(await ids()).toEqual([60, 61, 63, 64].map((i) => `pst_series_${i}`));
    // A one-off post that becomes a series is listed from then on; the marker never shows.
    await posts.update('ws_series', 'pst_series_oneoff', 1, { recurrence });
    expect(await ids()).toContain('pst_series_oneoff');
    expect(await posts.get('ws_series', 'pst_series_oneoff')).not.toHaveProperty('series');
  });
});

describe('AttemptRepository on MongoDB', () => {
  it('refuses a second attempt row with the same number for one job', async () => {
    const attempts = new MongoAttemptRepository(testDb.db);
    const base = {
      workspaceId: 'ws_a',
      jobId: 'job_x',
      postId: 'pst_x',
      attemptNumber: 1,
      workerId: 'w',
      startedAt: new Date(),
      result: 'pending' as const,
    };
    await attempts.insert({ id: 'att_1', ...base });
    await expect(attempts.insert({ id: 'att_2', ...base })).rejects.toThrow();
    await attempts.complete('att_1', { result: 'success', finishedAt: new Date() });
    expect((await attempts.listByJob('ws_a', 'job_x')).map((a) => a.result)).toEqual(['success']);
  });
});

describe('AuditLog on MongoDB', () => {
  it('lists events newest first, filtered by subject and actor, inside the workspace', async () => {
    const audit = new MongoAuditLog(testDb.db);
    const ev = (id: string, minute: number, subjectId: string, actorId = 'u1'): AuditEvent => ({
      id,
      workspaceId: 'ws_a',
      at: new Date(Date.UTC(2026, 0, 1, 0, minute)),
      actor: { kind: 'slack', id: actorId },
      action: 'job.cancelled',
      subject: { type: 'job', id: subjectId },
    });
    await audit.append(ev('aud_1', 1, 'job_1'));
    await audit.append(ev('aud_2', 2, 'job_1', 'u2'));
    await audit.append(ev('aud_3', 3, 'job_2'));
    expect(
      (await audit.list({ workspaceId: 'ws_a', subjectId: 'job_1', limit: 10 })).map((e) => e.id),
    ).toEqual(['aud_2', 'aud_1']);
    expect((await audit.list({ workspaceId: 'ws_a', actorId: 'u2', limit: 10 })).map((e) => e.id)).toEqual([
      'aud_2',
    ]);
    expect(await audit.list({ workspaceId: 'ws_other', limit: 10 })).toEqual([]);
  });
});
