//go:build !solution

// A wrong answer kept for CI (.ci/exercises builds the check with it in place of exercise.go):
// the step that handles the answer runs inside Blocking, where the thread has let go of the GIL.
//
//	want: gil: Step called by thread worker, which does not hold the GIL
package release

import (
	"time"

	"github.com/concurrency-models/book/ch03-gil/gil"
)

// Fetch is one blocking network read of latency on thread t, made the way
// CPython's socket module makes it — without the GIL — followed by one
// bytecode step that handles the answer.
//
// Thread.Blocking is Py_BEGIN_ALLOW_THREADS ... Py_END_ALLOW_THREADS: it
// releases the GIL, runs the call, and takes the GIL back.
func Fetch(t *gil.Thread, latency time.Duration) error {
	t.Blocking(func() {
		time.Sleep(latency)
		t.Step(nil)
	})
	return nil
}

// Crunch is d of number crunching in a C extension that releases the GIL
// around its inner loop, as numpy does; several threads' crunching runs at
// the same time.
func Crunch(t *gil.Thread, d time.Duration) error {
	t.Native(func() { time.Sleep(d) })
	return nil
}
