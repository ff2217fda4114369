//go:build !solution

// A typical wrong answer, for CI: .ci/exercises builds the check with this file in
// place of exercise.go (go test -overlay) and requires the check to fail, saying:
//
//	want: the job is holding the loop's goroutine
package runinexecutor

import (
	"fmt"

	"github.com/concurrency-models/book/ch01-blocking/aio"
)

// RunInExecutor runs the blocking function fn on a goroutine of its own (the
// simplest executor: a new thread per job) and returns a future on co's loop
// that completes with fn's result or error (loop.run_in_executor). A panic in
// fn becomes the future's error. The loop keeps running while fn blocks.
func RunInExecutor[T any](co *aio.Co, fn func() (T, error)) *aio.Future[T] {
	loop := co.Loop()
	fut := aio.NewFuture[T](loop) // made on the loop; only the loop touches it
	release := loop.Hold()        // a virtual clock must wait for the job, not jump past it
	func() {                      // on the loop's own goroutine
		defer release()
		v, err := call(fn)
		// Only the loop's goroutine may complete the future: post a callback.
		_ = loop.CallSoonThreadsafe(func() {
			if fut.Done() { // cancelled meanwhile: nobody wants the result
				return
			}
			if err != nil {
				_ = fut.SetError(err)
			} else {
				_ = fut.SetResult(v)
			}
		})
	}()
	return fut
}

// call runs fn, turning a panic into an error.
func call[T any](fn func() (T, error)) (v T, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic in executor job: %v", r)
		}
	}()
	return fn()
}
