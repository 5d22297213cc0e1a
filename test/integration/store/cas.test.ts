import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CAS_CLAIMS,
  casUpdateAtomic,
  casUpdateWithClaim,
  pointUpdatesAreAtomic,
  repairClaims,
} from '../../../src/store/cas.js';
import { openTestDb, type TestDb } from '../../support/test-db.js';

let testDb: TestDb;
let second: MongoClient;
let atomic = false;
beforeAll(async () => {
  testDb = await openTestDb('cas');
  atomic = await pointUpdatesAreAtomic(testDb.db);
  second = new MongoClient(testDb.url);
  await second.connect();
});
afterAll(async () => {
  await second.close();
  await testDb.close();
});

// The same contract, whichever way casUpdate takes: one findOneAndUpdate where the server's point
// updates are atomic (skipped where they are not), or a claim first.
describe.each([
  { how: 'one atomic findOneAndUpdate', cas: casUpdateAtomic, needsAtomic: true, suffix: '_atomic' },
  { how: 'a claim first', cas: casUpdateWithClaim, needsAtomic: false, suffix: '_claim' },
])('casUpdate with $how', ({ cas, needsAtomic, suffix }) => {
  it('gives each version to exactly one of 40 concurrent writers on two connections, 10 rounds in a row', async (ctx) => {
    if (needsAtomic && !atomic) ctx.skip();
    const col = testDb.db.collection<{ _id: string; version: number; owner?: string }>(`race${suffix}`);
    await col.insertOne({ _id: 'doc', version: 1 });
    const dbs = [testDb.db, second.db(testDb.name)];
    for (let round = 1; round <= 10; round += 1) {
      const writers = Array.from({ length: 40 }, (_, i) =>
        cas(dbs[i % 2]!, `race${suffix}`, 'doc', {
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

  it('lets exactly one of 20 concurrent writers that name no version move a job out of the guarded status', async (ctx) => {
    if (needsAtomic && !atomic) ctx.skip();
    const col = testDb.db.collection<{ _id: string; version: number; status: string }>(`claim${suffix}`);
    await col.insertOne({ _id: 'j', version: 1, status: 'scheduled' });
    const writers = Array.from({ length: 20 }, (_, i) =>
      cas(testDb.db, `claim${suffix}`, 'j', {
        guard: { status: { $in: ['scheduled', 'retry_wait'] } },
        set: { status: 'publishing', by: `w${i}` },
        now: new Date(),
      }),
    );
    const winners = (await Promise.all(writers)).filter(Boolean);
    expect(winners).toHaveLength(1);
    expect(await col.findOne({ _id: 'j' })).toMatchObject({
      version: 2,
      status: 'publishing',
      by: winners[0]?.by,
    });
  });

  it('refuses a write whose guard no longer accepts the stored document', async (ctx) => {
    if (needsAtomic && !atomic) ctx.skip();
    const col = testDb.db.collection<{ _id: string; version: number; status: string }>(`guarded${suffix}`);
    await col.insertOne({ _id: 'g', version: 1, status: 'published' });
    const result = await cas(testDb.db, `guarded${suffix}`, 'g', {
      guard: { status: 'scheduled' },
      set: { status: 'cancelled' },
      now: new Date(),
    });
    expect(result).toBeNull();
    expect(await col.findOne({ _id: 'g' })).toMatchObject({ status: 'published', version: 1 });
  });

  it('guards on an instant and on a field being absent, with or without a version', async (ctx) => {
    if (needsAtomic && !atomic) ctx.skip();
    const name = `instants${suffix}`;
    const col = testDb.db.collection<{ _id: string; version: number; at: Date; approval?: string }>(name);
    const at = new Date('2026-11-22T09:00:00Z');
    await col.insertMany([
      { _id: 'plain', version: 1, at },
      { _id: 'approved', version: 1, at, approval: 'mia' },
    ]);
    const move = (id: string, when: Date, version?: number) =>
      cas(testDb.db, name, id, {
        guard: { at: when, approval: null },
        set: { at: new Date('2026-11-22T10:00:00Z') },
        now: new Date(),
        ...(version === undefined ? {} : { expectedVersion: version }),
      });
    expect(await move('plain', new Date('2026-11-22T09:05:00Z'))).toBeNull();
    expect(await move('approved', at)).toBeNull();
    expect(await move('approved', at, 1)).toBeNull();
    expect(await move('plain', at)).toMatchObject({ version: 2, at: new Date('2026-11-22T10:00:00Z') });
    // Moved on: the old instant no longer matches.
    expect(await move('plain', at, 2)).toBeNull();
    expect(await col.findOne({ _id: 'approved' })).toMatchObject({ version: 1, at });
  });

  it('refuses a versioned write whose guard fails without holding the version, so the right writer still gets it', async (ctx) => {
    if (needsAtomic && !atomic) ctx.skip();
    const col = testDb.db.collection<{ _id: string; version: number; workspaceId: string }>(
      `tenant${suffix}`,
    );
    await col.insertOne({ _id: 't', version: 2, workspaceId: 'ws_a' });
    const foreign = await cas(testDb.db, `tenant${suffix}`, 't', {
      guard: { workspaceId: 'ws_b' },
      expectedVersion: 2,
      set: { label: 'foreign' },
      now: new Date(),
    });
    expect(foreign).toBeNull();
    expect(await testDb.db.collection(CAS_CLAIMS).countDocuments({ docId: 't' })).toBe(0);
    const own = await cas(testDb.db, `tenant${suffix}`, 't', {
      guard: { workspaceId: 'ws_a' },
      expectedVersion: 2,
      set: { label: 'own' },
      now: new Date(),
    });
    expect(own).toMatchObject({ version: 3, label: 'own', workspaceId: 'ws_a' });
  });

  it('writes nothing for a version the document has moved past, even after that version’s claim was pruned', async (ctx) => {
    if (needsAtomic && !atomic) ctx.skip();
    const col = testDb.db.collection<{ _id: string; version: number; status: string }>(`moved${suffix}`);
    await col.insertOne({ _id: 'm', version: 5, status: 'published' });
    const stale = await cas(testDb.db, `moved${suffix}`, 'm', {
      expectedVersion: 4,
      set: { status: 'cancelled' },
      now: new Date(),
    });
    expect(stale).toBeNull();
    expect(await col.findOne({ _id: 'm' })).toMatchObject({ version: 5, status: 'published' });
    expect(await testDb.db.collection(CAS_CLAIMS).countDocuments({ docId: 'm' })).toBe(0);
  });
});

describe('casUpdate with claims, when a writer dies', () => {
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
      await casUpdateWithClaim(testDb.db, 'stuck', 's', { set: { status: 'publishing' }, now: new Date() }),
    ).toBeNull();
    expect(await repairClaims(testDb.db, new Date(Date.now() - 30_000))).toBe(1);
    expect(await testDb.db.collection(CAS_CLAIMS).countDocuments({ docId: 's' })).toBe(0);
    expect(await col.findOne({ _id: 's' })).toMatchObject({ status: 'cancelled', version: 4 });
    const next = await casUpdateWithClaim(testDb.db, 'stuck', 's', { set: { status: 'x' }, now: new Date() });
    expect(next).toMatchObject({ status: 'x', version: 5 });
  });
});
