//go:build !solution

// A wrong answer kept for CI (.ci/exercises builds the check with it in place of exercise.go):
// the results are appended as the tasks finish, so they come back in finishing order.
//
//	want: results in argument order, not finishing order
package gather

import "github.com/concurrency-models/book/ch01-blocking/aio"

// Gather collects each result when its task is done.
func Gather[T any](co *aio.Co, fns ...func(co *aio.Co) (T, error)) ([]T, error) {
	if len(fns) == 0 {
		return nil, nil
	}
	all := aio.NewFuture[struct{}](co.Loop())
	var results []T
	for _, fn := range fns {
		task := aio.CreateTask(co, fn)
		task.AddDoneCallback(func() {
			if all.Done() {
				return
			}
			v, err := task.Result()
			if err != nil {
				_ = all.SetError(err)
				return
			}
			if results = append(results, v); len(results) == len(fns) {
				_ = all.SetResult(struct{}{})
			}
		})
	}
	if _, err := aio.Await(co, all); err != nil {
		return nil, err
	}
	return results, nil
}
