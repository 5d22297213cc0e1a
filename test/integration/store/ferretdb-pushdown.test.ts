import fc from 'fast-check';
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../support/test-db.js';

/**
 * The local FerretDB is built with Herald's filter pushdown (src/local-db/ferretdb-herald.go).
 * It may only narrow the rows the server reads, never the answer: every filter must match the
 * same documents as the same filter wrapped in `$and`, which the pushdown never looks at.
 * Runs against whichever database the suite uses (on MongoDB it holds trivially).
 */
/** Documents of any shape, keyed by string ids. */
type Loose = { _id: string } & Record<string, unknown>;

let testDb: TestDb;
beforeAll(async () => {
  testDb = await openTestDb('pushdown');
  await testDb.db.collection('pushdown').createIndex({ a: 1, b: 1 });
});
afterAll(async () => {
  await testDb.close();
});

// Mostly a few short values, so filters and documents meet often.
const text = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('x', 'y', 'a<b', 'é') },
  {
    weight: 3,
    arbitrary: fc.constantFrom('xy', 'X', '', ' ', 'a&b', 'q"t', 'back\\', '[x', '{y', 'null', '1', 'x\n'),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 3 }) },
);
// Dates before 1970, with fewer digits, around now, and far ahead; numbers of the same size.
const date = fc
  .constantFrom(
    -86_400_000,
    0,
    99_999_999_999,
    1_700_000_000_000,
    1_700_000_000_001,
    1_800_000_000_000,
    2_500_000_000_000,
  )
  .map((ms) => new Date(ms));
const scalar = fc.oneof(
  { weight: 5, arbitrary: text },
  { weight: 2, arbitrary: date },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom(-2, 0, 2, 1_700_000_000_000, 0.5) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(new ObjectId('0123456789abcdef01234567')) },
);
const value = fc.oneof(
  { weight: 4, arbitrary: scalar },
  { weight: 3, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.record({ a: text }) },
);
const range = fc
  .uniqueArray(fc.constantFrom('$lt', '$lte', '$gt', '$gte'), { minLength: 1, maxLength: 2 })
  .chain((ops) => fc.tuple(...ops.map((op) => date.map((d) => [op, d] as const))))
  .map((pairs) => Object.fromEntries(pairs));
const leaf = fc.oneof(
  { weight: 4, arbitrary: text },
  { weight: 3, arbitrary: range },
  { weight: 1, arbitrary: fc.constantFrom(null, { $eq: null }, { $exists: true }, { $exists: false }) },
  { weight: 2, arbitrary: text.map((s) => ({ $eq: s })) },
  { weight: 3, arbitrary: fc.array(text, { minLength: 1, maxLength: 4 }).map((v) => ({ $in: v })) },
  { weight: 1, arbitrary: fc.array(scalar, { minLength: 1, maxLength: 3 }).map((v) => ({ $in: v })) },
  { weight: 1, arbitrary: scalar },
  { weight: 1, arbitrary: text.map((s) => ({ $ne: s })) },
  { weight: 1, arbitrary: fc.record({ $lte: date, $ne: text }) },
);
const branch = fc.record({ a: leaf, b: leaf }, { requiredKeys: [] });
const docs = fc
  .array(fc.record({ a: value, b: value }, { requiredKeys: [] }), { minLength: 1, maxLength: 12 })
  .map((rows) => rows.map((row, i) => ({ _id: `d${i}`, ...row })));
const filter = fc.record(
  {
    _id: fc.constantFrom('d0', 'd1', 'd7'),
    a: leaf,
    b: leaf,
    $or: fc.array(branch, { minLength: 1, maxLength: 3 }),
  },
  { requiredKeys: [] },
);

async function idsOf(query: object): Promise<string[]> {
  const rows = await testDb.db.collection<Loose>('pushdown').find(query).sort({ _id: 1 }).toArray();
  return rows.map((r) => String(r._id));
}

/** Stores `rows`, then checks find, updateMany and deleteMany against the unpushed `$and` form. */
async function expectSameMatches(rows: Loose[], query: object, run: number): Promise<void> {
  const col = testDb.db.collection<Loose>('pushdown');
  await col.deleteMany({});
  await col.insertMany(rows);
  const expected = await idsOf({ $and: [query] });
  expect(await idsOf(query)).toEqual(expected);
  await col.updateMany(query, { $set: { mark: run } });
  expect(await idsOf({ $and: [{ mark: run }] })).toEqual(expected);
  expect((await col.deleteMany(query)).deletedCount).toBe(expected.length);
}

// One field, so every condition meets many values (arrays of dates and strings above all).
const oneField = fc
  .array(
    fc.oneof(value, fc.array(fc.oneof(date, fc.constantFrom('x', null)), { minLength: 1, maxLength: 3 })),
    { minLength: 4, maxLength: 12 },
  )
  .map((values) => values.map((a, i) => ({ _id: `d${i}`, a })));
