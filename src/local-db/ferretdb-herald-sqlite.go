// Herald's prepared-statement cache for modernc.org/sqlite v1.32.0, the SQLite driver FerretDB's
// backend uses. Added at build time to a copy of that package beside FerretDB's source, which
// FerretDB's go.mod then points at with `go mod edit -replace` (patchSqliteDriver in
// ferretdb-build.ts).
//
// The driver prepares every statement anew and finalizes it when its rows or result are done,
// so each command FerretDB runs paid SQLite's parser and code generator again for the same few
// SQL texts (a find by _id, an update of one row, an insert). Here a connection keeps a
// statement it prepared from a whole single-statement text: finalizing it resets it and clears
// its bindings instead, and the next prepare of the same text on that connection takes it back.
//
// Safe because a statement is only ever used by the connection that prepared it, and a
// connection by one goroutine at a time (database/sql); reset ends the statement exactly as
// finalize does (its read transaction and locks are released); bindings are SQLITE_STATIC
// pointers the driver frees after the step, and clearing them forgets those pointers; SQLite
// re-prepares a cached statement itself when the schema changed (prepare_v2).
package sqlite

import (
	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

const (
	// heraldStmtMax bounds the statements one connection keeps idle.
	heraldStmtMax = 64
	// heraldStmtPerText bounds idle copies of one text (a cursor open while the same text runs).
	heraldStmtPerText = 4
)

type heraldStmtCache struct {
	idle  map[string][]uintptr
	inUse map[uintptr]string
	count int
}

// prepareV2 returns an idle statement for the text at *zSQL when the connection has one
// (advancing *zSQL past the text, as sqlite3_prepare_v2 sets its tail), else prepares it.
func (c *conn) prepareV2(zSQL *uintptr) (uintptr, error) {
	h := &c.heraldStmts
	text := libc.GoString(*zSQL)
	if list := h.idle[text]; len(list) > 0 {
		pstmt := list[len(list)-1]
		h.idle[text] = list[:len(list)-1]
		h.count--
		h.inUse[pstmt] = text
		*zSQL += uintptr(len(text))
		return pstmt, nil
	}
	start := *zSQL
	pstmt, err := c.prepareV2Uncached(zSQL)
	if err != nil || pstmt == 0 || *zSQL != start+uintptr(len(text)) {
		// An error, an empty text, or one statement of several: not cached.
		return pstmt, err
	}
	if h.inUse == nil {
		h.idle = map[string][]uintptr{}
		h.inUse = map[uintptr]string{}
	}
	h.inUse[pstmt] = text
	return pstmt, nil
}

// finalize keeps a cached statement idle for its text, reset and with no bindings; any other
// statement, or one whose reset reports an error, is finalized.
func (c *conn) finalize(pstmt uintptr) error {
	h := &c.heraldStmts
	text, ok := h.inUse[pstmt]
	if !ok {
		return c.finalizeUncached(pstmt)
	}
	delete(h.inUse, pstmt)
	if rc := sqlite3.Xsqlite3_reset(c.tls, pstmt); rc != sqlite3.SQLITE_OK {
		err := c.errstr(rc)
		sqlite3.Xsqlite3_finalize(c.tls, pstmt)
		return err
	}
	if h.count >= heraldStmtMax || len(h.idle[text]) >= heraldStmtPerText {
		return c.finalizeUncached(pstmt)
	}
	sqlite3.Xsqlite3_clear_bindings(c.tls, pstmt)
	h.idle[text] = append(h.idle[text], pstmt)
	h.count++
	return nil
}

// heraldFinalizeIdle finalizes the idle statements before the connection closes.
func (c *conn) heraldFinalizeIdle() {
	h := &c.heraldStmts
	for _, list := range h.idle {
		for _, pstmt := range list {
			sqlite3.Xsqlite3_finalize(c.tls, pstmt)
		}
	}
	h.idle = map[string][]uintptr{}
	h.count = 0
}
