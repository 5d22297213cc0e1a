// Herald's addition to FerretDB 1.24, copied into the downloaded source at build time by
// ferretdb.ts (package handler, internal/handler/herald.go): the calls the patched handler
// makes into internal/util/heraldlock.
package handler

import (
	"context"

	"github.com/FerretDB/FerretDB/internal/clientconn/conninfo"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/heraldlock"
)

// heraldHoldPoint: see heraldlock.HoldPoint.
func heraldHoldPoint(ctx context.Context, db string, filter *types.Document) (context.Context, func()) {
	return heraldlock.HoldPoint(ctx, db, filter)
}

// heraldNoteClient records the application name of the client metadata `client` (a hello's
// `client` field) on the connection.
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
		if s, ok := name.(string); ok {
			connInfo.HeraldNoteApplication(s)
		}
	}
}
