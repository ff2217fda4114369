//go:build !solution

// A typical wrong answer, for CI: .ci/exercises builds the check with this file in
// place of exercise.go (go test -overlay) and requires the check to fail, saying:
//
//	want: each read held the GIL
package release

import (
	"time"

	"github.com/concurrency-models/book/ch03-gil/gil"
)

// Fetch is one blocking network read of latency on thread t, followed by one
// bytecode step that handles the answer.
//
// The mistake: it makes the read holding the GIL, as a C extension that left
// out Py_BEGIN_ALLOW_THREADS would, so every other thread waits out the whole
// read. (Thread.Blocking is what releases the GIL around a call.)
func Fetch(t *gil.Thread, latency time.Duration) error {
	time.Sleep(latency) // holding the GIL
	t.Step(nil)
	return nil
}

// Crunch is d of number crunching in a C extension that releases the GIL
// around its inner loop, as numpy does; several threads' crunching runs at
// the same time.
func Crunch(t *gil.Thread, d time.Duration) error {
	t.Native(func() { time.Sleep(d) })
	return nil
}
