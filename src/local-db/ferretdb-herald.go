// Herald's addition to FerretDB 1.24's SQLite backend, copied into the downloaded source at
// build time by ferretdb-build.ts (package sqlite, file herald.go). Not part of Herald's
// TypeScript build.
//
// Two changes (changes 1 and 2 in ferretdb-patches.ts):
//
// Filter pushdown. FerretDB's SQLite backend hands every row of a collection to the handler
// unless the filter is a plain `_id`; the handler decodes each row (about 40 µs) and filters it
// in Go. heraldPushdown hands SQL, for fields and dotted paths, also inside `$or`: string equality
// (`{k: "v"}`, `{k: {$eq: "v"}}`, `{k: {$in: ["v", …]}}`), which the indexes FerretDB already
// creates on `_ferretdb_sjson->"k"` answer; null equality; `$exists: true`; and date ranges
// (`{k: {$lte: date}}`), which SQLite checks on the stored JSON long before Go would decode it.
//
// Write queueing, atomic point updates and priority: see heraldLockWrites.
//
// The clause only has to select a superset of the matching rows: the handler always filters
// the rows again with the full query, and pushes a limit down only for an empty filter. So:
//   - a string that JSON would escape (quotes, backslash, control, non-ASCII, and the
//     <, >, & that Go escapes for HTML) is never pushed down: its stored text is then always
//     exactly `"` + value + `"`, the form both sides of the comparison use;
//   - arrays match too (MongoDB matches `{k: "v"}` against ["v", …]): any row whose `k` is
//     JSON text starting with "[" is kept;
//   - other BSON types stored as JSON strings (ObjectId, binData, regex) may be kept as
//     well; the handler drops them.

package sqlite

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/heraldlock"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// heraldPlainKey is a field path whose parts need no quoting in a JSON path and are never
// array indexes: `name`, `data.jobId`.
var heraldPlainKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}(\.[A-Za-z_][A-Za-z0-9_]{0,63}){0,7}$`)

// heraldMaxIn bounds the IN list; longer $in lists are left to the handler.
const heraldMaxIn = 200

// heraldPushdown returns a WHERE clause (with its leading space) and its arguments selecting a
// superset of the rows that match filter, or "" when nothing can be pushed down.
func heraldPushdown(filter *types.Document) (string, []any) {
	conds, args := heraldConds(filter, 0)
	if len(conds) == 0 {
		return "", nil
	}

	return ` WHERE ` + strings.Join(conds, ` AND `), args
}

// heraldConds returns conditions that every matching row meets (to be joined with AND).
// Conditions it cannot express are left out, which only widens the superset.
func heraldConds(filter *types.Document, depth int) ([]string, []any) {
	if filter == nil || depth > 4 {
		return nil, nil
	}

	var conds []string
	var args []any

	if v, err := filter.Get("_id"); err == nil {
		switch v.(type) {
		case string, types.ObjectID:
			// The unique `_id` index finds at most one row: other conditions would only make
			// SQLite parse that row's JSON to check what the handler checks again anyway.
			return []string{fmt.Sprintf(`%s = ?`, metadata.IDColumn)},
				[]any{string(must.NotFail(sjson.MarshalSingleValue(v)))}
		}
	}

	seen := map[string]bool{}

	for _, k := range filter.Keys() {
		if seen[k] {
			continue
		}

		seen[k] = true
		v := must.NotFail(filter.Get(k))

		switch {
		case k == "$or":
			c, a := heraldOr(v, depth)
			conds = append(conds, c...)
			args = append(args, a...)
		case k != "_id" && heraldPlainKey.MatchString(k):
			c, a := heraldField(k, v)
			conds = append(conds, c...)
			args = append(args, a...)
		}
	}

	return conds, args
}

// heraldOr pushes `$or` down only when every branch has a condition (a branch without one
// could match any row).
func heraldOr(v any, depth int) ([]string, []any) {
	branches, ok := v.(*types.Array)
	if !ok || branches.Len() == 0 {
		return nil, nil
	}

	var parts []string
	var args []any

	for i := 0; i < branches.Len(); i++ {
		branch, ok := must.NotFail(branches.Get(i)).(*types.Document)
		if !ok {
			return nil, nil
		}

		c, a := heraldConds(branch, depth+1)
		if len(c) == 0 {
			return nil, nil
		}

		parts = append(parts, `(`+strings.Join(c, ` AND `)+`)`)
		args = append(args, a...)
	}

	return []string{`(` + strings.Join(parts, ` OR `) + `)`}, args
}

// heraldField returns conditions for one field or dotted path: string equality and $in (answered by
// the expression index on `->"k"`), null equality, and $lt/$lte/$gt/$gte against a date
// (evaluated by SQLite on the stored JSON, milliseconds since the epoch, before any decoding).
// Every condition also keeps rows whose value is an array, which MongoDB matches element-wise.
func heraldField(k string, v any) ([]string, []any) {
	parts := strings.Split(k, ".")
	quoted := make([]string, len(parts))

	for i, p := range parts {
		quoted[i] = fmt.Sprintf("%q", p)
	}

	// The same expression as the indexes FerretDB creates on this path.
	col := metadata.DefaultColumn + "->" + strings.Join(quoted, "->")
	val := fmt.Sprintf(`%s->>'$.%s'`, metadata.DefaultColumn, k)

	// MongoDB matches through an array at any step of the path: keep such rows.
	arrays := make([]string, len(parts))
	for i := range parts {
		arrays[i] = fmt.Sprintf(`substr(%s->>'$.%s', 1, 1) = '['`, metadata.DefaultColumn, strings.Join(parts[:i+1], "."))
	}

	array := strings.Join(arrays, " OR ")

	if values, ok := heraldEqualityStrings(v); ok {
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(values)), ", ")
		cond := fmt.Sprintf(`(%[1]s IN (%[2]s) OR (%[1]s >= '[' AND %[1]s < '\'))`, col, marks)
		if len(parts) > 1 {
			cond = fmt.Sprintf(`(%s IN (%s) OR %s)`, col, marks, array)
		}
		args := make([]any, 0, len(values))

		for _, s := range values {
			args = append(args, `"`+s+`"`)
		}

		return []string{cond}, args
	}

	if v == types.Null {
		return []string{fmt.Sprintf(`(%s IS NULL OR %s)`, val, array)}, nil
	}

	ops, ok := v.(*types.Document)
	if !ok || ops.Len() == 0 || !strings.HasPrefix(ops.Keys()[0], "$") {
		return nil, nil
	}

	var conds []string
	var args []any

	for _, op := range ops.Keys() {
		operand := must.NotFail(ops.Get(op))

		if op == "$exists" && operand == true {
			conds = append(conds, fmt.Sprintf(`(json_type(%s, '$.%s') IS NOT NULL OR %s)`, metadata.DefaultColumn, k, array))
			continue
		}

		if op == "$eq" && operand == types.Null {
			conds = append(conds, fmt.Sprintf(`(%s IS NULL OR %s)`, val, array))
			continue
		}

		t, isDate := operand.(time.Time)
		sqlOp := map[string]string{"$lt": "<", "$lte": "<=", "$gt": ">", "$gte": ">="}[op]

		if !isDate || sqlOp == "" {
			continue
		}

		conds = append(conds, fmt.Sprintf(`(%s %s ? OR %s)`, val, sqlOp, array))
		args = append(args, t.UnixMilli())
	}

	return conds, args
}

