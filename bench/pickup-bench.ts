/**
 * Publish-now pickup, as `herald start` runs it: the API and the worker in one process on one
 * queue, the local database, the dryrun platform. PICKUP_BENCH_POSTS posts (default 200) are
 * scheduled an hour ahead; then, one at a time with a random 20–120 ms pause between them (so
 * requests fall anywhere in the worker's poll interval), each gets `POST /v1/posts/:id/publish-now`.
 * Pickup = the attempt's start − the moment the request was sent. The worker polls every
 * HERALD_POLL_INTERVAL_MS (default 1,000 ms, as deployed): a pickup under it is the in-process
 * wake-up at work.
 */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { createWorker } from '../src/jobs/worker.js';
import { connectMongo } from '../src/store/mongo-store.js';
import { createOperationalStores } from '../src/store/operational-stores.js';
import { seedWorkspace } from '../test/support/seed.js';
import { benchApi, benchDatabase, queuedCore } from './bench-database.js';
import { seedScheduledPosts } from './seed-posts.js';

const pct = (xs: number[], p: number) =>
  xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? Number.NaN;
const round = (ms: number) => Math.round(ms * 10) / 10;

export async function runPickupBench(): Promise<{ name: string; figures: Record<string, number> }> {
  const config = loadConfig();
  const count = Number(process.env.PICKUP_BENCH_POSTS ?? 200);
  const server = await benchDatabase('pickup');
  const { client, db } = await connectMongo(
    server.url,
    `herald_bench_pickup_${randomBytes(3).toString('hex')}`,
  );
  // One Agenda, one core: what `herald start` composes for its API and its worker.
  const { agenda, deps } = queuedCore(db, {
    pollIntervalMs: config.HERALD_POLL_INTERVAL_MS,
    // As HERALD_PUBLISH_NOW_ENABLED=true: what this bench times.
    extra: { settings: { publishNowEnabled: true } },
  });
  const { workspace, campaign, account } = await seedWorkspace(deps, 'auto');
  const later = new Date(Date.now() + 3_600_000);
  const { postIds } = await seedScheduledPosts(deps, db, {
    workspaceId: workspace.id,
    campaignId: campaign.id,
    accounts: [account],
    count,
    at: () => later,
  });
  const { app, key } = await benchApi(db, deps, workspace.id);
  const worker = createWorker(agenda, createOperationalStores(db), deps, {
    workerId: 'bench',
    concurrency: config.HERALD_WORKER_CONCURRENCY,
    pollIntervalMs: config.HERALD_POLL_INTERVAL_MS,
    sweepIntervalMs: 60_000,
    logger: pino({ level: 'silent' }),
  });
  await worker.start();
  const sentAt = new Map<string, number>();
  const answers: number[] = [];
  for (const id of postIds) {
    await new Promise((r) => setTimeout(r, 20 + Math.random() * 100));
    const t = Date.now();
    sentAt.set(id, t);
    const res = await app.inject({
      method: 'POST',
      url: `/v1/posts/${id}/publish-now`,
      headers: { authorization: `Bearer ${key}` },
      payload: {},
    });
    if (res.statusCode !== 200) throw new Error(`publish-now: ${res.statusCode} ${res.body}`);
    answers.push(Date.now() - t);
  }
  const attempts = db.collection('publish_attempts');
  const deadline = Date.now() + 60_000;
  while ((await attempts.countDocuments({ workspaceId: workspace.id })) < count && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 250));
  const pickups = (await attempts.find({ workspaceId: workspace.id }).toArray())
    .map((a) => (a.startedAt as Date).getTime() - (sentAt.get(a.postId as string) ?? Number.NaN))
    .sort((a, b) => a - b);
  await worker.stop(5000);
  await app.close();
  await db.dropDatabase();
  await client.close();
  await server.stop();
  answers.sort((a, b) => a - b);
  const figures: Record<string, number> = {
    posts: count,
    picked: pickups.length,
    pollIntervalMs: config.HERALD_POLL_INTERVAL_MS,
  };
  for (const p of [50, 95, 99]) figures[`pickup.p${p}Ms`] = round(pct(pickups, p));
  figures['pickup.maxMs'] = round(pickups.at(-1) ?? Number.NaN);
  for (const p of [50, 99]) figures[`answer.p${p}Ms`] = round(pct(answers, p));
  return {
    name: `publish-now pickup (API and worker in one process as in herald start, dryrun, database: ${server.rung})`,
    figures,
  };
}
