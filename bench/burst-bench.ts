/**
 * Burst: N posts due in the same second, published through the webhook platform (a local fake
 * with 50 ms latency) by one in-process worker on the local database. Reports lateness
 * (delivery − due), drain time, duplicates and losses. Sizes: BURST_SIZES=1000,10000 (default
 * 200). Worker concurrency: HERALD_WORKER_CONCURRENCY (default 20, as `herald worker`).
 * BENCH_PROFILE=1 adds the database time per command and collection. Every round reports process
 * CPU per post: this Node process (worker + webhook fake) and the database server.
 *
 * `--baseline bullmq` (or BURST_BASELINE=bullmq): each size runs BURST_ROUNDS (default 2) rounds,
 * Herald then BullMQ (one Worker, the same concurrency, the same fake, on a redis-server started on
 * a free loopback port; skipped with a message when redis-server is not on PATH), and prints each
 * round's drain-time ratio Herald ÷ BullMQ.
 */
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { wakeSecond } from '../src/core/domain/wake-second.js';
import { CredentialCipher } from '../src/infra/credential-cipher.js';
import { systemClock } from '../src/infra/system-clock.js';
import { createWorker } from '../src/jobs/worker.js';
import { WebhookPublisher } from '../src/publishers/webhook.js';
import { ensureIndexes } from '../src/store/indexes.js';
import { MongoCredentialVault } from '../src/store/mongo-credential-vault.js';
import { createOperationalStores } from '../src/store/operational-stores.js';
import { LOCAL_FAKES } from '../test/support/fakes/index.js';
import { startFakeWebhook } from '../test/support/fakes/webhook-fake.js';
import { seedWorkspace } from '../test/support/seed.js';
import { benchDatabase, queuedCore } from './bench-database.js';
import { bullmqBurst, type RedisServer, redisServerOnPath, startRedis, summarise } from './burst-bullmq.js';
import { profileCommands } from './command-profile.js';
import { childPids, processCpuMs } from './process-cpu.js';
import { seedScheduledPosts } from './seed-posts.js';

const SECRET = 'whsec-bench';

async function burst(url: string, size: number, concurrency: number) {
  const client = new MongoClient(url, { monitorCommands: process.env.BENCH_PROFILE === '1' });
  await client.connect();
  const db = client.db(`herald_bench_${size}_${randomBytes(3).toString('hex')}`);
  await ensureIndexes(db);
  const profile = process.env.BENCH_PROFILE === '1' ? profileCommands(client) : () => ({});
  const webhook = await startFakeWebhook({ secret: SECRET, latencyMs: 50 });
  const { agenda, deps } = queuedCore(db, {
    extra: {
      publishers: { webhook: new WebhookPublisher({ baseUrl: webhook.endpoint, fetchPolicy: LOCAL_FAKES }) },
      vault: new MongoCredentialVault(
        db,
        new CredentialCipher([{ id: 'k', key: randomBytes(32) }]),
        systemClock,
      ),
    },
  });
  const { workspace, campaign } = await seedWorkspace(deps, 'auto');
  const influencer = await deps.influencers.ensure({
    workspaceId: workspace.id,
    handle: 'bench',
    displayName: 'Bench',
  });
  const accounts = [];
  for (let i = 0; i < 100; i += 1) {
    const a = await deps.accounts.ensure({
      workspaceId: workspace.id,
      influencerId: influencer.id,
      platform: 'webhook',
      handle: `b${i}`,
      timezone: 'UTC',
    });
    await deps.vault?.store(workspace.id, a.id, SECRET);
    accounts.push(a);
  }
  const later = new Date(Date.now() + 3_600_000);
  await seedScheduledPosts(deps, db, {
    workspaceId: workspace.id,
    campaignId: campaign.id,
    accounts,
    count: size,
    at: () => later,
  });
  // Everything moves into one due second shortly ahead, so lateness counts no set-up time.
  const due = new Date(Math.ceil((Date.now() + 5000 + size) / 1000) * 1000);
  await db
    .collection('publish_jobs')
    .updateMany({}, { $set: { nextAttemptAt: due, occurrenceAt: due, wake: wakeSecond(due) } });
  await db
    .collection('agenda_jobs')
    .updateMany({}, { $set: { nextRunAt: due, 'data.second': wakeSecond(due) } });
  const worker = createWorker(agenda, createOperationalStores(db), deps, {
    workerId: 'bench',
    concurrency,
    pollIntervalMs: 200,
    sweepIntervalMs: 10_000,
    logger: pino({ level: 'silent' }),
  });
  const slackMs = due.getTime() - Date.now();
  const dbPid = childPids('ferretdb')[0] ?? childPids('mongod')[0];
  const commandsBefore = (profile() as Record<string, number>)['profile.commands'] ?? 0;
  const cpuBefore = processCpuMs();
  const dbBefore = dbPid ? processCpuMs(dbPid) : Number.NaN;
  await worker.start();
  const deadline = Date.now() + 30 * 60_000;
  // Poll the fake platform (in memory), not the database: a count query every 500 ms is a full
  // scan on FerretDB and would compete with the workers it is measuring.
  const delivered = () => new Set(webhook.state.deliveries.map((d) => d.idempotencyKey)).size;
  while (delivered() < size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  while ((await deps.jobs.countByStatus()).published !== size && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 500));
  const nodeCpuMs = processCpuMs() - cpuBefore;
  const dbCpuMs = dbPid ? processCpuMs(dbPid) - dbBefore : Number.NaN;
  await worker.stop(5000);
  const figures: Record<string, number> = {
    ...summarise(webhook.state, size, due, slackMs, { nodeCpuMs, dbCpuMs }),
    ...profile(),
  };
  if (figures['profile.commands'] !== undefined)
    figures.dbCommandsPerPost = Math.round(((figures['profile.commands'] - commandsBefore) / size) * 10) / 10;
  await db.dropDatabase();
  await client.close();
  await webhook.close();
  return figures;
}