// heraldEqualityStrings returns the strings a filter value requires the field to equal (one of),
// or false when the value is anything else.
func heraldEqualityStrings(v any) ([]string, bool) {
	switch v := v.(type) {
	case string:
		return []string{v}, heraldSafe(v)
	case *types.Document:
		if v.Len() != 1 {
			return nil, false
		}

		if eq, err := v.Get("$eq"); err == nil {
			s, ok := eq.(string)
			return []string{s}, ok && heraldSafe(s)
		}

		in, err := v.Get("$in")
		if err != nil {
			return nil, false
		}

		arr, ok := in.(*types.Array)
		if !ok || arr.Len() == 0 || arr.Len() > heraldMaxIn {
			return nil, false
		}

		values := make([]string, 0, arr.Len())

		for i := 0; i < arr.Len(); i++ {
			s, ok := must.NotFail(arr.Get(i)).(string)
			if !ok || !heraldSafe(s) {
				return nil, false
			}

			values = append(values, s)
		}

		return values, true
	default:
		return nil, false
	}
}

// heraldSafe reports whether s is printable ASCII that JSON encoders write unescaped.
func heraldSafe(s string) bool {
	if len(s) > 1024 {
		return false
	}

	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}

	return true
}

// heraldLockWrites takes the database's write slot for one write and returns its release: see
// internal/util/heraldlock (ferretdb-herald-lock.go).
func heraldLockWrites(ctx context.Context, dbName string) func() {
	return heraldlock.Lock(ctx, dbName)
}

// heraldOrderBy is the query's ORDER BY clause: FerretDB's own ($natural), else Agenda's lock
// order when the handler asked for it (heraldlock.WithLockOrder), else none.
func heraldOrderBy(ctx context.Context, sort *types.Document) string {
	if clause := prepareOrderByClause(sort); clause != "" {
		return clause
	}

	return heraldlock.LockOrder(ctx, metadata.DefaultColumn)
}
