// Herald's addition to FerretDB 1.24, copied into the downloaded source at build time by
// ferretdb-build.ts (package heraldlock, internal/util/heraldlock/heraldlock.go). Not part of Herald's
// TypeScript build.
//
// One write slot per database. SQLite allows one writer at a time; a second writer waits in
// SQLite's busy handler, which sleeps 1, 2, 5 … up to 100 ms between tries however soon the
// first one finishes. Writers now queue for the slot and start the moment the previous write
// ends.
//
// Two more things the slot gives:
//
// Atomic point updates. FerretDB runs findAndModify and update as "read the matching documents,
// then UPDATE … WHERE _id": the filter is not checked again at write time, so two concurrent
// compare-and-sets (`{_id, version: 3}`) could both win. A findAndModify or update whose filter
// names one `_id` now holds the slot from its read to its write (HoldPoint): no other write to
// the database can come in between, so its filter still holds when it writes. Other filters
// (which may read many documents) do not hold it during their read.
//
// Priority. A connection whose client application name ends in "-worker" is background work
// (Herald's publish workers): while interactive writers wait, they get the slot first; a
// waiting background writer still gets every (heraldMaxSkips+1)th turn, so a stream of
// interactive writes slows publishing down but never stops it.
package heraldlock

import (
	"context"
	"sync"
	"time"

	"github.com/FerretDB/FerretDB/internal/clientconn/conninfo"
	"github.com/FerretDB/FerretDB/internal/types"
)

const heraldMaxSkips = 3

type slot struct {
	mu      sync.Mutex
	busy    bool
	high    []chan struct{}
	low     []chan struct{}
	skipped int
}

var slots sync.Map

// heldKey marks a context whose operation already holds the slot of the named database.
type heldKey struct{}

// Lock takes the database's write slot for one backend write and returns its release; it does
// nothing when the context already holds the slot (a HoldPoint around it).
func Lock(ctx context.Context, db string) func() {
	if held, _ := ctx.Value(heldKey{}).(string); held == db {
		return func() {}
	}

	return acquire(ctx, db)
}

// HoldPoint takes the write slot for a read-modify-write whose filter names one `_id` and returns
// a context under which Lock does not take it again, and its release. Other filters get ctx back
// unchanged and a no-op release.
func HoldPoint(ctx context.Context, db string, filter *types.Document) (context.Context, func()) {
	if filter == nil {
		return ctx, func() {}
	}

	id, err := filter.Get("_id")
	if err != nil {
		return ctx, func() {}
	}

	switch id.(type) {
	case string, types.ObjectID:
	default:
		return ctx, func() {}
	}

	if held, _ := ctx.Value(heldKey{}).(string); held == db {
		return ctx, func() {}
	}

	release := acquire(ctx, db)

	return context.WithValue(ctx, heldKey{}, db), release
}

// acquire waits for the slot (or for ctx to end: the operation then fails on its context) and
// returns its release.
func acquire(ctx context.Context, db string) func() {
	v, ok := slots.Load(db)
	if !ok {
		v, _ = slots.LoadOrStore(db, new(slot))
	}

	s := v.(*slot)

	s.mu.Lock()

	if !s.busy {
		s.busy = true
		s.mu.Unlock()

		return s.release
	}

	turn := make(chan struct{})
	if conninfo.HeraldBackground(ctx) {
		s.low = append(s.low, turn)
	} else {
		s.high = append(s.high, turn)
	}

	s.mu.Unlock()

	select {
	case <-turn:
		return s.release
	case <-ctx.Done():
		s.mu.Lock()
		waiting := s.drop(turn)
		s.mu.Unlock()

		if waiting {
			return func() {}
		}

		// The turn came as the context ended: the slot is ours to release.
		return s.release
	}
}

// release hands the slot to the next waiter, interactive ones first.
func (s *slot) release() {
	s.mu.Lock()
	defer s.mu.Unlock()

	var next chan struct{}

	switch {
	case len(s.low) > 0 && (len(s.high) == 0 || s.skipped >= heraldMaxSkips):
		next, s.low = s.low[0], s.low[1:]
		s.skipped = 0
	case len(s.high) > 0:
		next, s.high = s.high[0], s.high[1:]
		if len(s.low) > 0 {
			s.skipped++
		}
	default:
		s.busy = false
		return
	}

	close(next)
}

// drop removes a waiter that gave up; false when its turn had already come.
func (s *slot) drop(turn chan struct{}) bool {
	for _, q := range []*[]chan struct{}{&s.high, &s.low} {
		for i, c := range *q {
			if c == turn {
				*q = append((*q)[:i], (*q)[i+1:]...)
				return true
			}
		}
	}

	return false
}

// Admission. A write slot orders writes, but reads and the CPU are shared by everyone: during a
// publish burst Herald's workers keep many commands running, and an API request's commands wait
// behind them for the two cores of a small machine. Admit lets an interactive command start at
// once and holds back a background connection's next command while interactive ones run, and
// for admitLinger after (an API request is several commands with gaps between them), but never
// longer than admitMaxWait: a steady stream of API calls slows publishing down, it never stops it.
const (
	admitLinger  = 10 * time.Millisecond
	admitMaxWait = 50 * time.Millisecond
)

var admission struct {
	mu         sync.Mutex
	active     int
	quietSince time.Time
}

// While interactive commands run (or ran within admitLinger), background commands also pass
// one at a time (backgroundGate): a worker keeps tens of connections busy during a burst, and
// holding each one back for admitMaxWait still let all of them run at once beside an API
// request. One background command at a time leaves the request the cores it needs and still
// never stops publishing.
var backgroundGate = make(chan struct{}, 1)

// Admit is called before each command a connection runs; the returned func after it.
func Admit(ctx context.Context) func() {
	if conninfo.HeraldBackground(ctx) {
		if waitForQuiet() {
			return func() {}
		}

		backgroundGate <- struct{}{}

		return func() { <-backgroundGate }
	}

	admission.mu.Lock()
	admission.active++
	admission.mu.Unlock()

	return func() {
		admission.mu.Lock()
		admission.active--
		if admission.active == 0 {
			admission.quietSince = time.Now()
		}
		admission.mu.Unlock()
	}
}

// waitForQuiet waits up to admitMaxWait for interactive commands to end; true when they did.
func waitForQuiet() bool {
	deadline := time.Now().Add(admitMaxWait)

	for {
		admission.mu.Lock()
		wait := admitLinger
		if admission.active == 0 {
			wait -= time.Since(admission.quietSince)
		}
		admission.mu.Unlock()

		left := time.Until(deadline)
		if wait <= 0 {
			return true
		}

		if left <= 0 {
			return false
		}

		time.Sleep(min(wait, left))
	}
}
