//go:build !solution

// Package runinexecutor is chapter 2's first exercise: write run_in_executor
// yourself, on the loop's thread-safe call-soon, and give it what Python's
// cannot have: a way to stop a running job. The task is in README.md; check
// your answer with
//
//	go test -race ./ch02-executor/exercises/1-run-in-executor
package runinexecutor

import (
	"context"

	"github.com/concurrency-models/book/ch01-blocking/aio"
	"github.com/concurrency-models/book/internal/exercise"
)

// RunInExecutor runs the blocking function fn on a goroutine of its own (the
// simplest executor: a new thread per job) and returns a future on co's loop
// that completes with fn's result or error (loop.run_in_executor). A panic in
// fn becomes the future's error. The loop keeps running while fn blocks.
//
// Unlike Python's, a running job can be stopped: fn gets a context that is
// cancelled when the future is cancelled (the awaiting task was cancelled, say).
func RunInExecutor[T any](co *aio.Co, fn func(ctx context.Context) (T, error)) *aio.Future[T] {
	fut := aio.NewFuture[T](co.Loop())
	// TODO: run fn on another goroutine, complete fut on the loop's own
	// goroutine once fn returns, and cancel fn's context if fut is cancelled.
	// Delete the next line.
	_ = fut.SetError(exercise.TODO("RunInExecutor: run fn off the loop and post its result back"))
	return fut
}

// This keeps the import of package exercise, which marks the TODOs above, valid
// once you have replaced them all: the file builds at every step. Delete both
// when you are done, or leave them.
var _ = exercise.TODO
