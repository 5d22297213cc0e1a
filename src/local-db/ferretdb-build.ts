import { spawn } from 'node:child_process';
import { access, cp, mkdir, readdir, readFile, rm, rmdir, stat, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import {
  FERRETDB_MODULE,
  FERRETDB_VERSION,
  HERALD_SOURCES,
  PATCH_LEVEL,
  PATCHES,
  SQLITE_MODULE,
  SQLITE_PATCHES,
  SQLITE_SOURCE,
  SQLITE_VERSION,
} from './ferretdb-patches.js';

/** The environment the build starts from (config.ts reads it). */
export type Env = Readonly<Record<string, string | undefined>>;

type Log = (message: string) => void;

/** How the one-time build says what it is doing: each step, each line Go prints, the end. */
export interface BuildProgress {
  /** A new step; `counting` names what each line of its output is (`packages`). */
  step(name: string, counting?: string): void;
  output(line: string): void;
  done(summary: string): void;
}

/** The build said as log lines: each step, every 25th line of Go's output, the end. */
function loggedProgress(log: Log): BuildProgress {
  let lines = 0;
  return {
    step: (name) => log(`FerretDB build: ${name}`),
    output: (line) => {
      lines += 1;
      if (lines % 25 === 1) log(`  go: ${line} (${lines} lines so far)`);
    },
    done: log,
  };
}

/** Path of the cached FerretDB binary under `cacheDir`. */
export function ferretdbBinary(cacheDir: string): string {
  return resolve(cacheDir, 'ferretdb', `${FERRETDB_VERSION}-${PATCH_LEVEL}`, 'ferretdb');
}

/**
 * Returns the cached FerretDB binary, building it once with Go when absent.
 * `go install …@v1.24.2` cannot be used as-is: the module zip lacks the generated
 * build/version/version.txt (the binary panics at start without it), and `go install pkg@v`
 * needs the module's version list, which some proxies refuse. So: download that exact
 * version, copy it into the cache, write version.txt, patch, `go build`.
 */
export async function ensureFerretdb(
  cacheDir: string,
  env: Env,
  log: Log,
  progress: BuildProgress = loggedProgress(log),
): Promise<string> {
  const binary = ferretdbBinary(cacheDir);
  if (await exists(binary)) return binary;
  return withBuildLock(cacheDir, log, async () => {
    if (await exists(binary)) return binary;
    log(`building FerretDB ${FERRETDB_VERSION} with Go into ${binary} (first run only; about 1-3 minutes)`);
    const started = Date.now();
    const seconds = () => Math.round((Date.now() - started) / 1000);
    try {
      const src = await patchedSource(cacheDir, 'src', env, progress);
      progress.step('compiling', 'packages');
      await run(
        'go',
        ['build', '-v', '-trimpath', '-o', binary, './cmd/ferretdb'],
        goEnv(cacheDir, env),
        src,
        progress,
      );
      await rm(src, { recursive: true, force: true });
    } catch (error) {
      progress.done(`FerretDB build failed after ${seconds()} s`);
      throw error;
    }
    progress.done(`FerretDB built in ${seconds()} s`);
    return binary;
  });
}

/**
 * `go vet` of Herald's Go files where they are compiled: the FerretDB packages they join and the
 * patched SQLite driver, in the patched source. The driver is transpiled C that turns uintptr
 * into unsafe.Pointer throughout by design, so the unsafeptr check is off (no Herald file imports
 * unsafe). Rejects when vet reports anything; every line it prints is logged.
 */
export async function vetFerretdb(cacheDir: string, env: Env, log: Log): Promise<void> {
  const say: BuildProgress = { step: (name) => log(`vet: ${name}`), output: log, done: log };
  await withBuildLock(cacheDir, log, async () => {
    const src = await patchedSource(cacheDir, 'vet', env, say);
    const packages = [...new Set(HERALD_SOURCES.map((f) => `./${dirname(f.to)}`)), SQLITE_MODULE];
    try {
      say.step(`go vet -unsafeptr=false ${packages.join(' ')}`);
      await run('go', ['vet', '-unsafeptr=false', ...packages], goEnv(cacheDir, env), src, say);
    } finally {
      await rm(src, { recursive: true, force: true });
    }
    say.done("vet: Herald's Go files are clean");
  });
}

/** Go's settings for the build: its caches under `cacheDir`, this machine's toolchain, no cgo. */
function goEnv(cacheDir: string, env: Env): NodeJS.ProcessEnv {
  const abs = resolve(cacheDir);
  return {
    ...env,
    GOMODCACHE: join(abs, 'go', 'mod'),
    GOCACHE: join(abs, 'go', 'build'),
    GOFLAGS: '-modcacherw',
    GOTOOLCHAIN: 'local',
    CGO_ENABLED: '0',
  };
}

/** FerretDB's source with Herald's changes, in `cacheDir/ferretdb/<name>-<version>`. */
async function patchedSource(cacheDir: string, name: string, env: Env, progress: BuildProgress) {
  const abs = resolve(cacheDir);
  const go = goEnv(cacheDir, env);
  progress.step(`downloading FerretDB ${FERRETDB_VERSION}`);
  const info = JSON.parse(
    await run(
      'go',
      ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`],
      go,
      abs,
      progress,
    ),
  );
  const src = join(abs, 'ferretdb', `${name}-${FERRETDB_VERSION}`);
  await rm(src, { recursive: true, force: true });
  await cp(info.Dir, src, { recursive: true });
  await writeFile(join(src, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
  progress.step('patching its source');
  await patchSource(src);
  progress.step(`adding the patched ${SQLITE_MODULE}`);
  await patchSqliteDriver(src, go, progress);
  return src;
}

/** Applies PATCHES; refuses to build if the source is not the one they were written for. */
async function patchSource(src: string): Promise<void> {
  for (const patch of PATCHES) {
    const file = join(src, patch.file);
    await writeFile(file, applyPatch(await readFile(file, 'utf8'), patch, `FerretDB's ${patch.file}`));
  }
  for (const file of HERALD_SOURCES) {
    await mkdir(dirname(join(src, file.to)), { recursive: true });
    await writeFile(join(src, file.to), await readFile(file.from, 'utf8'));
  }
}

/** One string replacement; refuses to build if the source is not the one it was written for. */
function applyPatch(text: string, patch: { from: string; to: string }, where: string): string {
  if (!text.includes(patch.from)) throw new Error(`source changed: "${patch.from}" not found in ${where}`);
  return text.replace(patch.from, patch.to);
}

/**
 * Puts the patched SQLite driver beside FerretDB's source and points its go.mod there. Only the
 * driver's own package is copied; its subpackages (the 234 MB of transpiled SQLite under lib/)
 * are symbolic links into Go's module cache, which is never written to.
 */
async function patchSqliteDriver(
  src: string,
  env: NodeJS.ProcessEnv,
  progress: BuildProgress,
): Promise<void> {
  const info = JSON.parse(await run('go', ['mod', 'download', '-json', SQLITE_MODULE], env, src, progress));
  if (info.Version !== SQLITE_VERSION)
    throw new Error(
      `FerretDB now uses ${SQLITE_MODULE} ${info.Version}; Herald's patch is for ${SQLITE_VERSION}`,
    );
  const dir = join(src, 'herald-sqlite');
  await mkdir(dir, { recursive: true });
  for (const entry of await readdir(info.Dir, { withFileTypes: true })) {
    const from = join(info.Dir, entry.name);
    if (entry.isDirectory()) await symlink(from, join(dir, entry.name), 'dir');
    else if (!entry.name.endsWith('_test.go')) await writeFile(join(dir, entry.name), await readFile(from));
  }
  const driver = SQLITE_PATCHES.reduce(
    (text, patch) => applyPatch(text, patch, `${SQLITE_MODULE}'s sqlite.go`),
    await readFile(join(info.Dir, 'sqlite.go'), 'utf8'),
  );
  await writeFile(join(dir, 'sqlite.go'), driver);
  await writeFile(join(dir, 'herald.go'), await readFile(SQLITE_SOURCE));
  await run('go', ['mod', 'edit', `-replace=${SQLITE_MODULE}=./herald-sqlite`], env, src, progress);
}

function run(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  progress: BuildProgress,
): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n').filter(Boolean)) progress.output(line.trim());
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolvePromise(out)
        : reject(new Error(`${cmd} ${args.join(' ')} failed with code ${code}`)),
    );
  });
}

/** Runs `work` while holding the cache's build lock: one build (or vet) at a time per cache. */
async function withBuildLock<T>(cacheDir: string, log: Log, work: () => Promise<T>): Promise<T> {
  const lock = resolve(cacheDir, 'ferretdb', 'build.lock');
  await mkdir(resolve(cacheDir, 'ferretdb'), { recursive: true });
  await acquireLock(lock, log);
  try {
    return await work();
  } finally {
    await rmdir(lock).catch(() => {});
  }
}

async function acquireLock(lock: string, log: Log): Promise<void> {
  for (let waited = 0; ; waited += 1) {
    try {
      await mkdir(lock);
      return;
    } catch {
      const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: 0 }))).mtimeMs;
      if (age > 15 * 60_000) await rmdir(lock).catch(() => {});
      if (waited % 10 === 0) log('waiting for another process that is building FerretDB');
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
