import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAS_CLAIMS, casUpdate, repairClaims } from '../../../src/store/cas.js';
import { openTestDb, type TestDb } from '../../support/test-db.js';

let testDb: TestDb;
let second: MongoClient;
beforeAll(async () => {
  testDb = await openTestDb('cas');
  second = new MongoClient(testDb.url);
  await second.connect();
});
afterAll(async () => {
  await second.close();
  await testDb.close();
});

describe('casUpdate', () => {
  it('gives each version to exactly one of 40 concurrent writers on two connections, 10 rounds in a row', async () => {
    const col = testDb.db.collection<{ _id: string; version: number; owner?: string }>('race');
    await col.insertOne({ _id: 'doc', version: 1 });
    const dbs = [testDb.db, second.db(testDb.name)];
    for (let round = 1; round <= 10; round += 1) {
      const writers = Array.from({ length: 40 }, (_, i) =>
        casUpdate(dbs[i % 2]!, 'race', 'doc', {
          expectedVersion: round,
          set: { owner: `w${i}` },
          now: new Date(),
        }),
      );
      const winners = (await Promise.all(writers)).filter(Boolean);
      expect(winners).toHaveLength(1);
      const stored = await col.findOne({ _id: 'doc' });
      expect(stored).toMatchObject({ version: round + 1, owner: winners[0]?.owner });
    }
  });

  it('refuses a write whose guard no longer accepts the stored document', async () => {
    const col = testDb.db.collection<{ _id: string; version: number; status: string }>('guarded');
    await col.insertOne({ _id: 'g', version: 1, status: 'published' });
    const result = await casUpdate(testDb.db, 'guarded', 'g', {
      accept: (doc) => doc.status === 'scheduled',
      set: { status: 'cancelled' },
      now: new Date(),
    });
    expect(result).toBeNull();
    expect(await col.findOne({ _id: 'g' })).toMatchObject({ status: 'published', version: 1 });
  });

  it('rolls forward a write whose writer died after claiming, so the document is not stuck', async () => {
    const col = testDb.db.collection<{ _id: string; version: number; status: string }>('stuck');
    await col.insertOne({ _id: 's', version: 3, status: 'scheduled' });
    const at = new Date(Date.now() - 60_000);
    await testDb.db.collection(CAS_CLAIMS).insertOne({
      _id: 'stuck:s:3' as never,
      collection: 'stuck',
      docId: 's',
      version: 3,
      set: { status: 'cancelled', version: 4 },
      unset: [],
      at,
    });
    expect(
      await casUpdate(testDb.db, 'stuck', 's', { set: { status: 'publishing' }, now: new Date() }),
    ).toBeNull();
    expect(await repairClaims(testDb.db, new Date(Date.now() - 30_000))).toBe(1);
    expect(await testDb.db.collection(CAS_CLAIMS).countDocuments({ docId: 's' })).toBe(0);
    expect(await col.findOne({ _id: 's' })).toMatchObject({ status: 'cancelled', version: 4 });
    const next = await casUpdate(testDb.db, 'stuck', 's', { set: { status: 'x' }, now: new Date() });
    expect(next).toMatchObject({ status: 'x', version: 5 });
  });
});
