/**
 * Memory under a long mixed load: a real `herald start` (API and worker in one process, the
 * console's seeded `@demo` dryrun account) on its own local FerretDB in a throwaway
 * HERALD_DATA_DIR, provisioned as `npm start` does. MEMORY_SOAK_ROUNDS rounds (default 15) of
 * MEMORY_SOAK_REQUESTS requests (default 2,000) at MEMORY_SOAK_CONCURRENCY (default 50) over
 * HTTP: create a post (1 in 10 due within a minute, so the worker publishes too), list posts,
 * get a post, reschedule, cancel, the calendar feed, and `/v1/commands` (list, show, schedule).
 * After each round it reads the resident memory (VmRSS) of the FerretDB process and of Herald's,
 * then idles MEMORY_SOAK_IDLE_S seconds (default 30) and reads them again. FerretDB's Go
 * settings come from the environment as `npm start` passes them (GOGC, GOMEMLIMIT unset: the
 * defaults in src/local-db/ferretdb.ts). MEMORY_SOAK_ONLY=<kind> alternates creates with that one
 * kind instead (the post-bound kinds need posts), to find which kind a figure follows.
 */

import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RandomIds } from '../src/infra/random-ids.js';
import { systemClock } from '../src/infra/system-clock.js';
import { MongoApiKeyStore } from '../src/store/mongo-api-key-store.js';
import { connectMongo, createRepositories } from '../src/store/mongo-store.js';
import { freePort } from '../test/support/free-port.js';
import { HeraldProcess, processesMentioning } from '../test/support/processes.js';
import { processCpuMs } from './process-cpu.js';

const DAY = 86_400_000;
const pct = (xs: number[], p: number) =>
  xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? Number.NaN;

/** Resident memory of `pid` in MB (VmRSS in /proc/<pid>/status), NaN when gone. */
function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

type Kind = 'create' | 'list' | 'get' | 'reschedule' | 'cancel' | 'calendar' | 'command';
/** Out of 20 requests. */
const MIX: [Kind, number][] = [
  ['create', 4],
  ['list', 3],
  ['get', 4],
  ['reschedule', 3],
  ['cancel', 2],
  ['calendar', 2],
  ['command', 2],
];
const SEQUENCE: Kind[] = MIX.flatMap(([kind, n]) => Array.from({ length: n }, () => kind));

