/**
 * The burst baseline: the same N posts due in one second, published through BullMQ (one Worker,
 * the same concurrency as Herald's worker) on a redis-server this bench starts on a free loopback
 * port, to the same 50 ms webhook fake through the same WebhookPublisher (signed, idempotency key =
 * the job id). Only the queue differs: no Herald storage, no lease, no audit.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Account } from '../src/core/domain/types.js';
import { freePort } from '../src/local-db/server-process.js';
import { WebhookPublisher } from '../src/publishers/webhook.js';
import { LOCAL_FAKES } from '../test/support/fakes/index.js';
import { startFakeWebhook } from '../test/support/fakes/webhook-fake.js';
import { processCpuMs } from './process-cpu.js';

export interface RedisServer {
  port: number;
  pid: number;
  stop(): Promise<void>;
}

/** Whether `redis-server` is on PATH (Debian: `apt-get install -y redis-server`). */
export async function redisServerOnPath(): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = spawn('redis-server', ['--version'], { stdio: 'ignore' });
    probe.on('error', () => resolve(false));
    probe.on('exit', (code) => resolve(code === 0));
  });
}

/** A throwaway redis-server: loopback only, no persistence, its files in a temporary directory. */
export async function startRedis(): Promise<RedisServer> {
  const dir = await mkdtemp(join(tmpdir(), 'herald-redis-'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null });
  probe.on('error', () => {}); // refused until the server listens: retried below
  for (let i = 0; ; i += 1) {
    try {
      await probe.connect();
      await probe.ping();
      break;
    } catch (err) {
      probe.disconnect();
      if (i > 50) throw new Error(`redis-server did not answer on port ${port}: ${String(err)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  probe.disconnect();
  return {
    port,
    pid: child.pid ?? -1,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const SECRET = 'whsec-bench';

/** One BullMQ round: `size` jobs due in one second, drained by one Worker with `concurrency`. */
export async function bullmqBurst(redis: RedisServer, size: number, concurrency: number) {
  const connection = { host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null };
  const name = `burst-${size}-${Date.now()}`;
  const webhook = await startFakeWebhook({ secret: SECRET, latencyMs: 50 });
  const publisher = new WebhookPublisher({ baseUrl: webhook.endpoint, fetchPolicy: LOCAL_FAKES });
  const accounts: Account[] = Array.from({ length: 100 }, (_, i) => ({
    id: `acc_${i}`,
    workspaceId: 'ws_bench',
    influencerId: 'inf_bench',
    platform: 'webhook',
    handle: `b${i}`,
    timezone: 'UTC',
    createdAt: new Date(),
    version: 1,
  }));
  const queue = new Queue(name, { connection });
  const due = new Date(Math.ceil((Date.now() + 5000 + size) / 1000) * 1000);
  for (let i = 0; i < size; i += 1000) {
    const chunk = Array.from({ length: Math.min(1000, size - i) }, (_, k) => {
      const n = i + k;
      return {
        name: 'publish',
        data: { account: n % 100, caption: `Bench post ${n}` },
        opts: {
          jobId: `job_${n}`,
          delay: Math.max(0, due.getTime() - Date.now()),
          attempts: 4,
          backoff: { type: 'fixed', delay: 300_000 },
          removeOnComplete: true,
        },
      };
    });
    await queue.addBulk(chunk);
  }
  const worker = new Worker(
    name,
    async (job) => {
      const data = job.data as { account: number; caption: string };
      const account = accounts[data.account] as Account;
      return publisher.publish({
        account,
        token: SECRET,
        caption: data.caption,
        media: [],
        idempotencyKey: String(job.id),
      });
    },
    { connection, concurrency, autorun: false },
  );
  let failed = 0;
  worker.on('failed', () => {
    failed += 1;
  });
  const slackMs = due.getTime() - Date.now();
  const cpuBefore = processCpuMs();
  const redisBefore = processCpuMs(redis.pid);
  void worker.run();
  const deadline = Date.now() + 30 * 60_000;
  const delivered = () => new Set(webhook.state.deliveries.map((d) => d.idempotencyKey)).size;
  while (delivered() < size && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  while ((await queue.getJobCounts('completed', 'active', 'delayed', 'waiting')).active > 0)
    await new Promise((r) => setTimeout(r, 50));
  const nodeCpuMs = processCpuMs() - cpuBefore;
  const redisCpuMs = processCpuMs(redis.pid) - redisBefore;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  await webhook.close();
  return summarise(webhook.state, size, due, slackMs, { nodeCpuMs, dbCpuMs: redisCpuMs, failed });
}

/** The figures every burst round reports, Herald's or the baseline's. */
export function summarise(
  state: { deliveries: { idempotencyKey: string; receivedAt: number }[]; duplicates: number },
  size: number,
  due: Date,
  slackMs: number,
  cpu: { nodeCpuMs: number; dbCpuMs: number; failed?: number },
): Record<string, number> {
  const lateness = state.deliveries.map((d) => d.receivedAt - due.getTime()).sort((a, b) => a - b);
  const pct = (p: number) =>
    lateness[Math.min(lateness.length - 1, Math.floor((p / 100) * lateness.length))] ?? Number.NaN;
  const keys = new Set(state.deliveries.map((d) => d.idempotencyKey));
  const round2 = (n: number) => Math.round(n * 100) / 100;
  return {
    posts: size,
    latenessP50Ms: pct(50),
    latenessP99Ms: pct(99),
    latenessMaxMs: lateness.at(-1) ?? Number.NaN,
    drainSeconds: Math.round((lateness.at(-1) ?? 0) / 100) / 10,
    postsPerSecond: Math.round((size / Math.max(1, lateness.at(-1) ?? 1)) * 10_000) / 10,
    duplicates: state.deliveries.length - keys.size + state.duplicates,
    losses: size - keys.size,
    nodeCpuMsPerPost: round2(cpu.nodeCpuMs / size),
    dbCpuMsPerPost: round2(cpu.dbCpuMs / size),
    workerStartedBeforeDueMs: slackMs,
    ...(cpu.failed !== undefined ? { failedAttempts: cpu.failed } : {}),
  };
}
