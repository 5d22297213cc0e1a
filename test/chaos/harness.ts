import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Db, MongoClient } from 'mongodb';
import { loadConfig } from '../../src/config.js';
import { HeraldProcess } from '../support/processes.js';

const config = loadConfig();
export const CACHE_DIR = resolve(config.HERALD_CACHE_DIR);

/**
 * One chaos scenario's surroundings: a throwaway data directory and database name, and every
 * process it started, all removed by `cleanup` (SIGKILL: a scenario may leave them mid-outage).
 */
export class Scenario {
  readonly processes: HeraldProcess[] = [];
  readonly clients: MongoClient[] = [];
  readonly dbName: string;

  private constructor(
    readonly dataDir: string,
    label: string,
  ) {
    this.dbName = `herald_test_chaos_${label}_${process.pid}`;
  }

  static async create(label: string): Promise<Scenario> {
    return new Scenario(await mkdtemp(join(tmpdir(), `herald-chaos-${label}-`)), label);
  }

  /** Short intervals so that recovery shows within seconds; quiet logs except warnings. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      MONGODB_URL: '',
      HERALD_DATA_DIR: this.dataDir,
      HERALD_CACHE_DIR: CACHE_DIR,
      HERALD_DB_NAME: this.dbName,
      HERALD_API_PORT: '0',
      HERALD_LOG_LEVEL: 'warn',
      HERALD_POLL_INTERVAL_MS: '200',
      HERALD_SWEEP_INTERVAL_MS: '1000',
      HERALD_LEASE_MS: '5000',
      HERALD_SHUTDOWN_GRACE_MS: '5000',
      HERALD_WORKER_NICE: '0',
      HERALD_DB_RUNG: 'ferretdb',
      ...extra,
    };
  }

  /** Starts `herald <role>` and waits for its API address. */
  async start(role: 'start' | 'api', extra: Record<string, string> = {}): Promise<RunningHerald> {
    const herald = new HeraldProcess(role, this.env(extra));
    this.processes.push(herald);
    const [, api] = await herald.waitForLine(/Herald API on (http:\/\/127\.0\.0\.1:\d+)/, 120_000);
    return { herald, api: api as string };
  }

  /** A bearer key for the console workspace, made with `herald keys create` as an operator would. */
  async key(extra: Record<string, string> = {}): Promise<string> {
    const args = ['create', '--workspace', 'console', '--scopes', 'read,write,admin'];
    const cli = new HeraldProcess('keys', this.env(extra), 'ignore', args);
    this.processes.push(cli);
    const [, key] = await cli.waitForLine(/^(hk_\S+)$/, 60_000);
    await cli.exited();
    return key as string;
  }

  /** The database server Herald started for this data directory, as it records it for other processes. */
  async server(): Promise<{ url: string; serverPid: number }> {
    return JSON.parse(await readFile(join(this.dataDir, 'server.json'), 'utf8'));
  }

  /** The scenario's database, for counting what Herald stored. */
  async db(url?: string): Promise<Db> {
    const client = new MongoClient(url ?? (await this.server()).url, { serverSelectionTimeoutMS: 5_000 });
    this.clients.push(client);
    await client.connect();
    return client.db(this.dbName);
  }

  async cleanup(): Promise<void> {
    for (const p of this.processes) await p.stop('SIGKILL').catch(() => {});
    for (const c of this.clients) await c.close().catch(() => {});
    await rm(this.dataDir, { recursive: true, force: true });
  }
}

export interface RunningHerald {
  herald: HeraldProcess;
  api: string;
}

export interface Answer {
  status: number;
  ms: number;
  body: Record<string, unknown>;
  headers: Headers;
}

/** One API call; a call the process dropped (it was killed) answers status 0. */
export async function call(
  api: string,
  key: string,
  method: string,
  path: string,
  opts: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const started = Date.now();
  try {
    const res = await fetch(`${api}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(opts.body ? { 'content-type': 'application/json' } : {}),
        ...opts.headers,
      },
      ...(opts.body ? { body: JSON.stringify(opts.body) } : {}),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await res.text();
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    return { status: res.status, ms: Date.now() - started, body, headers: res.headers };
  } catch {
    return { status: 0, ms: Date.now() - started, body: {}, headers: new Headers() };
  }
}

/** Resolves with the time `probe` first returned true; rejects after `timeoutMs`. */
export async function until(probe: () => Promise<boolean>, timeoutMs: number, what: string): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return Date.now();
    await sleep(25);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Calls `request` back to back until stopped; `stop` resolves with every answer. */
export function keepCalling(request: () => Promise<Answer & { what: string }>) {
  const answers: (Answer & { what: string })[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      answers.push(await request());
      await sleep(20);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return answers;
    },
  };
}
