import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { casUpdate, pointUpdatesAreAtomic } from '../../../src/store/cas.js';
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
  it('runs on a server whose point updates are atomic: every server Herald starts on is', async () => {
    expect(await pointUpdatesAreAtomic(testDb.db)).toBe(true);
  });

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

  it('lets exactly one of 20 concurrent writers that name no version move a job out of the guarded status', async () => {
    const col = testDb.db.collection<{ _id: string; version: number; status: string }>('claim');
    await col.insertOne({ _id: 'j', version: 1, status: 'scheduled' });
    const writers = Array.from({ length: 20 }, (_, i) =>
      casUpdate(testDb.db, 'claim', 'j', {
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

  it('guards on an instant and on a field being absent, with or without a version', async () => {
    const name = 'instants';
    const col = testDb.db.collection<{ _id: string; version: number; at: Date; approval?: string }>(name);
    const at = new Date('2026-11-22T09:00:00Z');
    await col.insertMany([
      { _id: 'plain', version: 1, at },
      { _id: 'approved', version: 1, at, approval: 'mia' },
    ]);
    const move = (id: string, when: Date, version?: number) =>
      casUpdate(testDb.db, name, id, {
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
    const own = await casUpdate(testDb.db, 'tenant', 't', {
      guard: { workspaceId: 'ws_a' },
      expectedVersion: 2,
      set: { label: 'own' },
      now: new Date(),
    });
    expect(own).toMatchObject({ version: 3, label: 'own', workspaceId: 'ws_a' });
  });

  it('writes nothing for a version the document has moved past', async () => {
    const col = testDb.db.collection<{ _id: string; version: number; status: string }>('moved');
    await col.insertOne({ _id: 'm', version: 5, status: 'published' });
    const stale = await casUpdate(testDb.db, 'moved', 'm', {
      expectedVersion: 4,
      set: { status: 'cancelled' },
      now: new Date(),
    });
    expect(stale).toBeNull();
    expect(await col.findOne({ _id: 'm' })).toMatchObject({ version: 5, status: 'published' });
  });
});
