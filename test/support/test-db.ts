import { randomBytes } from 'node:crypto';
import { type Db, MongoClient } from 'mongodb';
import { inject } from 'vitest';
import { ensureIndexes } from '../../src/store/indexes.js';

export interface TestDb {
  client: MongoClient;
  db: Db;
  url: string;
  name: string;
  /** Drops the database and closes the client. */
  close(): Promise<void>;
}

/**
 * A fresh database named `herald_test_<label>_<random>` on the shared test server; a suite
 * writes only there and drops only that database, so a MONGODB_URL that points at a real server
 * never touches its data.
 */
export async function openTestDb(label = 'suite'): Promise<TestDb> {
  const url = inject('mongoUrl');
  const name = `herald_test_${label.replace(/[^a-z0-9]/gi, '').slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 10_000 });
  await client.connect();
  const db = client.db(name);
  await ensureIndexes(db);
  return {
    client,
    db,
    url,
    name,
    close: async () => {
      await db.dropDatabase().catch(() => {});
      await client.close();
    },
  };
}