const oneFieldFilter = fc.oneof(
  leaf.map((a) => ({ a })),
  fc.array(leaf, { minLength: 1, maxLength: 3 }).map((ls) => ({ $or: ls.map((a) => ({ a })) })),
);

// A dotted path through documents, arrays of documents, arrays and scalars (Agenda's `data.jobId`).
const nested = fc
  .array(
    fc.oneof(
      value.map((d) => ({ d })),
      fc.array(
        value.map((d) => ({ d })),
        { maxLength: 2 },
      ),
      value,
    ),
    { minLength: 4, maxLength: 12 },
  )
  .map((values) => values.map((c, i) => ({ _id: `d${i}`, c })));
const nestedFilter = fc.oneof(
  leaf.map((l) => ({ 'c.d': l })),
  fc.tuple(leaf, leaf).map(([l1, l2]) => ({ $or: [{ 'c.d': l1 }, { c: l2 }] })),
);

describe('filters by string, null and date fields on the local database', () => {
  it('match exactly the documents MongoDB semantics select, on a dotted path', async () => {
    let run = 5000;
    await fc.assert(
      fc.asyncProperty(nested, nestedFilter, (rows, query) => expectSameMatches(rows, query, ++run)),
      { numRuns: 400 },
    );
  });

  it('match exactly the documents MongoDB semantics select, on one field', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(oneField, oneFieldFilter, (rows, query) => expectSameMatches(rows, query, ++run)),
      { numRuns: 300 },
    );
  });

  it('match exactly the documents MongoDB semantics select, across fields, ids and $or', async () => {
    let run = 1000;
    await fc.assert(
      fc.asyncProperty(docs, filter, (rows, query) => expectSameMatches(rows, query, ++run)),
      { numRuns: 250 },
    );
  });

  it('answers an equality on an indexed field without losing array members or escaped strings', async () => {
    const col = testDb.db.collection<Loose>('pushdown');
    await col.deleteMany({});
    await col.insertMany([
      { _id: 'plain', a: 'herald.publish.3' },
      { _id: 'in-array', a: ['other', 'herald.publish.3'] },
      { _id: 'other', a: 'herald.publish.4' },
      { _id: 'escaped', a: 'a<b' },
    ]);
    expect(await idsOf({ a: 'herald.publish.3' })).toEqual(['in-array', 'plain']);
    expect(await idsOf({ a: { $in: ['herald.publish.4', 'a<b'] } })).toEqual(['escaped', 'other']);
    const updated = await col.findOneAndUpdate(
      { a: 'herald.publish.3', _id: 'in-array' },
      { $set: { locked: true } },
      { returnDocument: 'after' },
    );
    expect(updated?.locked).toBe(true);
  });
});

// Agenda's wake-ups: a due time (a date, null or none), a priority (or none), a lock.
const wakeUps = fc
  .array(
    fc.record(
      {
        name: fc.constantFrom('herald.publish.1', 'herald.publish.2'),
        nextRunAt: fc.oneof(date, fc.constant(null)),
        priority: fc.constantFrom(-10, 0, 0, 10, 20, 5.5),
        lockedAt: fc.oneof(fc.constant(null), date),
        disabled: fc.constant(true),
      },
      { requiredKeys: ['name'] },
    ),
    { minLength: 1, maxLength: 15 },
  )
  .map((rows) => rows.map((row, i) => ({ _id: `w${i}`, ...row })));
const lockFilter = fc
  .record({ now: date, deadline: date, name: fc.constantFrom('herald.publish.1', 'herald.publish.2') })
  .map(({ now, deadline, name }) => ({
    name,
    disabled: { $ne: true },
    $or: [{ lockedAt: { $eq: null }, nextRunAt: { $lte: now } }, { lockedAt: { $lte: deadline } }],
  }));
const LOCK_ORDER = { nextRunAt: 1, priority: -1 } as const;
const sortKeys = (d: Loose | null | undefined) =>
  d
    ? [
        (d.nextRunAt as Date | null | undefined)?.getTime() ?? null,
        (d.priority as number | undefined) ?? null,
      ]
    : null;

describe("Agenda's lock query on the local database", () => {
  it('locks a wake-up that comes first in MongoDB order among those the whole filter matches', async () => {
    const col = testDb.db.collection<Loose>('wakeups');
    await col.createIndex({ name: 1, nextRunAt: 1, priority: -1, lockedAt: 1, disabled: 1 });
    await fc.assert(
      fc.asyncProperty(wakeUps, lockFilter, async (rows, query) => {
        await col.deleteMany({});
        await col.insertMany(rows);
        // find sorts in FerretDB's handler, as before: the order to match.
        const first = (await col.find(query).sort(LOCK_ORDER).limit(1).toArray())[0];
        const locked = await col.findOneAndUpdate(
          query,
          { $set: { lockedAt: new Date() } },
          { sort: LOCK_ORDER },
        );
        expect(sortKeys(locked)).toEqual(sortKeys(first));
        if (locked) expect(rows.find((r) => r._id === locked._id)?.disabled).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});
