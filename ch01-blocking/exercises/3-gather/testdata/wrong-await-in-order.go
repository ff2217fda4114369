//go:build !solution

// A wrong answer kept for CI (.ci/exercises builds the check with it in place of exercise.go):
// the tasks run side by side, but are awaited one by one in argument order, so a failure is
// returned only when its turn comes.
//
//	want: awaiting the tasks one by one in argument order waits 3s
package gather

import "github.com/concurrency-models/book/ch01-blocking/aio"

// Gather creates every task first, then awaits them in order.
func Gather[T any](co *aio.Co, fns ...func(co *aio.Co) (T, error)) ([]T, error) {
	tasks := make([]*aio.Task[T], len(fns))
	for i, fn := range fns {
		tasks[i] = aio.CreateTask(co, fn)
	}
	results := make([]T, len(fns))
	for i, task := range tasks {
		v, err := aio.Await(co, task)
		if err != nil {
			return nil, err
		}
		results[i] = v
	}
	return results, nil
}
