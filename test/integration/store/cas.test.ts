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
      guard: { status: 'scheduled' },
      set: { status: 'cancelled' },
      now: new Date(),
    });
    expect(result).toBeNull();
    expect(await col.findOne({ _id: 'g' })).toMatchObject({ status: 'published', version: 1 });
  });

  it('refuses a versioned write whose guard fails without holding the version, so the right writer still gets it', async () => {
    const col = testDb.db.collection<{ _id: string; version: number; workspaceId: string }>('tenant');
    await col.insertOne({ _id: 't', version: 2, workspaceId: 'ws_a' });
    const foreign = await casUpdate(testDb.db, 'tenant', 't', {
      guard: { workspaceId: 'ws_b' },
      expectedVersion: 2,
      set: { label: 'foreign' },
      now: new Date(),
    });
    expect(foreign).toBeNull();
    expect(await testDb.db.collection(CAS_CLAIMS).countDocuments({ docId: 't' })).toBe(0);
    const own = await casUpdate(testDb.db, 'tenant', 't', {
      guard: { workspaceId: 'ws_a' },
      expectedVersion: 2,
      set: { label: 'own' },
      now: new Date(),
    });
    expect(own).toMatchObject({ version: 3, label: 'own', workspaceId: 'ws_a' });
  });

  it('writes nothing for a version the document has moved past, even after that version’s claim was pruned', async () => {
    const col = testDb.db.collection<{ _id: string; version: number; status: string }>('moved');
    await col.insertOne({ _id: 'm', version: 5, status: 'published' });
    const stale = await casUpdate(testDb.db, 'moved', 'm', {
      expectedVersion: 4,
      set: { status: 'cancelled' },
      now: new Date(),
    });
    expect(stale).toBeNull();
    expect(await col.findOne({ _id: 'm' })).toMatchObject({ version: 5, status: 'published' });
    expect(await testDb.db.collection(CAS_CLAIMS).countDocuments({ docId: 'm' })).toBe(0);
  });

  it('does not roll forward a dead writer’s claim whose guard the document does not meet', async () => {
    const col = testDb.db.collection<{ _id: string; version: number; workspaceId: string }>('deadguard');
    await col.insertOne({ _id: 'd', version: 1, workspaceId: 'ws_a' });
    await testDb.db.collection(CAS_CLAIMS).insertOne({
      _id: 'deadguard:d:1' as never,
      collection: 'deadguard',
      docId: 'd',
      version: 1,
      guard: [{ field: 'workspaceId', in: ['ws_b'] }],
      set: { label: 'foreign', version: 2 },
      unset: [],
      at: new Date(Date.now() - 60_000),
    });
    expect(await repairClaims(testDb.db, new Date(Date.now() - 30_000))).toBe(0);
    expect(await col.findOne({ _id: 'd' })).toEqual({ _id: 'd', version: 1, workspaceId: 'ws_a' });
    expect(await testDb.db.collection(CAS_CLAIMS).countDocuments({ docId: 'd' })).toBe(0);
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