export async function runMemorySoakBench(): Promise<{ name: string; figures: Record<string, number> }> {
  if (process.env.MONGODB_URL)
    throw new Error('bench memory measures the local database Herald starts: unset MONGODB_URL');
  const rounds = Number(process.env.MEMORY_SOAK_ROUNDS ?? 15);
  const perRound = Number(process.env.MEMORY_SOAK_REQUESTS ?? 2000);
  const concurrency = Number(process.env.MEMORY_SOAK_CONCURRENCY ?? 50);
  const idleMs = Number(process.env.MEMORY_SOAK_IDLE_S ?? 30) * 1000;
  const only = process.env.MEMORY_SOAK_ONLY as Kind | undefined;
  const dataDir = await mkdtemp(join(tmpdir(), 'herald-memsoak-'));
  const port = await freePort();
  const herald = new HeraldProcess('start', {
    HERALD_DATA_DIR: dataDir,
    HERALD_DB_NAME: 'herald',
    HERALD_DB_RUNG: 'ferretdb',
    HERALD_API_PORT: String(port),
    HERALD_TIMEZONE: 'UTC',
    HERALD_LOG_LEVEL: 'warn',
  });
  const figures: Record<string, number> = {};
  try {
    await herald.waitForLine(/Herald API on http:\/\/127\.0\.0\.1:\d+/, 120_000);
    const server = JSON.parse(await readFile(join(dataDir, 'server.json'), 'utf8')) as {
      url: string;
      serverPid?: number;
    };
    const dbPid = server.serverPid ?? processesMentioning(dataDir).find((p) => p !== herald.child.pid);
    const heraldPid = herald.child.pid;
    if (!dbPid || !heraldPid) throw new Error(`no FerretDB process found for ${dataDir}`);
    const { client, db } = await connectMongo(server.url, 'herald');
    const repos = createRepositories(db, { ids: new RandomIds(), clock: systemClock });
    const workspaceId = (await repos.workspaces.findByExternalId('console', 'local'))?.id;
    if (!workspaceId) throw new Error('herald start did not seed the console workspace');
    const { key } = await new MongoApiKeyStore(db, systemClock).create(workspaceId, ['admin'], 'memsoak');
    await client.close();

    const base = `http://127.0.0.1:${port}/v1`;
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    /** Posts a day or more ahead: the targets of get, reschedule and cancel. */
    const future: string[] = [];
    let made = 0;
    const call = async (method: string, path: string, body?: unknown, extra: object = {}) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { ...headers, ...extra },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, text };
    };
    const request = async (kind: Kind, i: number) => {
      const target = future[(i * 7919) % Math.max(1, future.length)];
      switch (kind) {
        case 'create': {
          made += 1;
          const soon = made % 10 === 0;
          const res = await call(
            'POST',
            '/posts',
            {
              accounts: ['@demo'],
              caption: `soak ${made} ${'x'.repeat(made % 200)}`,
              when: soon ? '+1m' : `+${24 * 60 + (made % 20_000)}m`,
              force: true,
            },
            { 'idempotency-key': `soak-${process.pid}-${made}` },
          );
          const id =
            /"post":\{"id":"([^"]+)"/.exec(res.text)?.[1] ?? /"id":"(pst_[^"]+)"/.exec(res.text)?.[1];
          if (!soon && id && res.status < 300) future.push(id);
          return res.status;
        }
        case 'list':
          return (await call('GET', `/posts?limit=${i % 2 ? 50 : 20}`)).status;
        case 'get':
          return target ? (await call('GET', `/posts/${target}`)).status : 0;
        case 'reschedule':
          return target
            ? (await call('POST', `/posts/${target}/reschedule`, { when: `+${26 + (i % 48)}h` })).status
            : 0;
        case 'cancel': {
          if (future.length < 50) return 0;
          const [id] = future.splice((i * 31) % future.length, 1);
          return (await call('POST', `/posts/${id}/cancel`, {})).status;
        }
        case 'calendar': {
          const from = new Date(Math.floor(Date.now() / DAY) * DAY + ((i % 3) - 1) * 7 * DAY);
          const to = new Date(from.getTime() + 7 * DAY);
          return (await call('GET', `/calendar?from=${from.toISOString()}&to=${to.toISOString()}`)).status;
        }
        case 'command': {
          const text =
            i % 3 === 0
              ? 'list @demo'
              : i % 3 === 1 && target
                ? `show ${target}`
                : `schedule @demo "soak command ${i}" in 3 days --force`;
          return (await call('POST', '/commands', { text })).status;
        }
      }
    };

    const sample = (label: string) => {
      figures[`${label}.ferretdbRssMb`] = rssMb(dbPid);
      figures[`${label}.heraldRssMb`] = rssMb(heraldPid);
    };
    sample('start');
    const series: {
      round: number;
      seconds: number;
      p95Ms: number;
      errors: number;
      refused: number;
      dbCpuMsPerRequest: number;
      db: number;
      dbIdle: number;
      herald: number;
      heraldIdle: number;
    }[] = [];
    let n = 0;
    for (let r = 1; r <= rounds; r += 1) {
      const latencies: number[] = [];
      let errors = 0;
      let refused = 0;
      let next = 0;
      const started = performance.now();
      const cpuBefore = processCpuMs(dbPid);
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < perRound) {
            next += 1;
            n += 1;
            const kind = only ? (n % 2 ? only : 'create') : (SEQUENCE[n % SEQUENCE.length] as Kind);
            const t = performance.now();
            const status = await request(kind, n).catch(() => 599);
            latencies.push(performance.now() - t);
            if (status >= 500) errors += 1;
            else if (status >= 400) refused += 1;
          }
        }),
      );
      const seconds = Math.round((performance.now() - started) / 100) / 10;
      latencies.sort((a, b) => a - b);
      const db = rssMb(dbPid);
      const dbCpuMsPerRequest = Math.round(((processCpuMs(dbPid) - cpuBefore) / perRound) * 10) / 10;
      const heraldRss = rssMb(heraldPid);
      await new Promise((ok) => setTimeout(ok, idleMs));
      const row = {
        round: r,
        seconds,
        p95Ms: Math.round(pct(latencies, 95)),
        errors,
        refused,
        dbCpuMsPerRequest,
        db,
        dbIdle: rssMb(dbPid),
        herald: heraldRss,
        heraldIdle: rssMb(heraldPid),
      };
      series.push(row);
      console.error(`memory soak: ${JSON.stringify(row)}`);
      for (const [k, v] of Object.entries(row)) if (k !== 'round') figures[`r${r}.${k}`] = v;
    }
    figures.postsCreated = made;
    figures.maxFerretdbRssMb = Math.max(...series.map((s) => s.db));
    figures.maxHeraldRssMb = Math.max(...series.map((s) => s.herald));
    console.table(series);
  } finally {
    await herald.stop('SIGTERM').catch(() => herald.stop('SIGKILL'));
    await rm(dataDir, { recursive: true, force: true });
  }
  const limit = process.env.GOMEMLIMIT ?? 'default (512MiB)';
  const gogc = process.env.GOGC ?? 'default (1600)';
  return {
    name: `Memory soak (herald start on FerretDB, ${rounds} × ${perRound} ${only ? `create and ${only}` : 'mixed'} requests at concurrency ${concurrency}, ${idleMs / 1000} s idle after each; GOMEMLIMIT ${limit}, GOGC ${gogc}; RSS in MB)`,
    figures,
  };
}
