/**
 * What an idle worker's sweep costs with many posts scheduled: SWEEP_BENCH_POSTS (default
 * 100,000) posts a day ahead, one a minute, and a worker that sweeps (SWEEP_BENCH_SWEEPS times,
 * default 10, one a second). Its first sweep reads every waiting job (it has no earlier look to
 * go on from); the ones after read only the seconds that turned overdue or came within the
 * horizon since. Reports wall time and database CPU (when the server is a child process) of the
 * first sweep and of the later ones.
 */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { sweep } from '../src/jobs/sweep.js';
import { connectMongo } from '../src/store/mongo-store.js';
import { seedWorkspace } from '../test/support/seed.js';
import { benchDatabase, queuedCore } from './bench-database.js';
import { childPids, processCpuMs } from './process-cpu.js';
import { seedScheduledPosts } from './seed-posts.js';

const round = (ms: number) => Math.round(ms * 10) / 10;

export async function runSweepBench(): Promise<{ name: string; figures: Record<string, number> }> {
  const total = Number(process.env.SWEEP_BENCH_POSTS ?? 100_000);
  const sweeps = Number(process.env.SWEEP_BENCH_SWEEPS ?? 10);
  const server = await benchDatabase('sweepbench');
  const { client, db } = await connectMongo(
    server.url,
    `herald_bench_sweep_${randomBytes(3).toString('hex')}`,
  );
  const { deps } = queuedCore(db);
  const { workspace, account, campaign } = await seedWorkspace(deps, 'auto');
  const day = Date.now() + 86_400_000;
  await seedScheduledPosts(deps, db, {
    workspaceId: workspace.id,
    campaignId: campaign.id,
    accounts: [account],
    count: total,
    at: (i) => new Date(day + i * 60_000),
  });
  const dbPid = childPids('ferretdb')[0] ?? childPids('mongod')[0];
  const logger = pino({ level: 'silent' });
  const timed = async (run: () => Promise<Awaited<ReturnType<typeof sweep>>>) => {
    const dbBefore = dbPid ? processCpuMs(dbPid) : Number.NaN;
    const started = performance.now();
    const swept = await run();
    return { swept, ms: performance.now() - started, dbMs: processCpuMs(dbPid) - dbBefore };
  };
  const first = await timed(() => sweep(deps, { staleMs: 30_000, logger }));
  let state = first.swept;
  const later: { ms: number; dbMs: number }[] = [];
  for (let i = 0; i < sweeps; i += 1) {
    await new Promise((r) => setTimeout(r, 1000));
    const next = await timed(() =>
      sweep(deps, {
        staleMs: 30_000,
        logger,
        queuedUntil: state.queuedUntil,
        ...(state.overdueUntil ? { overdueUntil: state.overdueUntil } : {}),
      }),
    );
    state = next.swept;
    later.push(next);
  }
  await db.dropDatabase();
  await client.close();
  await server.stop();
  const ms = later.map((s) => s.ms).sort((a, b) => a - b);
  const dbMs = later.map((s) => s.dbMs).sort((a, b) => a - b);
  return {
    name: `Idle sweep with ${total} posts scheduled (database: ${server.rung})`,
    figures: {
      storedPosts: total,
      'first.ms': round(first.ms),
      'first.databaseCpuMs': round(first.dbMs),
      'later.n': later.length,
      'later.p50Ms': round(ms[Math.floor(ms.length / 2)] ?? Number.NaN),
      'later.maxMs': round(ms.at(-1) ?? Number.NaN),
      'later.databaseCpuP50Ms': round(dbMs[Math.floor(dbMs.length / 2)] ?? Number.NaN),
    },
  };
}
