import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoNoticeLog } from '../../../src/store/mongo-notice-log.js';
import { pruneOldRecords } from '../../../src/store/prune.js';
import { openTestDb, type TestDb } from '../../support/test-db.js';

describe('pruning notice keys and drafts (no TTL indexes on FerretDB)', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb('prune');
  });
  afterAll(async () => t.close());

  it('drops notice keys older than 30 days and drafts expired over a day ago, keeps the rest', async () => {
    const now = new Date('2026-11-22T12:00:00Z');
    const day = 86_400_000;
    const notices = new MongoNoticeLog(t.db);
    await notices.firstTime('old', new Date(now.getTime() - 31 * day));
    await notices.firstTime('recent', new Date(now.getTime() - 29 * day));
    await t.db.collection('drafts').insertMany([
      { _id: 'drf_old' as never, expiresAt: new Date(now.getTime() - 2 * day) },
      { _id: 'drf_new' as never, expiresAt: new Date(now.getTime() - 60_000) },
    ]);
    expect(await pruneOldRecords(t.db, now)).toEqual({ notices: 1, drafts: 1 });
    expect(await notices.firstTime('old', now)).toBe(true);
    expect(await notices.firstTime('recent', now)).toBe(false);
    expect((await t.db.collection('drafts').find().toArray()).map((d) => d._id)).toEqual(['drf_new']);
  });
});
