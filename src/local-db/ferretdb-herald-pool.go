// Herald's addition to FerretDB 1.24's SQLite connection pool, copied into the downloaded source
// at build time by ferretdb-build.ts (package pool, file herald.go). Not part of Herald's TypeScript
// build.
//
// Background WAL checkpoints. SQLite checkpoints the write-ahead log from inside a commit once
// the log passes 1,000 pages, so one unlucky write (an API cancel, say) copies megabytes back into
// the database file and fsyncs it: a third of FerretDB's CPU on an update loop over 100,000
// documents, and the tail of every write's latency. Herald starts FerretDB with
// `_pragma=wal_autocheckpoint(0)` and checkpoints each database here instead, PASSIVE (it never
// blocks readers or writers), off every request's path.

package pool

import (
	"context"
	"database/sql"
	"strings"
	"time"
)

// heraldCheckpointEvery is how often each database's log is copied back.
const heraldCheckpointEvery = 250 * time.Millisecond

// heraldCheckpoints checkpoints db until it is closed.
func heraldCheckpoints(db *sql.DB) {
	ticker := time.NewTicker(heraldCheckpointEvery)
	defer ticker.Stop()

	for range ticker.C {
		// Other errors (a busy log) only mean this round copied less; the next one goes on.
		_, err := db.ExecContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)")
		if err != nil && strings.Contains(err.Error(), "database is closed") {
			return
		}
	}
}
