// Herald's addition to FerretDB 1.24, copied into the downloaded source at build time by
// ferretdb-build.ts (package clientconn, internal/clientconn/herald.go): the patched connection loop
// routes each command through heraldRoute, which admits it first (internal/util/heraldlock).
package clientconn

import (
	"context"

	"github.com/FerretDB/wire"

	"github.com/FerretDB/FerretDB/internal/util/heraldlock"
)

// heraldRoute runs c.route once heraldlock.Admit lets the command start, and tells Admit it ended
// even when route panics (the connection's own recover then closes it), so the count of running
// interactive commands never stays up.
func heraldRoute(c *conn, ctx context.Context, reqHeader *wire.MsgHeader, reqBody wire.MsgBody) (*wire.MsgHeader, wire.MsgBody, bool) { //nolint:lll // argument list is too long
	done := heraldlock.Admit(ctx)
	defer done()

	return c.route(ctx, reqHeader, reqBody)
}
