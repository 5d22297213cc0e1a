// Herald's addition to FerretDB 1.24, copied into the downloaded source at build time by
// ferretdb-build.ts (package conninfo, internal/clientconn/conninfo/herald.go): whether a connection
// is background work, from the application name its client sent in its first hello (see
// internal/util/heraldlock).
package conninfo

import (
	"context"
	"strings"
)

// HeraldNoteApplication records the client's application name, and reports whether it makes
// the connection background work.
func (connInfo *ConnInfo) HeraldNoteApplication(name string) bool {
	connInfo.rw.Lock()
	defer connInfo.rw.Unlock()

	connInfo.heraldBackground = strings.HasSuffix(name, "-worker")

	return connInfo.heraldBackground
}

// HeraldBackground reports whether ctx belongs to a background connection (false when ctx
// carries no connection).
func HeraldBackground(ctx context.Context) bool {
	connInfo, _ := ctx.Value(connInfoKey).(*ConnInfo)
	if connInfo == nil {
		return false
	}

	connInfo.rw.RLock()
	defer connInfo.rw.RUnlock()

	return connInfo.heraldBackground
}

