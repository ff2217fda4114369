package floor

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A floor shares no code with what it bounds: its files import the standard library only, so
// nothing of the book — the executor, the event loop, the plumbing they run on — can make a
// floor cheaper or dearer.
func TestFloorsImportOnlyTheStandardLibrary(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		n++
		af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		require.NoError(t, err)
		for _, imp := range af.Imports {
			path := strings.Trim(imp.Path.Value, `"`)
			first, _, _ := strings.Cut(path, "/")
			assert.NotContainsf(t, first, ".", "%s imports %s: a floor may import the standard library only", f, path)
		}
	}
	assert.GreaterOrEqual(t, n, 6, "floor files: want the six (doc, channel, locked, lockedpartner, futex, echo) at least")
}

// Every floor makes the round trips it is asked for, and closes.
func TestFloorsRoundTrip(t *testing.T) {
	for name, start := range starts() {
		t.Run(name, func(t *testing.T) {
			done := make(chan struct{})
			go func() {
				defer close(done)
				// On another goroutine: assert, never require.
				f, err := start()
				if !assert.NoError(t, err, "start") {
					return
				}
				assert.NoError(t, f.RoundTrips(100), "100 round trips")
				assert.NoError(t, f.Close(), "Close")
			}()
			select {
			case <-done:
			case <-time.After(20 * time.Second):
				t.Fatalf("%s: 100 round trips and Close took over 20 s", name)
			}
		})
	}
}

// starts lists the floors by name, each as a function that starts it.
func starts() map[string]func() (Trip, error) {
	m := map[string]func() (Trip, error){
		"channel": func() (Trip, error) { return NewChannel(), nil },
		"locked":  func() (Trip, error) { return NewLocked(), nil },
		"locked-partner": func() (Trip, error) {
			return NewLockedPartner(), nil
		},
	}
	if runtime.GOOS == "linux" {
		m["futex"] = func() (Trip, error) { return NewFutex() }
		m["echo-blocking"] = func() (Trip, error) { return StartEcho(Blocking) }
		m["echo-osfile"] = func() (Trip, error) { return StartEcho(OSFile) }
	}
	return m
}

// The caller of Locked.RoundTrips is one end of its round trips and the partner the other: no
// goroutine stands between them, whose hand-offs, two per call, would count in the floor and
// make it dearer the smaller the batch (the paired benchmarks call it 16 round trips at a
// time).
//
// Only goroutines this test's own goroutine created are counted: the partners of earlier tests
// (and earlier runs, with -count) may still be on their way out after their Close returned.
func TestLockedIsTheCallerAndOnePartner(t *testing.T) {
	buf := make([]byte, 1<<20)
	self, _, _ := strings.Cut(strings.TrimPrefix(string(buf[:runtime.Stack(buf, false)]), "goroutine "), " ")
	l := NewLocked()
	createdBy := "created by github.com/concurrency-models/book/internal/compare/floor.NewLocked in goroutine " + self + "\n"
	stacks := string(buf[:runtime.Stack(buf, true)])
	assert.Equalf(t, 1, strings.Count(stacks, createdBy), "goroutines NewLocked started: want 1, the partner:\n%s", stacks)
	require.NoError(t, l.RoundTrips(16))
	assert.NoError(t, l.Close())
}

// LockedPartner is the trip of a call to an OS-thread worker: its partner is locked to its
// thread and its caller is not, where Locked's caller is locked too. The runtime marks a locked
// goroutine in a stack dump ("locked to thread", goroutineheader in runtime/traceback.go, when
// g.lockedm is set), so the test plays the partner's part itself: it takes the caller's ping
// and, while the caller waits for the pong, reads whether the runtime has the caller locked.
// The partner's own lock is read the same way, after a round trip with the real partner (its
// pong comes after its LockOSThread).
func TestLockedPartnerLocksOneEndOnly(t *testing.T) {
	for _, tc := range []struct {
		name         string
		roundTrips   func(ping, pong chan struct{}) func(int) error // the caller, with the test as its partner
		start        func() Trip
		createdBy    string // the function that starts the partner
		callerLocked bool
	}{
		{"LockedPartner", func(ping, pong chan struct{}) func(int) error {
			return (&LockedPartner{ping: ping, pong: pong}).RoundTrips
		}, func() Trip { return NewLockedPartner() }, "NewLockedPartner", false},
		{"Locked", func(ping, pong chan struct{}) func(int) error {
			return (&Locked{ping: ping, pong: pong}).RoundTrips
		}, func() Trip { return NewLocked() }, "NewLocked", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ping, pong := make(chan struct{}), make(chan struct{})
			errc := make(chan error, 1)
			go func() { errc <- tc.roundTrips(ping, pong)(1) }()
			select {
			case <-ping:
			case <-time.After(20 * time.Second):
				t.Fatal("no ping in 20 s")
			}
			caller := goroutineWith(t, ").RoundTrips(")
			pong <- struct{}{}
			require.NoError(t, <-errc)
			assert.Equalf(t, tc.callerLocked, strings.Contains(caller, "locked to thread"),
				"the caller locked to its thread, waiting for the pong:\n%s", caller)

			f := tc.start()
			require.NoError(t, f.RoundTrips(1))
			partner := goroutineWith(t, "created by github.com/concurrency-models/book/internal/compare/floor."+tc.createdBy+" ")
			assert.Containsf(t, partner, "locked to thread", "the partner, after a round trip:\n%s", partner)
			assert.NoError(t, f.Close())
		})
	}
}

// goroutineWith is the one goroutine in a dump of all whose stack holds s, header first.
func goroutineWith(t *testing.T, s string) string {
	t.Helper()
	buf := make([]byte, 1<<20)
	all := string(buf[:runtime.Stack(buf, true)])
	var found []string
	for _, g := range strings.Split(all, "\n\n") {
		if strings.Contains(g, s) {
			found = append(found, g)
		}
	}
	require.Lenf(t, found, 1, "goroutines whose stack holds %q:\n%s", s, all)
	return found[0]
}
