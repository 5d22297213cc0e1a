/**
 * API latency: p50/p95/p99 of cancel and reschedule through the real fastify app (inject) with N
 * stored posts (API_BENCH_POSTS, default 10,000) while a publish burst runs (API_BENCH_BURST
 * posts due at once, default 1,000, drained by a real worker on the dryrun platform, with
 * HERALD_WORKER_CONCURRENCY as `herald worker`). Posts, jobs and their queued wake-ups are
 * bulk-inserted as documents shaped by the core and the queue (set-up speed only); every
 * measured request runs the full route, use case and store. The API has its own database client,
 * as in `herald api`; BENCH_PROFILE=1 adds its database time per command and collection.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import pino from 'pino';
import { buildApi } from '../src/api/build-api.js';
import { CachedApiKeyStore } from '../src/api/cached-api-keys.js';
import { composeCore } from '../src/compose.js';
import { loadConfig } from '../src/config.js';
import { RandomIds } from '../src/infra/random-ids.js';
import { systemClock } from '../src/infra/system-clock.js';
import { createAgenda, createQueue, createWorker } from '../src/jobs/worker.js';
import { provisionDatabase } from '../src/store/local-db/provision.js';
import { MongoApiKeyStore } from '../src/store/mongo-api-key-store.js';
import { connectMongo } from '../src/store/mongo-store.js';
import { seedWorkspace } from '../test/support/seed.js';
import { profileCommands } from './command-profile.js';
import { seedScheduledPosts } from './seed-posts.js';

const pct = (xs: number[], p: number) =>
  xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? Number.NaN;
const round = (ms: number) => Math.round(ms * 100) / 100;

export async function runApiBench(): Promise<{ name: string; figures: Record<string, number> }> {
  const config = loadConfig();
  const total = Number(process.env.API_BENCH_POSTS ?? 10_000);
  const dataDir = await mkdtemp(join(tmpdir(), 'herald-apibench-'));
  const server = await provisionDatabase({
    mongodbUrl: config.MONGODB_URL,
    dataDir,
    cacheDir: config.HERALD_CACHE_DIR,
    force: config.HERALD_DB_RUNG,
    log: () => {},
  });
  const { client, db } = await connectMongo(server.url, `herald_bench_api_${randomBytes(3).toString('hex')}`);
  const ids = new RandomIds();
  const burst = Number(process.env.API_BENCH_BURST ?? 1000);
  const concurrency = config.HERALD_WORKER_CONCURRENCY;
  const agenda = createAgenda(db, { name: 'bench', pollIntervalMs: 200, concurrency });
  const deps = composeCore({
    db,
    clock: systemClock,
    ids,
    queue: createQueue(agenda, systemClock),
    notifier: { notify: async () => {} },
  });
  const { workspace, account, campaign } = await seedWorkspace(deps, 'auto');
  const day = Date.now() + 86_400_000;
  const { postIds } = await seedScheduledPosts(deps, db, {
    workspaceId: workspace.id,
    campaignId: campaign.id,
    accounts: [account],
    count: total,
    at: (i) => new Date(day + i * 60_000),
  });
  // The burst: due a second after it is stored, so it is all due once the worker starts.
  await seedScheduledPosts(deps, db, {
    workspaceId: workspace.id,
    campaignId: campaign.id,
    accounts: [account],
    count: burst,
    at: () => new Date(Date.now() + 1000),
  });
  const apiClient = new MongoClient(server.url, { monitorCommands: process.env.BENCH_PROFILE === '1' });
  const apiDb = apiClient.db(db.databaseName);
  const apiDeps = composeCore({
    db: apiDb,
    clock: systemClock,
    ids,
    queue: createQueue(
      createAgenda(apiDb, { name: 'bench-api', pollIntervalMs: 200, concurrency }),
      systemClock,
    ),
    notifier: { notify: async () => {} },
  });
  const keys = new CachedApiKeyStore(new MongoApiKeyStore(apiDb, systemClock), systemClock);
  const { key } = await keys.create(workspace.id, ['read', 'write'], 'bench');
  const app = await buildApi({
    logger: pino({ level: 'silent' }),
    readiness: [],
    deps: apiDeps,
    keys,
    db: apiDb,
  });
  const headers = { authorization: `Bearer ${key}` };
  const time = async (url: string, payload: object) => {
    const t = performance.now();
    const res = await app.inject({ method: 'POST', url, headers, payload });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return performance.now() - t;
  };
  const worker = createWorker(agenda, db, deps, {
    workerId: 'bench',
    concurrency,
    pollIntervalMs: 200,
    sweepIntervalMs: 60_000,
    logger: pino({ level: 'silent' }),
  });
  await worker.start();
  const profile = process.env.BENCH_PROFILE === '1' ? profileCommands(apiClient) : () => ({});
  const sample = postIds.filter((_, i) => i % Math.max(1, Math.floor(total / 600)) === 0).slice(0, 600);
  const cancel: number[] = [];
  const reschedule: number[] = [];
  for (const [i, id] of sample.entries()) {
    if (i % 2 === 0) cancel.push(await time(`/v1/posts/${id}/cancel`, {}));
    else reschedule.push(await time(`/v1/posts/${id}/reschedule`, { when: '+1h' }));
  }
  const publishedDuring = (await deps.jobs.countByStatus(workspace.id)).published ?? 0;
  await worker.stop(5000);
  await app.close();
  await apiClient.close();
  await db.dropDatabase();
  await client.close();
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
  const figures: Record<string, number> = {
    storedPosts: total,
    burstPosts: burst,
    burstPublishedWhileMeasuring: publishedDuring,
  };
  for (const [name, xs] of [
    ['cancel', cancel],
    ['reschedule', reschedule],
  ] as const) {
    xs.sort((a, b) => a - b);
    Object.assign(figures, {
      [`${name}.n`]: xs.length,
      [`${name}.p50Ms`]: round(pct(xs, 50)),
      [`${name}.p95Ms`]: round(pct(xs, 95)),
      [`${name}.p99Ms`]: round(pct(xs, 99)),
    });
  }
  Object.assign(figures, profile());
  return {
    name: `API cancel/reschedule latency (inject, database: ${server.rung}, ${burst} posts publishing meanwhile)`,
    figures,
  };
}
