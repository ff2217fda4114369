//go:build !solution

// Package waitfor is chapter 1's second exercise: asyncio.wait_for, a timeout
// for any coroutine, built from a timer and Task.Cancel. The task is in
// README.md; check your answer with
//
//	go test ./ch01-blocking/exercises/2-wait-for
package waitfor

import (
	"time"

	"github.com/concurrency-models/book/ch01-blocking/aio"
	"github.com/concurrency-models/book/internal/exercise"
)

// WaitFor runs fn as a task and waits at most d of the loop's time for it
// (asyncio.wait_for). If fn finishes in time, WaitFor returns its result.
// Otherwise it cancels the task, waits for it to finish cleaning up, and
// returns context.DeadlineExceeded (Python's TimeoutError).
func WaitFor[T any](co *aio.Co, d time.Duration, fn func(co *aio.Co) (T, error)) (T, error) {
	// TODO: create a task for fn, a timer that cancels it after d,
	// await the task, and tell a timeout from fn's own error.
	var zero T
	return zero, exercise.TODO("WaitFor: a timer that cancels the task")
}

// This keeps the import of package exercise, which marks the TODOs above, valid
// once you have replaced them all: the file builds at every step. Delete both
// when you are done, or leave them.
var _ = exercise.TODO
