import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredDoc } from '../../../src/store/documents.js';
import { PointReads } from '../../../src/store/point-reads.js';
import { openTestDb, type TestDb } from '../../support/test-db.js';

/** Reads by id that share commands under concurrency (the worker's job, post and account reads). */
let testDb: TestDb;
let watched: MongoClient;
let finds = 0;
beforeAll(async () => {
  testDb = await openTestDb('pointreads');
  watched = new MongoClient(testDb.url, { monitorCommands: true });
  watched.on('commandStarted', (e) => {
    if (e.commandName === 'find') finds += 1;
  });
  await watched.connect();
  await testDb.db
    .collection<StoredDoc>('pr_docs')
    .insertMany(Array.from({ length: 30 }, (_, i) => ({ _id: `d${i}`, n: i, tags: [`t${i}`] })));
});
afterAll(async () => {
  await watched.close();
  await testDb.close();
});

const reads = () => new PointReads(watched.db(testDb.name).collection<StoredDoc>('pr_docs'));

describe('point reads', () => {
  it('answers 70 concurrent reads with each one its own document (null when missing) in a few commands', async () => {
    const points = reads();
    const ids = [
      ...Array.from({ length: 60 }, (_, i) => `d${i % 30}`),
      ...Array.from({ length: 10 }, (_, i) => `x${i}`),
    ];
    finds = 0;
    const docs = await Promise.all(ids.map((id) => points.byId(id)));
    docs.forEach((doc, i) => {
      if (i < 60) expect(doc).toMatchObject({ _id: `d${i % 30}`, n: i % 30, tags: [`t${i % 30}`] });
      else expect(doc).toBeNull();
    });
    expect(finds).toBeGreaterThan(0);
    expect(finds).toBeLessThanOrEqual(5);
  });

  it('gives each caller its own copy', async () => {
    const points = reads();
    const [a, b] = await Promise.all([points.byId('d3'), points.byId('d3')]);
    if (!a) throw new Error('d3 was not read');
    (a.tags as string[]).push('changed');
    expect(b?.tags).toEqual(['t3']);
  });

  it('sees a write its caller finished before asking, even while other reads are on their way', async () => {
    const points = reads();
    const col = testDb.db.collection<StoredDoc>('pr_docs');
    const busy = Promise.all(Array.from({ length: 20 }, (_, i) => points.byId(`d${i}`)));
    await col.updateOne({ _id: 'd5' }, { $set: { n: 500 } });
    expect(await points.byId('d5')).toMatchObject({ n: 500 });
    expect((await busy)[5]).toMatchObject({ _id: 'd5' });
  });
});
