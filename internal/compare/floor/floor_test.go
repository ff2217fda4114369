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
	assert.GreaterOrEqual(t, n, 5, "floor files: want the five (doc, channel, locked, futex, echo) at least")
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
func TestLockedIsTheCallerAndOnePartner(t *testing.T) {
	l := NewLocked()
	const createdBy = "created by github.com/concurrency-models/book/internal/compare/floor.NewLocked"
	buf := make([]byte, 1<<20)
	stacks := string(buf[:runtime.Stack(buf, true)])
	assert.Equalf(t, 1, strings.Count(stacks, createdBy), "goroutines NewLocked started: want 1, the partner:\n%s", stacks)
	require.NoError(t, l.RoundTrips(16))
	assert.NoError(t, l.Close())
}
