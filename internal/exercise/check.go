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
//   - It gives every check its own deadline: code that never finishes fails
//     that test with "your code did not finish within 2s", what the check set
//     up, and where the reader's goroutines are waiting, instead of waiting for
//     go test's ten-minute timeout; the other tests still run and report.
//   - It ends every failure with a pointer to the lesson section to read again.
package exercise

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
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
	t        *testing.T
	lesson   string
	scenario func() string // see Scenario
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

// Scenario gives the check's own account of what it set up, for the report of
// a timeout: describe is called when the code under test has not finished in
// time, and says what each goroutine of the scenario was to do or wait for
// ("the job waits for the counter, which needs the loop to keep turning").
// It must not block.
func (c *Check) Scenario(describe func() string) { c.scenario = describe }

// Within runs f within limit of real time. If f has not returned by then the
// test fails — only this test: the others still run and report — saying what
// the check's scenario was (see Scenario) and where each goroutine of the
// reader's code is waiting, read from the goroutines' stacks. f keeps running,
// stuck, in the background. A *Todo panic from f counts as a TODO (see
// Started); t.FailNow inside f ends the test as usual.
func (c *Check) Within(limit time.Duration, f func()) {
	c.t.Helper()
	done := make(chan struct{})
	var (
		returned bool
		panicked any
		stack    []byte
	)
	go func() {
		defer close(done)
		defer func() {
			if r := recover(); r != nil {
				panicked, stack = r, debug.Stack()
			}
		}()
		f()
		returned = true
	}()
	timer := time.NewTimer(limit)
	defer timer.Stop()
	select {
	case <-done:
	case <-timer.C:
		var scenario string
		if c.scenario != nil {
			scenario = "\nWhat the check set up: " + c.scenario()
		}
		c.t.Fatalf("your code did not finish within %v: some goroutine is waiting for something that never comes.%s\n%s",
			limit, scenario, Waiting())
	}
	switch {
	case panicked != nil:
		if err, ok := panicked.(error); ok && IsTODO(err) {
			c.Started(err)
			return
		}
		c.t.Fatalf("your code panicked: %v\n%s", panicked, stack)
	case !returned: // t.FailNow (or runtime.Goexit) inside f
		c.t.FailNow()
	}
}

// readerCode reports whether path is a file of the reader's code: a Go file of
// the exercise's folder dir, not a test. This package's own tests replace it.
var readerCode = func(dir, path string) bool {
	return filepath.Dir(path) == dir && !strings.HasSuffix(path, "_test.go")
}

// Waiting describes where each goroutine running the reader's code — a
// function of the exercise's package outside its _test.go files — is waiting,
// from the stacks of all goroutines: "goroutine 7 [chan send]: Fixed
// (exercise.go:23)", one line per goroutine.
func Waiting() string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	dir, _ := os.Getwd()
	var lines []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		header, frames, _ := strings.Cut(g, "\n")
		fl := strings.Split(frames, "\n")
		var where []string
		for i := 0; i+1 < len(fl); i += 2 {
			file := strings.TrimSpace(fl[i+1])
			file, _, _ = strings.Cut(file, " +")
			path, line, _ := strings.Cut(file, ":")
			if !readerCode(dir, path) {
				continue
			}
			fn := fl[i]
			if j := strings.LastIndex(fn, "("); j > 0 {
				fn = fn[:j]
			}
			if j := strings.LastIndex(fn, "/"); j >= 0 {
				fn = fn[j+1:]
			}
			if _, after, ok := strings.Cut(fn, "."); ok {
				fn = after
			}
			where = append(where, fmt.Sprintf("%s (%s:%s)", fn, filepath.Base(path), line))
		}
		if len(where) == 0 {
			continue
		}
		state := header
		if i := strings.Index(header, "["); i >= 0 {
			state = header[i : strings.LastIndex(header, "]")+1]
		}
		lines = append(lines, fmt.Sprintf("  a goroutine %s in %s", state, strings.Join(where, ", called from ")))
	}
	if len(lines) == 0 {
		return "No goroutine is inside your code now: the wait is in the check's own scenario, above."
	}
	return "Where your code's goroutines are now (the innermost call first):\n" + strings.Join(lines, "\n")
}

// Bubble runs f in a testing/synctest bubble (virtual time) within limit of
// real time. If every goroutine in the bubble blocks for good — a deadlock —
// the test fails with an explanation instead of synctest's bare panic: the
// check's Scenario if it has one, a list of the usual causes if not.
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
					if c.scenario != nil {
						c.t.Fatalf("all goroutines are asleep — deadlock!\n"+
							"Every goroutine was blocked and nothing could ever wake one (Go's testing/synctest says: %v).\n"+
							"What the check set up: %s", err, c.scenario())
					}
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
