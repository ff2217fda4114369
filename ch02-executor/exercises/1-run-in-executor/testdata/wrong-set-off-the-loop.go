//go:build !solution

// A wrong answer kept for CI (.ci/exercises builds the check with it in place of exercise.go):
// the job's goroutine completes the future itself, off the loop: nothing wakes the loop. Under
// -race (the README's check command), the check fails one of two ways: the loop never learns of
// the result (19 runs in 20 here), or it happens to see it while the race detector reports the
// unsynchronised write (1 in 20).
//
//	want: its result never reached the loop
//	want: WARNING: DATA RACE
package runinexecutor

import (
	"context"
	"fmt"

	"github.com/concurrency-models/book/ch01-blocking/aio"
)

// RunInExecutor runs the blocking function fn on a goroutine of its own (the
// simplest executor: a new thread per job) and returns a future on co's loop
// that completes with fn's result or error (loop.run_in_executor). A panic in
// fn becomes the future's error. The loop keeps running while fn blocks.
//
// Unlike Python's, a running job can be stopped: fn gets a context that is
// cancelled when the future is cancelled (the awaiting task was cancelled, say),
// and a job that watches ctx.Done() can give up early.
func RunInExecutor[T any](co *aio.Co, fn func(ctx context.Context) (T, error)) *aio.Future[T] {
	loop := co.Loop()
	fut := aio.NewFuture[T](loop) // made on the loop; only the loop touches it
	ctx, cancel := context.WithCancel(context.Background())
	fut.AddDoneCallback(func() { // on the loop, once fut is done in any way
		if fut.Cancelled() {
			cancel() // tell the running job nobody wants its result
		}
	})
	release := loop.Hold() // a virtual clock must wait for the job, not jump past it
	go func() {
		defer release()
		defer cancel() // a context's resources are freed by its cancel, always
		v, err := call(ctx, fn)
		// Only the loop's goroutine may complete the future: post a callback.
		if err != nil {
			_ = fut.SetError(err)
		} else {
			_ = fut.SetResult(v)
		}
	}()
	return fut
}

// call runs fn, turning a panic into an error.
func call[T any](ctx context.Context, fn func(ctx context.Context) (T, error)) (v T, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic in executor job: %v", r)
		}
	}()
	return fn(ctx)
}
