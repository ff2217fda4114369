// Package exercise is the plumbing behind the book's exercise checks, the
// check_test.go files under chNN-topic/exercises/. Readers never edit it.
//
// It does three things for every check:
//
//   - It tells an exercise nobody has started from a wrong answer. Starter code
//     returns (or panics with) TODO where the reader's code goes. A check whose
//     every part is still TODO is skipped, with a message saying how to start, so
//     `go test ./...` stays green on a fresh clone; a check with some parts
//     written and some still TODO fails. With EXERCISE_STRICT=1 in the
//     environment an unstarted exercise fails instead: CI uses that to prove that
//     every check rejects its starter.
//   - It gives every check its own deadline: code that never finishes ends the
//     test binary with "your code did not finish within 2s" instead of waiting
//     for go test's ten-minute timeout.
//   - It ends every failure with a pointer to the lesson section to read again.
package exercise

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

// StrictEnv is the environment variable that turns the skip of an unstarted
// exercise into a failure (EXERCISE_STRICT=1).
const StrictEnv = "EXERCISE_STRICT"

// Todo is the error of code the reader has not written yet.
type Todo struct {
	What string // what is missing, in the words of the exercise
}

// Error says what is not written yet.
func (e *Todo) Error() string { return "not written yet: " + e.What }

// TODO returns a *Todo error. Starter code returns it, or panics with it, in
// place of the code the reader writes.
func TODO(what string) error { return &Todo{What: what} }

// IsTODO reports whether err is, or wraps, a *Todo.
func IsTODO(err error) bool {
	var todo *Todo
	return errors.As(err, &todo)
}

// Strict reports whether EXERCISE_STRICT=1 is set.
func Strict() bool { return os.Getenv(StrictEnv) == "1" }

// Check is one exercise's check.
type Check struct {
	t      *testing.T
	lesson string
}

// New starts the check of the exercise in the current directory. lesson names
// the lesson section the exercise practises; every failure ends with it.
func New(t *testing.T, lesson string) *Check {
	t.Helper()
	c := &Check{t: t, lesson: lesson}
	t.Cleanup(func() {
		t.Helper()
		if t.Failed() && !t.Skipped() {
			t.Logf("\nREAD AGAIN: %s\n(the task and hints are in %s/README.md)", lesson, Dir())
		}
	})
	return c
}

// Dir is the exercise's folder relative to the module root, e.g.
// ch01-blocking/exercises/1-nonblocking: the argument for go test.
func Dir() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			rel, err := filepath.Rel(dir, wd)
			if err != nil {
				return wd
			}
			return filepath.ToSlash(rel)
		}
		if filepath.Dir(dir) == dir {
			return wd
		}
	}
}

// Started checks that the reader has begun: errs are what the exercise's
// parts returned on a first call. If every one is a TODO the test is skipped
// with a how-to-start message (fails under EXERCISE_STRICT=1); if only some
// are, the test fails and names the missing parts. Errors that are not TODOs
// are left for the check to judge.
func (c *Check) Started(errs ...error) {
	c.t.Helper()
	var todo []string
	for _, err := range errs {
		var e *Todo
		if errors.As(err, &e) {
			todo = append(todo, e.What)
		}
	}
	switch {
	case len(todo) == 0:
		return
	case len(todo) < len(errs):
		c.t.Fatalf("half done: you have started, but exercise.go still has parts not written yet:\n  - %s",
			strings.Join(todo, "\n  - "))
	case Strict():
		c.t.Fatalf("%s=1: the starter is unsolved (%s), and the check rejects it", StrictEnv, strings.Join(todo, "; "))
	default:
		c.t.Skipf("not started yet (%s).\nTo start: read %[2]s/README.md, write your code in %[2]s/exercise.go, then run\n\tgo test -v ./%[2]s",
			strings.Join(todo, "; "), Dir())
	}
}

// Within runs f on the test's goroutine, and ends the test binary with a
// message that names the likely cause if f has not returned after limit of
// real time. A *Todo panic from f counts as a TODO (see Started).
func (c *Check) Within(limit time.Duration, f func()) {
	c.t.Helper()
	name := c.t.Name()
	watchdog := time.AfterFunc(limit, func() {
		fmt.Fprintf(os.Stderr, "--- FAIL: %s\n    your code did not finish within %v — is a goroutine waiting forever?\n"+
			"    (a channel nobody sends on, a WaitGroup that is never Done, a lock never unlocked)\n"+
			"    READ AGAIN: %s\nFAIL\n", name, limit, c.lesson)
		os.Exit(1)
	})
	defer watchdog.Stop()
	var todo *Todo
	func() {
		defer func() {
			if r := recover(); r != nil {
				if err, ok := r.(error); ok && errors.As(err, &todo) {
					return
				}
				panic(r)
			}
		}()
		f()
	}()
	if todo != nil {
		c.Started(todo)
	}
}

// Bubble runs f in a testing/synctest bubble (virtual time) within limit of
// real time. If every goroutine in the bubble blocks for good — a deadlock —
// the test fails with an explanation instead of synctest's bare panic.
func (c *Check) Bubble(limit time.Duration, f func(t *testing.T)) {
	c.t.Helper()
	c.Within(limit, func() {
		defer func() {
			if r := recover(); r != nil {
				err, ok := r.(error)
				if ok && strings.Contains(err.Error(), "main bubble goroutine has exited") {
					c.t.Fatalf("your code left goroutines blocked after it returned (Go's testing/synctest says: %v).\n"+
						"Every goroutine you start must end: stop it, and wait until it has stopped, before you return.", err)
				}
				if ok && strings.Contains(err.Error(), "deadlock") {
					c.t.Fatalf("all goroutines are asleep — deadlock!\n"+
						"Every goroutine of your code was blocked and nothing could ever wake one (Go's testing/synctest says: %v).\n"+
						"Look for a send nobody receives, a receive nobody sends to, or a Wait for something that waits for you.", err)
				}
				panic(r)
			}
		}()
		synctest.Test(c.t, f)
	})
}

// Try calls f and returns the *Todo it panics with, if it does: a starter
// without an error result panics with TODO. Any other panic goes on.
func Try(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(error); ok && IsTODO(e) {
				err = e
				return
			}
			panic(r)
		}
	}()
	f()
	return nil
}

// Deadlock runs f in a testing/synctest bubble, within limit of real time,
// and returns the error synctest reports if every goroutine in the bubble
// blocks for good — "deadlock: all goroutines in bubble are blocked" — or nil
// if f returns. Unlike Bubble it does not fail the test: checks use it to show
// that a given program deadlocks. The deadlocked goroutines stay blocked.
func (c *Check) Deadlock(limit time.Duration, f func()) (deadlock error) {
	c.t.Helper()
	c.Within(limit, func() {
		defer func() {
			if r := recover(); r != nil {
				if err, ok := r.(error); ok && strings.Contains(err.Error(), "deadlock") {
					deadlock = err
					return
				}
				panic(r)
			}
		}()
		synctest.Test(c.t, func(*testing.T) { f() })
	})
	return deadlock
}

// Unwritten panics with TODO(what). Starter code without an error result
// calls it where the reader's code goes, and then returns a zero value.
//
// It panics through a variable rather than unconditionally so that static
// checkers do not conclude that the starter never returns, and then flag the
// check's code after the call as dead.
func Unwritten(what string) {
	if unwritten {
		panic(TODO(what))
	}
}

var unwritten = true
