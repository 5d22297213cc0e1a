//go:build !linux

// Herald's addition to FerretDB 1.24, copied into the downloaded source at build time by
// ferretdb-build.ts (package heraldlock, internal/util/heraldlock/lower_other.go). Not part of Herald's
// TypeScript build.

package heraldlock

// LowerThread does nothing where threads have no nice value of their own (see lower_linux.go).
func LowerThread() {}
