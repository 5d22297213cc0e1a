import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { MongoClient } from 'mongodb';

/** A database server Herald started as a child process. */
export interface ServerProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
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
export function serverEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
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
  opts: { timeoutMs?: number /** Default: `serverEnv(process.env)`. */; env?: NodeJS.ProcessEnv } = {},
): Promise<ServerProcess> {
  installExitHook();
  const child = spawn(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: opts.env ?? serverEnv(process.env),
  });
  children.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `exited with ${signal ?? `code ${code}`}`;
    children.delete(child);
  });
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${command} ${exited} before it was ready:\n${output}`);
    if (await canPing(url)) return { url, pid: child.pid ?? -1, stop: () => stopChild(child) };
    await new Promise((r) => setTimeout(r, 200));
  }
  await stopChild(child);
  throw new Error(`${command} did not answer on ${url} within ${opts.timeoutMs ?? 60_000} ms:\n${output}`);
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
