// Herald's addition to FerretDB 1.24, copied into the downloaded source at build time by
// ferretdb-build.ts (package handler, internal/handler/herald.go): the calls the patched handler
// makes into internal/util/heraldlock.
package handler

import (
	"context"

	"github.com/FerretDB/FerretDB/internal/clientconn/conninfo"
	"github.com/FerretDB/FerretDB/internal/handler/common"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/heraldlock"
	"github.com/FerretDB/FerretDB/internal/util/iterator"
)

// heraldHoldPoint: see heraldlock.HoldPoint.
func heraldHoldPoint(ctx context.Context, db string, filter *types.Document) (context.Context, func()) {
	return heraldlock.HoldPoint(ctx, db, filter)
}

// heraldLockOrder: see heraldlock.WithLockOrder.
func heraldLockOrder(ctx context.Context, sort *types.Document) (context.Context, bool) {
	return heraldlock.WithLockOrder(ctx, sort)
}

// heraldSortIterator sorts like common.SortIterator, unless the backend already returns the
// rows in that order (heraldlock.WithLockOrder): then the first match is taken as it is read.
func heraldSortIterator(pushed bool, iter types.DocumentsIterator, closer *iterator.MultiCloser, sort *types.Document) (types.DocumentsIterator, error) { //nolint:lll // argument list is too long
	if pushed {
		return iter, nil
	}

	return common.SortIterator(iter, closer, sort)
}

// heraldNoteClient records the application name of the client metadata `client` (a hello's
// `client` field) on the connection, and lowers a background connection's thread
// (heraldlock.LowerThread).
func heraldNoteClient(connInfo *conninfo.ConnInfo, client any) {
	doc, ok := client.(*types.Document)
	if !ok {
		return
	}

	app, err := doc.Get("application")
	if err != nil {
		return
	}

	appDoc, ok := app.(*types.Document)
	if !ok {
		return
	}

	if name, err := appDoc.Get("name"); err == nil {
		// FerretDB accepts client metadata once, in the first hello, on the connection's own
		// goroutine: a background connection moves to its lowered thread here, for good.
		if s, ok := name.(string); ok && connInfo.HeraldNoteApplication(s) {
			heraldlock.LowerThread()
		}
	}
}
