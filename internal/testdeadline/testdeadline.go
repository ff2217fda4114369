// Package testdeadline gives a test that might hang a deadline of its own, so that a hang
// fails in seconds, naming what is stuck, instead of showing only when go test's 10-minute
// timeout kills the binary. Only tests import it.
package testdeadline

import (
	"fmt"
	"runtime/debug"
	"testing"
	"time"
)

// Short is the deadline of steps that take milliseconds: wide enough for a loaded machine and
// the race detector, short enough to fail quickly.
const Short = 10 * time.Second

// Long is the deadline of a whole test that runs a demo, an event loop or a pool (see Bound):
// such a test takes seconds, tens of them under the race detector on a loaded machine.
const Long = 2 * time.Minute

// Bound ends the test binary, with every goroutine's stack, if t — its subtests and cleanups
// included — has not finished within d. Within bounds one step and fails the test, but the step
// goes on running, and a test whose loop or demo hangs outside any Within, or in a cleanup that
// waits for it, would otherwise hold the binary until go test's 10-minute timeout. Call it
// first thing in every test that runs a demo, a loop or a pool:
//
//	testdeadline.Bound(t, testdeadline.Long)
func Bound(t testing.TB, d time.Duration) {
	t.Cleanup(Guard(d, "test "+t.Name()))
}

// Within runs f on another goroutine and fails the test, naming what is stuck, if f has not
// returned after d. f keeps running after the failure (a goroutine cannot be stopped from
// outside), so f should not touch the test's t.
func Within(t testing.TB, d time.Duration, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("stuck for %v: %s", d, what)
	}
}

// Guard panics, naming what is stuck, unless the returned stop function is called within d.
// It is for code that must run on the test's own goroutine, which Within cannot watch: the
// panic ends the test binary with every goroutine's stack, the quickest clear failure of a
// goroutine blocked for ever. Use it as
//
//	defer testdeadline.Guard(testdeadline.Short, "the producers")()
func Guard(d time.Duration, what string) (stop func()) {
	timer := time.AfterFunc(d, func() {
		debug.SetTraceback("all")
		panic(fmt.Sprintf("%s: still running after %v (stacks below)", what, d))
	})
	return func() { timer.Stop() }
}
