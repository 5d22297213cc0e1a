import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../support/test-db.js';

/**
 * The local FerretDB's SQLite driver keeps prepared statements per connection
 * (src/local-db/ferretdb-herald-sqlite.go): the same SQL text runs again and again on one
 * statement, reset between uses. These are the cases where a reused statement could give a
 * stale or wrong answer. Runs against whichever database the suite uses.
 */
let testDb: TestDb;
beforeAll(async () => {
  testDb = await openTestDb('statements');
});
afterAll(async () => {
  await testDb.close();
});

describe('repeated commands on reused statements', () => {
  it('answers each find by id with its own document, after writes in between', async () => {
    const docs = testDb.db.collection<{ _id: string; n: number }>('stmt_ids');
    await docs.insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: `d${i}`, n: i })));
    for (let round = 0; round < 3; round += 1) {
      for (let i = 0; i < 50; i += 1) {
        const updated = await docs.findOneAndUpdate(
          { _id: `d${i}`, n: i + round * 100 },
          { $inc: { n: 100 } },
          { returnDocument: 'after' },
        );
        expect(updated?.n).toBe(i + (round + 1) * 100);
      }
      // A guard that no longer holds must not match, whatever the previous use bound.
      expect(await docs.findOneAndUpdate({ _id: 'd7', n: 7 }, { $set: { n: -1 } })).toBeNull();
    }
    const all = await docs.find({}).toArray();
    expect(all).toHaveLength(50);
    for (const doc of all) expect(doc.n).toBe(Number(doc._id.slice(1)) + 300);
  });

  it('keeps an open cursor right while the same query runs again and writes land', async () => {
    const docs = testDb.db.collection<{ _id: string; group: string; i: number }>('stmt_cursor');
    await docs.insertMany(Array.from({ length: 120 }, (_, i) => ({ _id: `c${i}`, group: 'g', i })));
    const first = docs.find({ group: 'g' }, { batchSize: 10 }).sort({ i: 1 });
    const seen: number[] = [];
    for (let k = 0; k < 10; k += 1) {
      const doc = await first.next();
      if (doc) seen.push(doc.i);
    }
    const again = await docs.find({ group: 'g' }).sort({ i: 1 }).toArray();
    expect(again.map((d) => d.i)).toEqual(Array.from({ length: 120 }, (_, i) => i));
    await docs.insertOne({ _id: 'c-late', group: 'g', i: 1000 });
    for await (const doc of first) seen.push(doc.i);
    expect(seen.slice(0, 120)).toEqual(Array.from({ length: 120 }, (_, i) => i));
  });

  it('sees a collection dropped and created again, not the old table', async () => {
    const docs = testDb.db.collection<{ _id: string; v: string }>('stmt_recreated');
    await docs.insertOne({ _id: 'x', v: 'old' });
    expect((await docs.findOne({ _id: 'x' }))?.v).toBe('old');
    await docs.drop();
    expect(await docs.findOne({ _id: 'x' })).toBeNull();
    await docs.insertOne({ _id: 'x', v: 'new' });
    expect((await docs.findOne({ _id: 'x' }))?.v).toBe('new');
    await docs.createIndex({ v: 1 });
    expect((await docs.find({ v: 'new' }).toArray()).map((d) => d._id)).toEqual(['x']);
  });
});
