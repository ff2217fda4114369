//go:build !solution

// A wrong answer kept for CI (.ci/exercises builds the check with it in place of exercise.go):
// on a timeout it returns as soon as it has cancelled the task, not once the task has ended.
//
//	want: WaitFor returned before the cancelled task finished cleaning up
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
	over := aio.NewFuture[struct{}](co.Loop())
	task.AddDoneCallback(func() {
		if !over.Done() {
			_ = over.SetResult(struct{}{})
		}
	})
	timer.Cancel()
	timer = co.Loop().CallLater(d, func() {
		timedOut = task.Cancel()
		if !over.Done() {
			_ = over.SetResult(struct{}{}) // returns now, while the task still cleans up
		}
	})
	if _, err := aio.Await(co, over); err != nil {
		var zero T
		return zero, err
	}
	timer.Cancel()
	if timedOut {
		var zero T
		return zero, context.DeadlineExceeded
	}
	v, err := task.Result()
	if timedOut && errors.Is(err, aio.ErrCancelled) {
		var zero T
		return zero, context.DeadlineExceeded
	}
	return v, err
}