function wantsBullmqBaseline(): boolean {
  const args = process.argv;
  const i = args.indexOf('--baseline');
  return process.env.BURST_BASELINE === 'bullmq' || (i >= 0 && args[i + 1] === 'bullmq');
}

export async function runBurstBench(): Promise<{ name: string; figures: Record<string, number> }> {
  const config = loadConfig();
  const concurrency = config.HERALD_WORKER_CONCURRENCY;
  const server = await benchDatabase('bench');
  const sizes = (process.env.BURST_SIZES ?? '200').split(',').map(Number);
  const rounds = Math.max(1, Number(process.env.BURST_ROUNDS ?? (wantsBullmqBaseline() ? 2 : 1)));
  let redis: RedisServer | undefined;
  if (wantsBullmqBaseline()) {
    if (await redisServerOnPath()) redis = await startRedis();
    else
      console.error(
        'burst --baseline bullmq: redis-server is not on PATH (Debian: apt-get install -y redis-server); running Herald only',
      );
  }
  const figures: Record<string, number> = {};
  try {
    for (const size of sizes) {
      for (let round = 1; round <= rounds; round += 1) {
        const prefix = rounds > 1 ? `${size}.r${round}` : `${size}`;
        const herald = await burst(server.url, size, config.HERALD_WORKER_CONCURRENCY);
        for (const [k, v] of Object.entries(herald)) figures[`${prefix}.herald.${k}`] = v;
        if (!redis) continue;
        const bull = await bullmqBurst(redis, size, concurrency);
        for (const [k, v] of Object.entries(bull)) figures[`${prefix}.bullmq.${k}`] = v;
        figures[`${prefix}.drainRatioHeraldToBullmq`] =
          Math.round(((herald.drainSeconds ?? 0) / Math.max(0.1, bull.drainSeconds ?? 0)) * 100) / 100;
        figures[`${prefix}.cpuRatioHeraldToBullmq`] =
          Math.round(
            (((herald.nodeCpuMsPerPost ?? 0) + (herald.dbCpuMsPerPost ?? 0)) /
              Math.max(0.01, (bull.nodeCpuMsPerPost ?? 0) + (bull.dbCpuMsPerPost ?? 0))) *
              100,
          ) / 100;
      }
    }
  } finally {
    await redis?.stop();
    await server.stop();
  }
  return {
    name: `publish burst (webhook fake, 50 ms latency, 1 worker, concurrency ${concurrency}, database: ${server.rung}${redis ? '; baseline: BullMQ on redis-server' : ''})`,
    figures,
  };
}
