import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Env } from './ferretdb-build.js';
import { freePort, type ServerProcess, serverEnv, startServerProcess } from './server-process.js';

/**
 * Where Herald's clients reach FerretDB: a Unix socket beside its files. Each command then skips
 * loopback TCP in the kernel on both sides, a visible share of the API's CPU. Undefined when the
 * path would pass the kernel's ~108-byte limit; then clients use TCP.
 */
function unixSocketPath(dir: string): string | undefined {
  if (process.platform === 'win32') return undefined;
  const socket = join(dir, 'ferretdb.sock');
  return Buffer.byteLength(socket) <= 100 ? socket : undefined;
}

/**
 * Starts FerretDB (SQLite backend) with its files in `dataDir`, listening on a free loopback port
 * (for tools such as mongosh) and on a Unix socket, which the returned URL names when there is one.
 * `env` is the environment it starts from (config.ts reads it); it sees only serverEnv's part.
 */
export async function startFerretdb(binary: string, dataDir: string, env: Env): Promise<ServerProcess> {
  const dir = resolve(dataDir);
  await mkdir(dir, { recursive: true });
  const port = await freePort();
  const socket = unixSocketPath(dir);
  const args = [
    '--handler=sqlite',
    // WAL is FerretDB's default; synchronous(normal) skips the fsync per commit (still safe
    // against a crashed process, not against power loss): 5x the write rate of the local database.
    // wal_autocheckpoint(0): the log is checkpointed in the background, not inside a commit;
    // journal_size_limit: a log that grew in a burst is cut back to 32 MB once it restarts.
    `--sqlite-url=file:${dir}/?_pragma=synchronous(normal)&_pragma=wal_autocheckpoint(0)&_pragma=journal_size_limit(33554432)`,
    `--state-dir=${dir}`,
    `--listen-addr=127.0.0.1:${port}`,
    '--debug-addr=-',
    '--telemetry=disable',
    // Dotted paths (`recurrence.rrule`, `lease.until`) reach the backend's pushdown in find too.
    '--test-enable-nested-pushdown',
    '--log-level=warn',
  ];
  if (socket) args.push(`--listen-unix=${socket}`);
  const url = socket ? `mongodb://${encodeURIComponent(socket)}/` : `mongodb://127.0.0.1:${port}/`;
  return startServerProcess(binary, args, url, {
    env: goRuntimeEnv(env),
    // A socket left by a killed server (provisioning stops its process first; a supervised
    // restart follows a crash) would refuse the bind.
    prepare: async () => void (socket && (await rm(socket, { force: true }))),
  });
}

/**
 * Go processors for FerretDB. A lowered background thread (change 8 in ferretdb-patches.ts) that the kernel has paused
 * still holds its processor; with only as many processors as cores, two of them would stall
 * every interactive command. With 16, the kernel decides who runs.
 */
const BACKGROUND_PROCS = 16;

/**
 * Go's collector for FerretDB, unless the environment sets its own. With the default (GOGC=100)
 * it collected many times a second under a publish burst and took one of this machine's two
 * cores each time; API requests waited behind it. Collecting at 16 times the live heap instead,
 * capped at 512 MiB, keeps them from waiting, for about 135 MB of resident memory.
 */
function goRuntimeEnv(env: Env): NodeJS.ProcessEnv {
  return {
    ...serverEnv(env),
    GOGC: env.GOGC ?? '1600',
    GOMEMLIMIT: env.GOMEMLIMIT ?? '512MiB',
    GOMAXPROCS: env.GOMAXPROCS ?? String(BACKGROUND_PROCS),
  };
}
