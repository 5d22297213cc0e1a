import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { provisionDatabase } from '../../src/local-db/provision.js';

const config = loadConfig();
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// The ladder itself: only meaningful when Herald starts the server (no MONGODB_URL).
describe.skipIf(Boolean(config.MONGODB_URL))('local database ladder', () => {
  it('keeps data across a stop and a restart on the same data directory, and leaves no server running', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'herald-ladder-'));
    dirs.push(dataDir);
    const logs: string[] = [];
    const opts = {
      dataDir,
      cacheDir: config.HERALD_CACHE_DIR,
      env: process.env,
      force: config.HERALD_DB_RUNG,
      shareable: true,
      log: (m: string) => logs.push(m),
    };
    const first = await provisionDatabase(opts);
    expect(logs.join('\n')).toMatch(
      /database: using (mongod|ferretdb|memory-server) at mongodb:\/\/(127\.0\.0\.1:\d+|%2F\S+\.sock)\/ \(skipped: MONGODB_URL is not set/,
    );
    // FerretDB's clients reach it on a Unix socket beside its files (no loopback TCP per command).
    if (first.rung === 'ferretdb') {
      expect(decodeURIComponent(first.url)).toBe(`mongodb://${join(dataDir, 'ferretdb', 'ferretdb.sock')}/`);
    }
    const serverInfo = JSON.parse(await readFile(join(dataDir, 'server.json'), 'utf8'));
    expect(serverInfo.pid).toBe(process.pid);
    let client = await MongoClient.connect(first.url);
    await client
      .db('herald_test_persist')
      .collection('things')
      .insertOne({ _id: 'kept' as never, n: 1 });
    await client.close();

    const attached = await provisionDatabase(opts);
    expect(attached).toMatchObject({ url: first.url, attached: true });
    await first.stop();
    await expect(readFile(join(dataDir, 'server.json'), 'utf8')).rejects.toThrow();

    const second = await provisionDatabase(opts);
    client = await MongoClient.connect(second.url);
    expect(
      await client
        .db('herald_test_persist')
        .collection('things')
        .findOne({ _id: 'kept' as never }),
    ).toMatchObject({ n: 1 });
    await client.close();
    await second.stop();
    const client2 = new MongoClient(second.url, { serverSelectionTimeoutMS: 500 });
    await expect(client2.connect()).rejects.toThrow();
    await client2.close();
  });

  it('never starts a server for MONGODB_URL and never stops one it did not start', async () => {
    const db = await provisionDatabase({
      mongodbUrl: 'mongodb://127.0.0.1:1/',
      dataDir: 'unused',
      cacheDir: 'unused',
      env: process.env,
      log: () => {},
    });
    expect(db).toMatchObject({ rung: 'MONGODB_URL', attached: true });
    await db.stop();
    expect(isAlive(process.pid)).toBe(true);
  });

  it('copies the write-ahead log back into the database file while running, so the log never has to grow without bound', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'herald-wal-'));
    dirs.push(dataDir);
    const db = await provisionDatabase({
      dataDir,
      cacheDir: config.HERALD_CACHE_DIR,
      env: process.env,
      force: config.HERALD_DB_RUNG,
      log: () => {},
    });
    try {
      if (db.rung !== 'ferretdb') return; // the checkpointing is part of Herald's FerretDB build
      const client = await MongoClient.connect(db.url);
      const things = client.db('herald_test_wal').collection('things');
      for (let batch = 0; batch < 6; batch += 1) {
        await things.insertMany(
          Array.from({ length: 500 }, (_, i) => ({ n: batch * 500 + i, text: 'x'.repeat(2000) })),
        );
      }
      await client.close();
      // SQLite's own checkpoint inside a commit is off (wal_autocheckpoint(0)): only the background
      // checkpointer moves the 6 MB written into the database file.
      await new Promise((r) => setTimeout(r, 1000));
      expect((await stat(join(dataDir, 'ferretdb', 'herald_test_wal.sqlite'))).size).toBeGreaterThan(
        5_000_000,
      );
    } finally {
      await db.stop();
    }
  });

  it("keeps Herald's secrets out of the database server's environment", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'herald-env-'));
    dirs.push(dataDir);
    process.env.HERALD_CREDENTIALS_KEY_TEST_PROBE = 'probe-secret-value';
    const db = await provisionDatabase({
      dataDir,
      cacheDir: config.HERALD_CACHE_DIR,
      env: process.env,
      force: config.HERALD_DB_RUNG,
      shareable: true,
      log: () => {},
    });
    try {
      // mongodb-memory-server starts its own child; Herald spawns the other rungs.
      if (db.rung === 'memory-server' || process.platform !== 'linux') return;
      const { serverPid } = JSON.parse(await readFile(join(dataDir, 'server.json'), 'utf8'));
      const environ = (await readFile(`/proc/${serverPid}/environ`, 'utf8')).split('\0');
      expect(environ.some((v) => v.includes('probe-secret-value'))).toBe(false);
      expect(environ.some((v) => v.startsWith('PATH='))).toBe(true);
      if (db.rung === 'ferretdb') expect(environ).toContain('GOGC=1600');
    } finally {
      delete process.env.HERALD_CREDENTIALS_KEY_TEST_PROBE;
      await db.stop();
    }
  });
});
