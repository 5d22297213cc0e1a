// Herald's addition to FerretDB 1.24's SQLite backend, copied into the downloaded source at
// build time by ferretdb.ts (package sqlite, file herald_pushdown.go). Not part of Herald's
// TypeScript build.
//
// FerretDB's SQLite backend hands every row of a collection to the handler unless the filter
// is a plain `_id`; the handler decodes each row (about 40 µs on this machine) and filters it
// in Go. This pushes top-level string equality (`{k: "v"}`, `{k: {$eq: "v"}}`,
// `{k: {$in: ["v", …]}}`) down to SQL, where the indexes FerretDB already creates on
// `_ferretdb_sjson->"k"` answer it.
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
	"fmt"
	"regexp"
	"strings"

	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// heraldPlainKey is a top-level field name that needs no quoting in a JSON path.
var heraldPlainKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}$`)

// heraldMaxIn bounds the IN list; longer $in lists are left to the handler.
const heraldMaxIn = 200

// heraldPushdown returns a WHERE clause (with its leading space) and its arguments selecting a
// superset of the rows that match filter, or "" when nothing can be pushed down.
func heraldPushdown(filter *types.Document) (string, []any) {
	if filter == nil {
		return "", nil
	}

	var conds []string
	var args []any

	if v, err := filter.Get("_id"); err == nil {
		switch v.(type) {
		case string, types.ObjectID:
			conds = append(conds, fmt.Sprintf(`%s = ?`, metadata.IDColumn))
			args = append(args, string(must.NotFail(sjson.MarshalSingleValue(v))))
		}
	}

	seen := map[string]bool{}

	for _, k := range filter.Keys() {
		if k == "_id" || seen[k] || !heraldPlainKey.MatchString(k) {
			continue
		}

		seen[k] = true

		values, ok := heraldEqualityStrings(must.NotFail(filter.Get(k)))
		if !ok {
			continue
		}

		col := fmt.Sprintf(`%s->%q`, metadata.DefaultColumn, k)
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(values)), ", ")
		conds = append(conds, fmt.Sprintf(`(%[1]s IN (%[2]s) OR (%[1]s >= '[' AND %[1]s < '\'))`, col, marks))

		for _, s := range values {
			args = append(args, `"`+s+`"`)
		}
	}

	if len(conds) == 0 {
		return "", nil
	}

	return ` WHERE ` + strings.Join(conds, ` AND `), args
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
