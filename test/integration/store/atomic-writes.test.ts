import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Db, MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { startFerretdb } from '../../../src/local-db/ferretdb.js';
import { ferretdbBinary } from '../../../src/local-db/ferretdb-build.js';
import { pointUpdatesAreAtomic } from '../../../src/store/cas.js';
import { openTestDb, type TestDb } from '../../support/test-db.js';

/**
 * `casUpdate` is one findOneAndUpdate, on the servers Herald starts on, because they say their
 * point updates are atomic. This holds the server to that: concurrent findOneAndUpdate/updateOne
 * calls on one `_id` and version have exactly one winner. Stock FerretDB 1.x fails it (2 to 10
 * winners of 20), which is why Herald refuses it; Herald's build passes it by holding the write
 * slot from read to write.
 */
let testDb: TestDb;
let atomic = false;
beforeAll(async () => {
  testDb = await openTestDb('atomic');
  atomic = await pointUpdatesAreAtomic(testDb.db);
});
afterAll(async () => {
  await testDb.close();
});

type Doc = { _id: string; version: number; wins: number; blob?: string };

describe('point updates', () => {
  it.skipIf(Boolean(loadConfig().MONGODB_URL))('are atomic on the local database, which says so', () => {
    expect(atomic).toBe(true);
  });

  it('give each version to exactly one of 20 concurrent findOneAndUpdate and updateOne calls', async (ctx) => {
    if (!atomic) ctx.skip();
    const col = testDb.db.collection<Doc>('race');
    let wins = 0;
    for (let round = 0; round < 10; round += 1) {
      const _id = `d${round}`;
      await col.insertOne({ _id, version: 0, wins: 0 });
      const inc = (version: number) => ({ $set: { version: version + 1 }, $inc: { wins: 1 } });
      const found = await Promise.all(
        Array.from({ length: 20 }, () => col.findOneAndUpdate({ _id, version: 0 }, inc(0))),
      );
      const updated = await Promise.all(
        Array.from({ length: 20 }, () => col.updateOne({ _id, version: 1 }, inc(1))),
      );
      expect(found.filter(Boolean)).toHaveLength(1);
      expect(updated.reduce((n, r) => n + r.modifiedCount, 0)).toBe(1);
      wins += (await col.findOne({ _id }))?.wins ?? 0;
    }
    expect(wins).toBe(20);
  });
});

/**
 * Herald's FerretDB build queues writes for one write slot per database, and a worker's writes
 * (client application name ending in "-worker") wait behind interactive ones: a user's cancel
 * does not queue behind a publish burst.
 */
describe.skipIf(Boolean(loadConfig().MONGODB_URL))('write priority on the local database', () => {
  const clients: MongoClient[] = [];
  const open = async (appName: string): Promise<Db> => {
    const client = await MongoClient.connect(testDb.url, { appName, maxPoolSize: 60 });
    clients.push(client);
    return client.db(testDb.name);
  };
  afterAll(async () => {
    for (const client of clients) await client.close();
  });

  it('lets an interactive write pass the worker writes queued before it', async () => {
    const worker = await open('herald-worker');
    const api = await open('herald-api');
    const blob = 'x'.repeat(1_000_000);
    const passed: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      const name = `queue${round}`;
      const order: string[] = [];
      let firstDone!: () => void;
      const started = new Promise<void>((r) => {
        firstDone = r;
      });
      const background = Array.from({ length: 40 }, (_, i) =>
        worker
          .collection<Doc>(name)
          .insertOne({ _id: `w${i}`, version: 0, wins: 0, blob })
          .then(() => {
            order.push('worker');
            firstDone();
          }),
      );
      await started;
      await api.collection<Doc>(name).insertOne({ _id: 'interactive', version: 0, wins: 0 });
      order.push('api');
      await Promise.all(background);
      passed.push(order.indexOf('api'));
    }
    // Worker writes finished before it, per round: 1-3 here; first come, first served gave 12-38.
    expect(passed.reduce((a, b) => a + b, 0)).toBeLessThan(20);
  });
});

