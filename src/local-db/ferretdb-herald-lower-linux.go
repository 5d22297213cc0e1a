//go:build linux

// Herald's addition to FerretDB 1.24, copied into the downloaded source at build time by
// ferretdb-build.ts (package heraldlock, internal/util/heraldlock/lower_linux.go). Not part of Herald's
// TypeScript build.

package heraldlock

import (
	"os"
	"runtime"
	"strconv"
	"syscall"
)

// CPU priority. Admission holds back a background command before it starts; once it runs, it
// shares the cores with interactive ones as an equal. LowerThread pins the calling connection's
// goroutine to its own OS thread (for the rest of the connection: the thread ends with it) and
// gives that thread a higher nice value, so the kernel runs interactive commands first whenever
// both want a core, and background ones get every core nobody else wants. Raising one's own nice
// value needs no privilege. GOMAXPROCS must then exceed the cores (see ferretdb.ts): a lowered
// thread that the kernel has paused still holds its Go processor.
var heraldBackgroundNice = heraldNiceFromEnv()

func heraldNiceFromEnv() int {
	n, err := strconv.Atoi(os.Getenv("HERALD_BACKGROUND_NICE"))
	if err != nil || n < 0 || n > 19 {
		return 10
	}

	return n
}

// LowerThread locks the calling goroutine to its thread and lowers that thread's priority.
func LowerThread() {
	if heraldBackgroundNice == 0 {
		return
	}

	runtime.LockOSThread()
	_ = syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), heraldBackgroundNice)
}
