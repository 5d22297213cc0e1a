import { join } from 'node:path';

/**
 * What Herald changes in FerretDB 1.24 and the SQLite driver it uses, as data: string patches
 * applied to the downloaded source (each one checked before it is applied) and Herald's own Go
 * files copied in beside it. The build that applies them is ferretdb-build.ts. No FerretDB code
 * is committed.
 */

export const FERRETDB_VERSION = 'v1.24.2';
export const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';

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
export const PATCHES = [
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
export const HERALD_SOURCES = [
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
export const PATCH_LEVEL = 'point3';

/** Change 10's edits to the SQLite driver's sqlite.go, applied by `patchSqliteDriver`. */
export const SQLITE_MODULE = 'modernc.org/sqlite';
export const SQLITE_VERSION = 'v1.32.0';
export const SQLITE_PATCHES = [
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

/** Herald's Go file added to the patched SQLite driver (its statement cache). */
export const SQLITE_SOURCE = new URL('./ferretdb-herald-sqlite.go', import.meta.url);
