/**
 * API latency: p50/p95/p99 of cancel and reschedule through the real fastify app (inject) with N
 * stored posts (API_BENCH_POSTS, default 10,000) while a publish burst runs (API_BENCH_BURST
 * posts due at once, default 1,000, on the dryrun platform). The burst is drained by a
 * `herald worker` process (HERALD_WORKER_CONCURRENCY), as deployed beside `herald api`; with
 * API_BENCH_WORKER=inline it runs in the bench's own process instead, as in `herald start`. The worker
 * polls every 200 ms (HERALD_POLL_INTERVAL_MS; `herald worker` defaults to 1,000 ms), which
 * makes it lock due jobs five times as often as deployed.
 * Posts, jobs and their queued wake-ups are bulk-inserted as documents shaped by the core and
 * the queue (set-up speed only); every measured request runs the full route, use case and store
 * on the API's own database client. API_BENCH_REQUESTS sets how many requests are timed (default
 * 600, half of each: about the burst's first 4 s), after API_BENCH_WARMUP untimed ones (default
 * 100, before the burst is due, reported as `warmup`); BENCH_PROFILE=1 adds their database time
 * per command.
 */
import { randomBytes } from 'node:crypto';
import { type Db, MongoClient } from 'mongodb';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import type { CoreDeps } from '../src/core/use-cases/deps.js';
import { createWorker } from '../src/jobs/worker.js';
import { connectMongo } from '../src/store/mongo-store.js';
import { createOperationalStores } from '../src/store/operational-stores.js';
import { HeraldProcess } from '../test/support/processes.js';
import { seedWorkspace } from '../test/support/seed.js';
import { benchApi, benchDatabase, queuedCore } from './bench-database.js';
import { profileCommands } from './command-profile.js';
import { childPids, processCpuMs } from './process-cpu.js';
import { seedScheduledPosts } from './seed-posts.js';

const pct = (xs: number[], p: number) =>
  xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? Number.NaN;
const round = (ms: number) => Math.round(ms * 100) / 100;
const DAY_MS = 86_400_000;

const core = (db: Db) => queuedCore(db);

/** `total` posts a day ahead, one a minute; `burst()` adds the posts due at once, with wake-ups. */
async function seed(deps: CoreDeps, db: Db, total: number, burstSize: number) {
  const { workspace, account, campaign } = await seedWorkspace(deps, 'auto');
  const day = Date.now() + 86_400_000;
  const base = { workspaceId: workspace.id, campaignId: campaign.id, accounts: [account] };
  const { postIds } = await seedScheduledPosts(deps, db, {
    ...base,
    count: total,
    at: (i) => new Date(day + i * 60_000),
  });
  const burst = async () => {
    const due = new Date(Date.now() + 1000);
    await seedScheduledPosts(deps, db, { ...base, count: burstSize, at: () => due });
    await new Promise((r) => setTimeout(r, Math.max(0, due.getTime() - Date.now())));
  };
  return { workspaceId: workspace.id, postIds, burst };
}

/** The API as `herald api` runs it, on its own client; returns a timed POST. */
async function startApi(url: string, dbName: string, workspaceId: string) {
  const client = new MongoClient(url, { monitorCommands: process.env.BENCH_PROFILE === '1' });
  const db = client.db(dbName);
  const { deps } = core(db);
  const { app, key } = await benchApi(db, deps, workspaceId);
  // A running API: its start-up reads of the calendar's days around today are done (this asks
  // for the same days, and waits for the reads under way instead of reading them again).
  await app.ready();
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  await deps.calendar.warm(new Date(today - 7 * DAY_MS), new Date(today + 15 * DAY_MS));
  const headers = { authorization: `Bearer ${key}` };
  const post = async (url: string, payload: object) => {
    const t = performance.now();
    const res = await app.inject({ method: 'POST', url, headers, payload });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return performance.now() - t;
  };
  const profile = process.env.BENCH_PROFILE === '1' ? profileCommands(client) : () => ({});
  const close = async () => {
    await app.close();
    await client.close();
  };
  return { post, profile, close };
}

/** The burst's worker: a `herald worker` process, or (inline) one in this process. */
async function startWorker(url: string, db: Db, inline: boolean): Promise<() => Promise<unknown>> {
  const concurrency = loadConfig().HERALD_WORKER_CONCURRENCY;
  if (inline) {
    const { agenda, deps } = core(db);
    const options = { workerId: 'bench', concurrency, pollIntervalMs: 200, sweepIntervalMs: 60_000 };
    const worker = createWorker(agenda, createOperationalStores(db), deps, {
      ...options,
      logger: pino({ level: 'silent' }),
    });
    await worker.start();
    return () => worker.stop(5000);
  }
  const worker = new HeraldProcess('worker', {
    MONGODB_URL: url,
    HERALD_DB_NAME: db.databaseName,
    HERALD_WORKER_CONCURRENCY: String(concurrency),
    HERALD_POLL_INTERVAL_MS: process.env.HERALD_POLL_INTERVAL_MS ?? '200',
    HERALD_CONSOLE_SEED: 'false',
    HERALD_LOG_LEVEL: 'warn',
  });
  await worker.waitForLine(/Herald worker .* running/, 60_000);
  return () => worker.stop();
}

