// Herald's addition to FerretDB 1.24, copied into the downloaded source at build time by
// ferretdb-build.ts (package heraldlock, internal/util/heraldlock/order.go). Not part of Herald's
// TypeScript build.
//
// Agenda's lock order in SQL. Agenda locks a worker's next job with a findAndModify sorted
// `{nextRunAt: 1, priority: -1}`. FerretDB reads every row the filter's pushdown lets through,
// decodes each in Go (about 40 µs) and sorts them there, then takes the first: during a burst,
// every lock decoded every due wake-up of its job name. For exactly that sort, findAndModify now
// asks SQLite for the rows in that order instead and takes the first that matches the whole
// filter, usually the first row read.
//
// The order is the same as MongoDB's for the values Agenda stores: `nextRunAt` a date (stored
// as milliseconds, a JSON number), null or missing (SQL NULL, first, as in MongoDB), and
// `priority` a number. Other sorts, and every other command, are left as they were.
package heraldlock

import (
	"context"
	"fmt"

	"github.com/FerretDB/FerretDB/internal/types"
)

type orderKey struct{}

// WithLockOrder returns ctx carrying Agenda's lock order when sort is exactly
// `{nextRunAt: 1, priority: -1}`, and whether it does.
func WithLockOrder(ctx context.Context, sort *types.Document) (context.Context, bool) {
	if sort == nil || sort.Len() != 2 {
		return ctx, false
	}

	keys := sort.Keys()
	if keys[0] != "nextRunAt" || keys[1] != "priority" {
		return ctx, false
	}

	if heraldDirection(sort.Map()["nextRunAt"]) != 1 || heraldDirection(sort.Map()["priority"]) != -1 {
		return ctx, false
	}

	return context.WithValue(ctx, orderKey{}, true), true
}

// LockOrder returns the ORDER BY clause (with its leading space) for a query under WithLockOrder,
// or "" otherwise; column is the collection's JSON column.
func LockOrder(ctx context.Context, column string) string {
	if on, _ := ctx.Value(orderKey{}).(bool); !on {
		return ""
	}

	return fmt.Sprintf(` ORDER BY %[1]s->>'$.nextRunAt' ASC, %[1]s->>'$.priority' DESC`, column)
}

// heraldDirection is a sort direction given as any number type, or 0.
func heraldDirection(v any) int {
	switch n := v.(type) {
	case int32:
		return int(n)
	case int64:
		return int(n)
	case float64:
		return int(n)
	}

	return 0
}
