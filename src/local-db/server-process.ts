import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { MongoClient } from 'mongodb';

/** A database server Herald started as a child process. */
export interface ServerProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
  /** Settles once the child is gone, whoever ended it, with how it ended ("exited with SIGKILL"). */
  exited?: Promise<string>;
  /** Starts the same command again: same arguments, so the same port, socket and data directory. */
  relaunch?(opts?: { timeoutMs?: number }): Promise<ServerProcess>;
}

interface ServerProcessOptions {
  timeoutMs?: number;
  /** The server's whole environment: `serverEnv` of the one Herald starts from, and its own settings. */
  env: NodeJS.ProcessEnv;
  /** Runs before every launch, the first and each relaunch (e.g. removing a stale socket file). */
  prepare?: () => Promise<void>;
}

const children = new Set<ChildProcess>();
let exitHookInstalled = false;

/** On any exit path the children go too: a stray database server is never left behind. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of children) child.kill('SIGTERM');
  });
}

/** A free TCP port on 127.0.0.1 (bound and released; the child binds it right after). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** What a database server child may see of Herald's environment: system and Go runtime variables. */
const SERVER_ENV =
  /^(PATH|HOME|USER|LOGNAME|TMPDIR|TMP|TEMP|TZ|LANG|LC_[A-Z]+|GOGC|GOMEMLIMIT|GOMAXPROCS|GODEBUG|GOTRACEBACK|HERALD_BACKGROUND_NICE)$/;

/**
 * The environment for a database server: Herald's own settings (credential key, chat tokens,
 * MONGODB_URL with its password) stay in Herald; the server gets only what a process needs.
 */
export function serverEnv(env: Readonly<Record<string, string | undefined>>): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => SERVER_ENV.test(name)));
}

/**
 * Starts `command args` and resolves once a MongoDB client can ping it at `url`.
 * Rejects with the tail of the child's output when it exits or does not answer in time.
 */
export async function startServerProcess(
  command: string,
  args: string[],
  url: string,
  opts: ServerProcessOptions,
): Promise<ServerProcess> {
  installExitHook();
  await opts.prepare?.();
  const child = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: opts.env,
  });
  children.add(child);
  const output = tailOf(child);
  let exitedHow: string | undefined;
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      exitedHow = `exited with ${signal ?? `code ${code}`}`;
      children.delete(child);
      resolve(exitedHow);
    });
  });
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitedHow) throw new Error(`${command} ${exitedHow} before it was ready:\n${output()}`);
    if (await canPing(url)) {
      const relaunch = (more: { timeoutMs?: number } = {}) =>
        startServerProcess(command, args, url, { ...opts, ...more });
      return { url, pid: child.pid ?? -1, stop: () => stopChild(child), exited, relaunch };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stopChild(child);
  throw new Error(`${command} did not answer on ${url} within ${timeoutMs} ms:\n${output()}`);
}

/** The last 4,000 characters the child wrote, for the message when it fails to start. */
function tailOf(child: ChildProcess): () => string {
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => output;
}

export async function canPing(url: string): Promise<boolean> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => {});
  }
}

/** SIGTERM, then SIGKILL after 10 s; resolves when the child is gone. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      children.delete(child);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
