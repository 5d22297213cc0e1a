import { access, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { delimiter, join, resolve } from 'node:path';
import { startFerretdb } from './ferretdb.js';
import { type BuildProgress, type Env, ensureFerretdb, ferretdbBinary } from './ferretdb-build.js';
import { canPing, freePort, type ServerProcess, serverEnv, startServerProcess } from './server-process.js';
import { type SupervisionHooks, supervise } from './supervisor.js';

/** Which rung of the ladder (docs/database.md, "The local database") provided the database. */
type Rung = 'MONGODB_URL' | 'mongod' | 'ferretdb' | 'memory-server';

export interface ProvisionedDatabase {
  url: string;
  rung: Rung;
  /** True when another Herald process started this server and we only connected to it. */
  attached: boolean;
  stop(): Promise<void>;
}

interface ProvisionOptions {
  mongodbUrl?: string | undefined;
  /** Server files live under here (kept across restarts for `npm start`, throwaway in tests). */
  dataDir: string;
  cacheDir: string;
  force?: 'auto' | 'mongod' | 'ferretdb' | 'memory-server';
  /**
   * The environment the servers and the build start from (config.ts reads it): PATH to find
   * `mongod` and `go`; each server sees only the part serverEnv lets through.
   */
  env: Env;
  /** Record the server in dataDir/server.json so `herald chat` can attach to `npm start`'s server. */
  shareable?: boolean;
  log: (message: string) => void;
  /** How a first-run build of FerretDB shows its progress (default: as `log` lines). */
  progress?: BuildProgress | undefined;
  /**
   * Restart a database child that dies on its own, and how to say so; without this a crash of
   * the child is final (test setups, one-shot commands).
   */
  supervise?: Pick<SupervisionHooks, 'warn' | 'giveUp'>;
}

export type { BuildProgress, Env };

type Attempt = () => Promise<ServerProcess | string>;

/**
 * Resolves a MongoDB connection: MONGODB_URL; else `mongod` on PATH; else FerretDB 1.x
 * (SQLite) built once into the cache; else mongodb-memory-server. Logs the rung used and why
 * each earlier rung was skipped. The child server stops with `stop()` or on process exit.
 */
export async function provisionDatabase(opts: ProvisionOptions): Promise<ProvisionedDatabase> {
  if (opts.mongodbUrl) {
    opts.log('database: using MONGODB_URL');
    return { url: opts.mongodbUrl, rung: 'MONGODB_URL', attached: true, stop: async () => {} };
  }
  const shared = opts.shareable ? await attachToRunning(opts) : undefined;
  if (shared) return shared;
  const skipped: string[] = ['MONGODB_URL is not set'];
  const rungs: [Exclude<Rung, 'MONGODB_URL'>, Attempt][] = [
    ['mongod', () => tryMongod(opts)],
    ['ferretdb', () => tryFerretdb(opts)],
    ['memory-server', () => tryMemoryServer(opts)],
  ];
  for (const [rung, attempt] of rungs) {
    if (opts.force && opts.force !== 'auto' && opts.force !== rung) continue;
    const outcome = await attempt().catch(
      (error: Error) => `${rung} failed: ${error.message.split('\n')[0]}`,
    );
    if (typeof outcome === 'string') {
      skipped.push(outcome);
      continue;
    }
    opts.log(`database: using ${rung} at ${outcome.url} (skipped: ${skipped.join('; ')})`);
    return publish(opts, rung, outcome);
  }
  throw new Error(
    `No MongoDB-compatible database could be provided:\n  - ${skipped.join('\n  - ')}\nSet MONGODB_URL to a running MongoDB.`,
  );
}

async function tryMongod(opts: ProvisionOptions): Promise<ServerProcess | string> {
  const mongod = await which('mongod', opts.env);
  if (!mongod) return 'no mongod on PATH';
  const dbPath = resolve(opts.dataDir, 'mongod');
  await mkdir(dbPath, { recursive: true });
  const port = await freePort();
  const args = ['--dbpath', dbPath, '--port', String(port), '--bind_ip', '127.0.0.1', '--quiet'];
  return startServerProcess(mongod, args, `mongodb://127.0.0.1:${port}/`, { env: serverEnv(opts.env) });
}

async function tryFerretdb(opts: ProvisionOptions): Promise<ServerProcess | string> {
  const cached = await access(ferretdbBinary(opts.cacheDir)).then(
    () => true,
    () => false,
  );
  if (!cached && !(await which('go', opts.env)))
    return 'FerretDB is not built and Go is not on PATH to build it';
  const binary = await ensureFerretdb(opts.cacheDir, opts.env, opts.log, opts.progress);
  return startFerretdb(binary, resolve(opts.dataDir, 'ferretdb'), opts.env);
}

async function tryMemoryServer(opts: ProvisionOptions): Promise<ServerProcess | string> {
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  const dbPath = resolve(opts.dataDir, 'memory-server');
  await mkdir(dbPath, { recursive: true });
  const server = await MongoMemoryServer.create({ instance: { dbPath, ip: '127.0.0.1' } });
  return { url: server.getUri(), pid: -1, stop: async () => void (await server.stop({ doCleanup: false })) };
}

const serverFile = (opts: ProvisionOptions) => join(resolve(opts.dataDir), 'server.json');

async function attachToRunning(opts: ProvisionOptions): Promise<ProvisionedDatabase | undefined> {
  const info = await readFile(serverFile(opts), 'utf8').then(
    (text) => JSON.parse(text) as { url: string; pid: number; serverPid?: number; rung: Rung },
    () => undefined,
  );
  if (info && !isAlive(info.pid) && info.serverPid && isAlive(info.serverPid)) {
    // The Herald that started it was killed outright: stop the orphan before starting anew.
    opts.log(
      `database: stopping a ${info.rung} server (pid ${info.serverPid}) left behind by a Herald process that was killed`,
    );
    await stopOrphan(info.serverPid);
  }
  if (!info || !isAlive(info.pid) || !(await canPing(info.url))) return undefined;
  opts.log(`database: attached to the ${info.rung} server another Herald process started (pid ${info.pid})`);
  return { url: info.url, rung: info.rung, attached: true, stop: async () => {} };
}

async function publish(
  opts: ProvisionOptions,
  rung: Rung,
  started: ServerProcess,
): Promise<ProvisionedDatabase> {
  const record = (server: ServerProcess) =>
    writeFile(
      serverFile(opts),
      JSON.stringify({ url: server.url, pid: process.pid, serverPid: server.pid, rung }),
    );
  if (opts.shareable) await record(started);
  const server =
    opts.supervise && started.relaunch
      ? supervise(started, rung, {
          ...opts.supervise,
          info: opts.log,
          restarted: async (next) => (opts.shareable ? record(next) : undefined),
        })
      : started;
  return {
    url: server.url,
    rung,
    attached: false,
    stop: async () => {
      // Stopping first ends supervision, so a restart in progress cannot record itself again.
      const stopped = server.stop();
      if (opts.shareable) await rm(serverFile(opts), { force: true });
      await stopped;
    },
  };
}

async function stopOrphan(pid: number): Promise<void> {
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 50 && isAlive(pid); i += 1) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function which(command: string, env: Env): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, command);
    const found = await access(candidate).then(
      () => true,
      () => false,
    );
    if (found) return candidate;
  }
  return undefined;
}