/**
 * Waits (at most a minute) until the local database server uses under a tenth of a core over a
 * second, twice in a row; returns how long that took (0 when the server is not a child process).
 */
async function databaseSettled(rung: string): Promise<number> {
  const pid = childPids('ferretdb')[0] ?? childPids('mongod')[0];
  if (!pid || rung === 'MONGODB_URL') return 0;
  const started = performance.now();
  let quiet = 0;
  while (quiet < 2 && performance.now() - started < 60_000) {
    const before = processCpuMs(pid);
    await new Promise((r) => setTimeout(r, 1000));
    quiet = processCpuMs(pid) - before < 100 ? quiet + 1 : 0;
  }
  return performance.now() - started;
}

export async function runApiBench(): Promise<{ name: string; figures: Record<string, number> }> {
  const total = Number(process.env.API_BENCH_POSTS ?? 10_000);
  const burst = Number(process.env.API_BENCH_BURST ?? 1000);
  const inline = process.env.API_BENCH_WORKER === 'inline';
  const server = await benchDatabase('apibench');
  const { client, db } = await connectMongo(server.url, `herald_bench_api_${randomBytes(3).toString('hex')}`);
  const { deps } = core(db);
  const { workspaceId, postIds, burst: startBurst } = await seed(deps, db, total, burst);
  const api = await startApi(server.url, db.databaseName, workspaceId);
  // API_BENCH_WORKER=none: no worker at all (what the API costs with nothing else using the database).
  const none = process.env.API_BENCH_WORKER === 'none';
  const stopWorker = none ? async () => {} : await startWorker(server.url, db, inline);
  // Half cancels, half reschedules, spread over the stored posts (API_BENCH_REQUESTS, default 600).
  const requests = Math.min(total, Number(process.env.API_BENCH_REQUESTS ?? 600));
  const sample = postIds
    .filter((_, i) => i % Math.max(1, Math.floor(total / requests)) === 0)
    .slice(0, requests);
  // A running API has served requests before; the first ones after it starts are slower (code
  // not yet optimised, the client's pool still opening connections). API_BENCH_WARMUP requests
  // (default 100) on other posts go first, before the burst is due; they are reported apart.
  const timed = new Set(sample);
  // Loading 100,000 posts leaves the database busy for a while (its write-ahead log checkpointed in
  // the background): a running API meets a settled database, so timing starts once it is.
  const settledAfterMs = await databaseSettled(server.rung);
  const warmupIds = postIds
    .filter((id) => !timed.has(id))
    .slice(-Number(process.env.API_BENCH_WARMUP ?? 100));
  const warmup: number[] = [];
  for (const [i, id] of warmupIds.entries())
    warmup.push(
      await (i % 2 === 0
        ? api.post(`/v1/posts/${id}/cancel`, {})
        : api.post(`/v1/posts/${id}/reschedule`, { when: '+1h' })),
    );
  // The burst becomes due once the worker runs, so measuring starts as it does.
  await startBurst();
  // Published jobs only: a count by status reads all 100,000 stored jobs on FerretDB.
  const jobs = db.collection('publish_jobs');
  const published = async () =>
    (await jobs.find({ workspaceId, status: 'published' }, { projection: { _id: 1 } }).toArray()).length;
  const before = await published();
  const cancel: number[] = [];
  const reschedule: number[] = [];
  const measuring = performance.now();
  for (const [i, id] of sample.entries()) {
    if (i % 2 === 0) cancel.push(await api.post(`/v1/posts/${id}/cancel`, {}));
    else reschedule.push(await api.post(`/v1/posts/${id}/reschedule`, { when: '+1h' }));
  }
  const figures: Record<string, number> = {
    storedPosts: total,
    burstPosts: burst,
    burstPublishedBeforeMeasuring: before,
    burstPublishedWhileMeasuring: (await published()) - before,
    measuringSeconds: round((performance.now() - measuring) / 1000),
    databaseSettledAfterMs: Math.round(settledAfterMs),
  };
  await stopWorker();
  await api.close();
  await db.dropDatabase();
  await client.close();
  await server.stop();
  for (const [name, xs] of [
    ['warmup', warmup],
    ['cancel', cancel],
    ['reschedule', reschedule],
  ] as const) {
    xs.sort((a, b) => a - b);
    figures[`${name}.n`] = xs.length;
    for (const p of [50, 95, 99]) figures[`${name}.p${p}Ms`] = round(pct(xs, p));
  }
  Object.assign(figures, api.profile());
  const where = none ? 'no worker' : inline ? 'worker in the same process' : 'worker process';
  return {
    name: `API cancel/reschedule latency (inject, database: ${server.rung}, ${burst} posts publishing meanwhile, ${where})`,
    figures,
  };
}
