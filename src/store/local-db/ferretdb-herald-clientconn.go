// Herald's addition to FerretDB 1.24, copied into the downloaded source at build time by
// ferretdb.ts (package clientconn, internal/clientconn/herald.go): the call the patched
// connection loop makes into internal/util/heraldlock before each command.
package clientconn

import (
	"context"

	"github.com/FerretDB/FerretDB/internal/util/heraldlock"
)

// heraldAdmit: see heraldlock.Admit.
func heraldAdmit(ctx context.Context) func() {
	return heraldlock.Admit(ctx)
}