/**
 * Timing checks of Herald's FerretDB build, each on a server of its own: on the shared one, other
 * suites' commands make "alone" not alone (the hold test saw 14 worker pings in 300 ms there).
 */
const onOwnFerretdb = inject('dbRung') === 'ferretdb';

async function withOwnFerretdb(
  run: (open: (appName: string, pool?: number) => Promise<Db>, pid: number) => Promise<void>,
) {
  const dir = await mkdtemp(join(tmpdir(), 'herald-own-db-'));
  const server = await startFerretdb(ferretdbBinary(loadConfig().HERALD_CACHE_DIR), dir, process.env);
  const clients: MongoClient[] = [];
  const open = async (appName: string, maxPoolSize = 10) => {
    const client = await MongoClient.connect(server.url, { appName, maxPoolSize });
    clients.push(client);
    return client.db('herald_test_own');
  };
  try {
    await run(open, server.pid);
  } finally {
    for (const client of clients) await client.close();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!onOwnFerretdb)('admission on the local database', () => {
  it("holds a worker connection's next command back while API commands run, never longer than 50 ms", () =>
    withOwnFerretdb(async (open) => {
      const worker = await open('herald-worker');
      const api = await open('herald-api');
      const pings = async (db: Db, ms: number) => {
        let n = 0;
        for (const end = performance.now() + ms; performance.now() < end; n += 1)
          await db.command({ ping: 1 });
        return n;
      };
      const alone = await pings(worker, 300);
      let busy = true;
      const apiLoop = (async () => {
        while (busy) await api.command({ ping: 1 });
      })();
      const beside = await pings(worker, 300);
      busy = false;
      await apiLoop;
      // Alone: about 800 pings here (640 beside API pings without the hold); held, about 19.
      expect(beside).toBeLessThan(alone / 4);
      expect(beside).toBeGreaterThanOrEqual(5);
    }));
});

/**
 * Herald's FerretDB build serves each worker connection from a thread of its own at nice 10, so
 * the kernel gives the cores to API commands first during a burst. Checked on a server of the
 * test's own (the shared one has other suites' connections), through Linux's per-thread stats.
 */
describe.skipIf(!onOwnFerretdb || process.platform !== 'linux')('CPU priority on the local database', () => {
  // Field 19 of /proc/<pid>/task/<tid>/stat, counted after the ")" that ends the thread's name.
  const niceOfThreads = async (pid: number): Promise<number[]> => {
    const tids = await readdir(`/proc/${pid}/task`);
    const stats = await Promise.all(
      tids.map((tid) => readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8').catch(() => '')),
    );
    return stats.filter(Boolean).map((s) => Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[16]));
  };

  it('runs worker connections on lowered threads and API connections at normal priority', () =>
    withOwnFerretdb(async (open, pid) => {
      const busy = async (appName: string, connections: number) => {
        const db = await open(appName, connections);
        await Promise.all(Array.from({ length: connections }, () => db.command({ ping: 1 })));
        await Promise.all(
          Array.from({ length: connections }, async (_, i) => {
            for (let n = 0; n < 5; n += 1)
              await db.collection<{ _id: string }>('t').findOne({ _id: `x${i}` });
          }),
        );
        return db;
      };
      await busy('herald-api', 4);
      expect((await niceOfThreads(pid)).filter((n) => n !== 0)).toEqual([]);
      const worker = await busy('herald-worker', 3);
      const lowered = (await niceOfThreads(pid)).filter((n) => n !== 0);
      expect(lowered.length).toBeGreaterThanOrEqual(3);
      expect(new Set(lowered)).toEqual(new Set([10]));
      // A closed worker connection takes its thread with it (a lowered thread may wait a while
      // for a core to end on when other suites keep both busy).
      await worker.client.close();
      await expect
        .poll(async () => (await niceOfThreads(pid)).filter((n) => n !== 0), { timeout: 30_000 })
        .toEqual([]);
    }));
});
