import { spawn } from 'node:child_process';
import { access, cp, mkdir, readdir, readFile, rm, rmdir, stat, symlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { freePort, type ServerProcess, serverEnv, startServerProcess } from './server-process.js';

export const FERRETDB_VERSION = 'v1.24.2';
const MODULE = 'github.com/FerretDB/FerretDB';

type Log = (message: string) => void;

/** How the one-time build says what it is doing: each step, each line Go prints, the end. */
export interface BuildProgress {
  /** A new step; `counting` names what each line of its output is (`packages`). */
  step(name: string, counting?: string): void;
  output(line: string): void;
  done(summary: string): void;
}

/** The build said as log lines: each step, every 25th line of Go's output, the end. */
export function loggedProgress(log: Log): BuildProgress {
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

/**
 * Changes to FerretDB 1.24's SQLite backend, applied to the downloaded source at build time
 * (no FerretDB code is committed; `ferretdb-herald.go` beside this file is Herald's own).
 * The pushdown (1, 2) only narrows the rows the backend hands to FerretDB's handler, which
 * always filters them again with the full query (that is why FerretDB can run with
 * --disable-pushdown): results stay the same, scans go away. `test/integration/store/ferretdb-pushdown.test.ts` checks that.
 *
 * 1. The backend filters `_id` with `_ferretdb_sjson->'$._id'` while its unique `_id` index is
 *    on `_ferretdb_sjson->"_id"`. SQLite uses an expression index only for the very same
 *    expression, so every lookup, update and delete by `_id` scanned the table.
 * 2. Only a filter made of a plain `_id` alone was pushed down, so Agenda's updates
 *    (`{_id, name}`) and every query by another field (`{name: "herald.publish.7", …}`,
 *    `{workspaceId, postId}`) decoded the whole collection in Go, about 40 µs per document.
 *    `heraldPushdown` pushes `_id` plus top-level string equality and `$in` down to SQL, where
 *    the expression indexes FerretDB creates for `createIndexes` answer them.
 *    A filter naming one `_id` pushes that alone: its unique index finds the row, and the
 *    other conditions would only make SQLite parse the row's JSON.
 * 3. Inserts, updates and deletes of one database queue for a write slot (`heraldlock`)
 *    instead of in SQLite's busy handler, which sleeps up to 100 ms between tries. A
 *    findAndModify or update of one `_id` holds the slot from its read to its write, which makes
 *    it atomic (buildInfo says so: `heraldAtomicPointUpdates`), and connections of Herald's
 *    workers (application name `herald-worker`) wait behind interactive ones.
 * 4. No limit on pooled SQLite connections (FerretDB's is 100): see the patch's comment.
 * 5. No leak tracking (stack traces and finalizers per cursor): see the patch's comment.
 * 6. WAL checkpoints run in the background (`ferretdb-herald-pool.go`), not inside a commit.
 * 7. A background connection's next command waits while interactive commands run (or ran in the
 *    last 10 ms), up to 50 ms, and then runs one background command at a time until they stop
 *    (`heraldlock.Admit`): API calls during a publish burst do not queue behind the workers.
 *    The price: while API requests keep coming back to back, a burst drains more slowly.
 * 8. A background connection runs on a thread of its own at nice 10 (`heraldlock.LowerThread`, Linux;
 *    HERALD_BACKGROUND_NICE, 0 turns it off): once its command runs, the kernel still gives
 *    the cores to interactive commands first. Needs GOMAXPROCS above the cores (BACKGROUND_PROCS).
 * 9. Agenda's lock query (a findAndModify sorted `{nextRunAt: 1, priority: -1}`) asks SQLite for
 *    its rows in that order and takes the first that matches the whole filter, instead of
 *    decoding and sorting every due wake-up of the job name in Go (`ferretdb-herald-order.go`).
 * 10. The SQLite driver keeps each connection's prepared statements (`ferretdb-herald-sqlite.go`,
 *    SQLITE_PATCHES): a statement is parsed and planned once per connection, not per command.
 *
 * Bump PATCH_LEVEL when the patches change, so cached binaries are rebuilt.
 */
const PATCHES = [
  {
    file: join('internal', 'backends', 'sqlite', 'metadata', 'metadata.go'),
    from: `IDColumn = DefaultColumn + "->'$._id'"`,
    to: 'IDColumn = DefaultColumn + `->"_id"`',
  },
  {
    // The first occurrence is collection.Query; the second (Explain) only reports.
    file: join('internal', 'backends', 'sqlite', 'collection.go'),
    from: [
      '\tvar whereClause string',
      '\tvar args []any',
      '',
      '\t// that logic should exist in one place',
      '\t// TODO https://github.com/FerretDB/FerretDB/issues/3235',
      '\tif params.Filter.Len() == 1 {',
      '\t\tv, _ := params.Filter.Get("_id")',
      '\t\tswitch v.(type) {',
      '\t\tcase string, types.ObjectID:',
      '\t\t\twhereClause = fmt.Sprintf(` WHERE %s = ?`, metadata.IDColumn)',
      '\t\t\targs = []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}',
      '\t\t}',
      '\t}',
    ].join('\n'),
    to: '\twhereClause, args := heraldPushdown(params.Filter)',
  },
  {
    // A findAndModify or update holds one pooled connection for its read while it takes a
    // second to write; with 100 of them in flight the pool of 100 had none left and every one
    // waited forever (a 10,000-post burst hung twice). SQLite connections are cheap: no limit.
    file: join('internal', 'backends', 'sqlite', 'metadata', 'pool', 'opendb.go'),
    from: 'db.SetMaxOpenConns(100)',
    to: 'db.SetMaxOpenConns(0)',
  },
  {
    // Checkpoints in the background: see ferretdb-herald-pool.go.
    file: join('internal', 'backends', 'sqlite', 'metadata', 'pool', 'opendb.go'),
    from: '\tif err = db.Ping(); err != nil {\n\t\t_ = db.Close()\n\t\treturn nil, lazyerrors.Error(err)\n\t}\n',
    to: '\tif err = db.Ping(); err != nil {\n\t\t_ = db.Close()\n\t\treturn nil, lazyerrors.Error(err)\n\t}\n\n\tif !memory {\n\t\tgo heraldCheckpoints(db)\n\t}\n',
  },
  ...['Track', 'Untrack'].map((fn) => ({
    // FerretDB's leak tracker records a stack trace in a pprof profile for every cursor,
    // iterator and connection (12% of its CPU on a findOne loop here) and sets a finalizer that
    // panics the server when one is never closed. Herald's build does not track.
    file: join('internal', 'util', 'resource', 'resource.go'),
    from: `func ${fn}(obj any, token *Token) {\n\tcheckArgs(obj, token)`,
    to: `func ${fn}(obj any, token *Token) {\n\tif heraldTrack {\n\t\tcheckArgs(obj, token)\n\t} else {\n\t\treturn\n\t}`,
  })),
  {
    file: join('internal', 'util', 'resource', 'resource.go'),
    from: 'var profilesM sync.Mutex',
    to: "var profilesM sync.Mutex\n\n// heraldTrack is false in Herald's build: see ferretdb.ts.\nconst heraldTrack = false",
  },
  ...['InsertAll', 'UpdateAll', 'DeleteAll'].map((op) => ({
    file: join('internal', 'backends', 'sqlite', 'collection.go'),
    from: `func (c *collection) ${op}(ctx context.Context, params *backends.${op}Params) (*backends.${op}Result, error) {`,
    to: `func (c *collection) ${op}(ctx context.Context, params *backends.${op}Params) (*backends.${op}Result, error) {\n\tdefer heraldLockWrites(ctx, c.dbName)()\n`,
  })),
  {
    // A findAndModify of one `_id` holds the write slot from its read to its write.
    file: join('internal', 'handler', 'msg_findandmodify.go'),
    from: '\tqueryRes, err := c.Query(ctx, &qp)',
    to: '\tctx, heraldRelease := heraldHoldPoint(ctx, params.DB, params.Query)\n\tdefer heraldRelease()\n\n\tctx, heraldOrdered := heraldLockOrder(ctx, params.Sort)\n\n\tqueryRes, err := c.Query(ctx, &qp)',
  },
  {
    // Agenda's lock query takes the first matching row in SQLite's order (heraldlock.WithLockOrder).
    file: join('internal', 'handler', 'msg_findandmodify.go'),
    from: '\titer, err = common.SortIterator(iter, closer, params.Sort)',
    to: '\titer, err = heraldSortIterator(heraldOrdered, iter, closer, params.Sort)',
  },
  {
    file: join('internal', 'backends', 'sqlite', 'collection.go'),
    from: '\tq += prepareOrderByClause(params.Sort)\n',
    to: '\tq += heraldOrderBy(ctx, params.Sort)\n',
  },
  {
    // The same for each statement of an update, released as soon as that statement has written.
    file: join('internal', 'handler', 'msg_update.go'),
    from: '\t\tres, err := c.Query(ctx, &qp)\n\t\tif err != nil {\n\t\t\treturn',
    to: '\t\tpointCtx, heraldRelease := heraldHoldPoint(ctx, params.DB, u.Filter)\n\n\t\tres, err := c.Query(pointCtx, &qp)\n\t\tif err != nil {\n\t\t\theraldRelease()\n\t\t\treturn',
  },
  {
    file: join('internal', 'handler', 'msg_update.go'),
    from: '\t\tresult, err := common.UpdateDocument(ctx, c, "update", iter, &u)\n',
    to: '\t\tresult, err := common.UpdateDocument(pointCtx, c, "update", iter, &u)\n\t\theraldRelease()\n',
  },
  {
    // Which connections are background work (the client's application name).
    file: join('internal', 'handler', 'msg_ismaster.go'),
    from: '\tconnInfo.SetMetadataRecv()\n',
    to: '\tconnInfo.SetMetadataRecv()\n\theraldNoteClient(connInfo, c)\n',
  },
  {
    file: join('internal', 'clientconn', 'conninfo', 'conn_info.go'),
    from: '\tmetadataRecv bool // protected by rw\n',
    to: '\tmetadataRecv bool // protected by rw\n\n\theraldBackground bool // protected by rw\n',
  },
  {
    // Background connections' commands wait while interactive ones run (heraldlock.Admit).
    file: join('internal', 'clientconn', 'conn.go'),
    from: '\t\t\tresHeader, resBody, resCloseConn = c.route(ctx, reqHeader, reqBody)\n',
    to: '\t\t\tresHeader, resBody, resCloseConn = heraldRoute(c, ctx, reqHeader, reqBody)\n',
  },
  {
    // How Herald knows this build's point updates are atomic (src/store/cas.ts).
    file: join('internal', 'handler', 'msg_buildinfo.go'),
    from: '\t\t\t"ferretdbVersion", version.Get().Version,\n',
    to: '\t\t\t"ferretdbVersion", version.Get().Version,\n\t\t\t"heraldAtomicPointUpdates", true,\n',
  },
];
/** Herald's Go files added to FerretDB's source; see each one's header. */
const HERALD_SOURCES = [
  {
    from: new URL('./ferretdb-herald-lock.go', import.meta.url),
    to: join('internal', 'util', 'heraldlock', 'heraldlock.go'),
  },
  {
    from: new URL('./ferretdb-herald-order.go', import.meta.url),
    to: join('internal', 'util', 'heraldlock', 'order.go'),
  },
  {
    from: new URL('./ferretdb-herald-lower-linux.go', import.meta.url),
    to: join('internal', 'util', 'heraldlock', 'lower_linux.go'),
  },
  {
    from: new URL('./ferretdb-herald-lower-other.go', import.meta.url),
    to: join('internal', 'util', 'heraldlock', 'lower_other.go'),
  },
  {
    from: new URL('./ferretdb-herald-conninfo.go', import.meta.url),
    to: join('internal', 'clientconn', 'conninfo', 'herald.go'),
  },
  {
    from: new URL('./ferretdb-herald-clientconn.go', import.meta.url),
    to: join('internal', 'clientconn', 'herald.go'),
  },
  {
    from: new URL('./ferretdb-herald-handler.go', import.meta.url),
    to: join('internal', 'handler', 'herald.go'),
  },
  {
    from: new URL('./ferretdb-herald.go', import.meta.url),
    to: join('internal', 'backends', 'sqlite', 'herald.go'),
  },
  {
    from: new URL('./ferretdb-herald-pool.go', import.meta.url),
    to: join('internal', 'backends', 'sqlite', 'metadata', 'pool', 'herald.go'),
  },
];
const PATCH_LEVEL = 'point3';

/** Change 10's edits to the SQLite driver's sqlite.go, applied by `patchSqliteDriver`. */
const SQLITE_MODULE = 'modernc.org/sqlite';
const SQLITE_VERSION = 'v1.32.0';
const SQLITE_PATCHES = [
  {
    from: '\tbeginMode       string\n}\n',
    to: '\tbeginMode       string\n\n\theraldStmts heraldStmtCache\n}\n',
  },
  {
    from: 'func (c *conn) finalize(pstmt uintptr) error {',
    to: 'func (c *conn) finalizeUncached(pstmt uintptr) error {',
  },
  {
    from: 'func (c *conn) prepareV2(zSQL *uintptr) (pstmt uintptr, err error) {',
    to: 'func (c *conn) prepareV2Uncached(zSQL *uintptr) (pstmt uintptr, err error) {',
  },
  {
    from: '\tif c.db != 0 {\n\t\tif err := c.closeV2(c.db); err != nil {',
    to: '\tif c.db != 0 {\n\t\tc.heraldFinalizeIdle()\n\t\tif err := c.closeV2(c.db); err != nil {',
  },
];

/** Path of the cached FerretDB binary under `cacheDir`. */
export function ferretdbBinary(cacheDir: string): string {
  return resolve(cacheDir, 'ferretdb', `${FERRETDB_VERSION}-${PATCH_LEVEL}`, 'ferretdb');
}

/**
 * Returns the cached FerretDB binary, building it once with Go when absent.
 * `go install …@v1.24.2` cannot be used as-is: the module zip lacks the generated
 * build/version/version.txt (the binary panics at start without it), and `go install pkg@v`
 * needs the module's version list, which some proxies refuse. So: download that exact
 * version, copy it into the cache, write version.txt, `go build`.
 */
export async function ensureFerretdb(
  cacheDir: string,
  log: Log,
  progress: BuildProgress = loggedProgress(log),
): Promise<string> {
  const binary = ferretdbBinary(cacheDir);
  if (await exists(binary)) return binary;
  const lock = resolve(cacheDir, 'ferretdb', 'build.lock');
  await mkdir(resolve(cacheDir, 'ferretdb'), { recursive: true });
  await acquireLock(lock, log);
  try {
    if (await exists(binary)) return binary;
    await build(cacheDir, binary, log, progress);
    return binary;
  } finally {
    await rmdir(lock).catch(() => {});
  }
}

async function build(cacheDir: string, binary: string, log: Log, progress: BuildProgress): Promise<void> {
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 1000);
  const abs = resolve(cacheDir);
  const env = {
    ...process.env,
    GOMODCACHE: join(abs, 'go', 'mod'),
    GOCACHE: join(abs, 'go', 'build'),
    GOFLAGS: '-modcacherw',
    GOTOOLCHAIN: 'local',
    CGO_ENABLED: '0',
  };
  log(`building FerretDB ${FERRETDB_VERSION} with Go into ${binary} (first run only; about 1-3 minutes)`);
  try {
    progress.step(`downloading FerretDB ${FERRETDB_VERSION}`);
    const info = JSON.parse(
      await run('go', ['mod', 'download', '-json', `${MODULE}@${FERRETDB_VERSION}`], env, abs, progress),
    );
    const src = join(abs, 'ferretdb', `src-${FERRETDB_VERSION}`);
    await rm(src, { recursive: true, force: true });
    await cp(info.Dir, src, { recursive: true });
    await writeFile(join(src, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    progress.step('patching its source');
    await patchSource(src);
    progress.step(`adding the patched ${SQLITE_MODULE}`);
    await patchSqliteDriver(src, env, progress);
    progress.step('compiling', 'packages');
    await run('go', ['build', '-v', '-trimpath', '-o', binary, './cmd/ferretdb'], env, src, progress);
    await rm(src, { recursive: true, force: true });
  } catch (error) {
    progress.done(`FerretDB build failed after ${seconds()} s`);
    throw error;
  }
  progress.done(`FerretDB built in ${seconds()} s`);
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
  await writeFile(
    join(dir, 'herald.go'),
    await readFile(new URL('./ferretdb-herald-sqlite.go', import.meta.url)),
  );
  await run('go', ['mod', 'edit', `-replace=${SQLITE_MODULE}=./herald-sqlite`], env, src, progress);
}

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
 */
export async function startFerretdb(binary: string, dataDir: string): Promise<ServerProcess> {
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
    env: goRuntimeEnv(process.env),
    // A socket left by a killed server (provisioning stops its process first; a supervised
    // restart follows a crash) would refuse the bind.
    prepare: async () => void (socket && (await rm(socket, { force: true }))),
  });
}

/**
 * Go processors for FerretDB. A lowered background thread (patch 8) that the kernel has paused
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
function goRuntimeEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...serverEnv(env),
    GOGC: env.GOGC ?? '1600',
    GOMEMLIMIT: env.GOMEMLIMIT ?? '512MiB',
    GOMAXPROCS: env.GOMAXPROCS ?? String(BACKGROUND_PROCS),
  };
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
