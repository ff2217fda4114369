//go:build !solution

// A wrong answer kept for CI (.ci/exercises builds the check with it in place of exercise.go):
// the timer is never cancelled, so it stays pending (holding the task) after an early finish.
//
//	want: timer(s) still pending on the loop
package waitfor

import (
	"context"
	"errors"
	"time"

	"github.com/concurrency-models/book/ch01-blocking/aio"
)

// WaitFor runs fn as a task and waits at most d of the loop's time for it
// (asyncio.wait_for). If fn finishes in time, WaitFor returns its result.
// Otherwise it cancels the task, waits for it to finish cleaning up, and
// returns context.DeadlineExceeded (Python's TimeoutError).
func WaitFor[T any](co *aio.Co, d time.Duration, fn func(co *aio.Co) (T, error)) (T, error) {
	task := aio.CreateTask(co, fn)
	timedOut := false
	timer := co.Loop().CallLater(d, func() {
		timedOut = task.Cancel() // false if the task ended just in time
	})
	// Await returns once the task has ended: in time, or after its cleanup
	// when the timer cancelled it. (If WaitFor's own task is cancelled, Await
	// cancels the inner task too.)
	v, err := aio.Await(co, task)
	_ = timer
	if timedOut && errors.Is(err, aio.ErrCancelled) {
		var zero T
		return zero, context.DeadlineExceeded
	}
	return v, err
}
