//go:build solution

// Package gather is chapter 1's third exercise: asyncio.gather, which runs
// coroutines side by side on the loop and collects their results in order.
// This file is the reference solution (go test -tags solution).
package gather

import (
	"github.com/concurrency-models/book/ch01-blocking/aio"
)

// Gather runs every fn as its own task, side by side, and returns their
// results in the order of fns (asyncio.gather). If one fails, Gather returns
// that error as soon as it happens, without waiting for the others (which
// keep running, as in asyncio).
func Gather[T any](co *aio.Co, fns ...func(co *aio.Co) (T, error)) ([]T, error) {
	tasks := make([]*aio.Task[T], len(fns))
	all := aio.NewFuture[struct{}](co.Loop()) // done when every task is, or one failed
	left := len(fns)
	if left == 0 {
		return nil, nil
	}
	for i, fn := range fns {
		task := aio.CreateTask(co, fn)
		tasks[i] = task
		// Done-callbacks run on the loop, one at a time: no lock needed.
		task.AddDoneCallback(func() {
			if all.Done() {
				return
			}
			if _, err := task.Result(); err != nil {
				_ = all.SetError(err)
				return
			}
			if left--; left == 0 {
				_ = all.SetResult(struct{}{})
			}
		})
	}
	if _, err := aio.Await(co, all); err != nil {
		return nil, err
	}
	results := make([]T, len(tasks))
	for i, task := range tasks {
		results[i], _ = task.Result()
	}
	return results, nil
}
