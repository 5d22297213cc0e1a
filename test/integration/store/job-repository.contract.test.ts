import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRepository } from '../../../src/core/ports/job-repository.js';
import { ManualClock } from '../../../src/infra/system-clock.js';
import { MongoJobRepository } from '../../../src/store/mongo-job-repository.js';
import { jobFixture } from '../../support/job-fixture.js';
import { openTestDb, type TestDb } from '../../support/test-db.js';

const T0 = new Date('2026-12-01T09:00:00Z');
const job = jobFixture;

/** The JobRepository contract; run here against MongoDB (and reusable against any other adapter). */
export function jobRepositoryContract(
  name: string,
  make: () => Promise<{ repo: JobRepository; close(): Promise<void> }>,
) {
  describe(`JobRepository contract: ${name}`, () => {
    let repo: JobRepository;
    let close: () => Promise<void>;
    beforeAll(async () => ({ repo, close } = await make()));
    afterAll(async () => close());

    it('stores and reads back a job with dates intact, only inside its workspace', async () => {
      const j = job();
      await repo.insertMany([j]);
      expect(await repo.get('ws_a', j.id)).toEqual(j);
      expect(await repo.get('ws_b', j.id)).toBeNull();
    });

    it('skips a second job with the same idempotency key instead of storing a duplicate', async () => {
      const a = job();
      await repo.insertMany([a, { ...job(), idempotencyKey: a.idempotencyKey }]);
      const found = await repo.listByPost('ws_a', a.postId);
      expect(found.map((j) => j.id)).toEqual([a.id]);
    });

    it('moves status only while the guard matches, bumping the version once', async () => {
      const j = job();
      await repo.insertMany([j]);
      const moved = await repo.transition(j.id, { from: ['scheduled'], expectedVersion: 1 }, 'publishing', {
        attemptCount: 1,
      });
      expect(moved).toMatchObject({ status: 'publishing', version: 2, attemptCount: 1 });
      expect(await repo.transition(j.id, { from: ['scheduled'] }, 'cancelled')).toBeNull();
      expect(
        await repo.transition(j.id, { from: ['publishing'], expectedVersion: 1 }, 'published'),
      ).toBeNull();
      expect((await repo.get('ws_a', j.id))?.status).toBe('publishing');
    });

    it('lets exactly one of 20 concurrent claims win', async () => {
      const j = job();
      await repo.insertMany([j]);
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          repo.transition(j.id, { from: ['scheduled'], expectedVersion: 1 }, 'publishing'),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('removes a field patched with null and keeps the others', async () => {
      const j = job({ lease: { owner: 'w1', until: T0 }, lastError: { code: 'x', message: 'y' } });
      await repo.insertMany([j]);
      const patched = await repo.patch(j.id, { status: ['scheduled'] }, { lease: null });
      expect(patched?.lease).toBeUndefined();
      expect(patched?.lastError).toEqual({ code: 'x', message: 'y' });
    });

    it('finds due jobs by status and time, oldest first, and expired leases', async () => {
      const early = job({ workspaceId: 'ws_due', nextAttemptAt: new Date('2020-01-01T00:00:00Z') });
      const later = job({
        workspaceId: 'ws_due',
        nextAttemptAt: new Date('2020-01-02T00:00:00Z'),
        status: 'retry_wait',
      });
      const future = job({ workspaceId: 'ws_due', nextAttemptAt: new Date('2999-01-01T00:00:00Z') });
      const dead = job({
        workspaceId: 'ws_due',
        status: 'publishing',
        lease: { owner: 'w', until: new Date('2020-01-01T00:00:00Z') },
      });
      await repo.insertMany([later, early, future, dead]);
      const due = await repo.findDue(['scheduled', 'retry_wait'], new Date('2021-01-01T00:00:00Z'), 100);
      const ids = due.map((d) => d.id);
      expect(ids.indexOf(early.id)).toBeLessThan(ids.indexOf(later.id));
      expect(ids).not.toContain(future.id);
      const expired = await repo.findExpiredLeases(new Date('2021-01-01T00:00:00Z'), 100);
      expect(expired.map((d) => d.id)).toContain(dead.id);
    });

    it('counts jobs by status per workspace', async () => {
      await repo.insertMany([
        job({ workspaceId: 'ws_count' }),
        job({ workspaceId: 'ws_count', status: 'published' }),
      ]);
      expect(await repo.countByStatus('ws_count')).toEqual({ scheduled: 1, published: 1 });
      expect(await repo.countByStatus('ws_count', ['scheduled', 'retry_wait'])).toEqual({ scheduled: 1 });
    });

    it('lists an account’s jobs inside a time window only', async () => {
      const inside = job({
        workspaceId: 'ws_win',
        accountId: 'acc_w',
        occurrenceAt: new Date('2026-12-01T10:00:00Z'),
      });
      const outside = job({
        workspaceId: 'ws_win',
        accountId: 'acc_w',
        occurrenceAt: new Date('2026-12-02T10:00:00Z'),
      });
      await repo.insertMany([inside, outside]);
      const found = await repo.listByAccountInWindow(
        'ws_win',
        'acc_w',
        new Date('2026-12-01T00:00:00Z'),
        new Date('2026-12-02T00:00:00Z'),
      );
      expect(found.map((j) => j.id)).toEqual([inside.id]);
    });
  });
}

let testDb: TestDb;
jobRepositoryContract('MongoDB', async () => {
  testDb = await openTestDb('jobs');
  return { repo: new MongoJobRepository(testDb.db, new ManualClock(T0)), close: () => testDb.close() };
});
