//go:build !solution

// A typical wrong answer, for CI: .ci/exercises builds the check with this file in
// place of exercise.go (go test -overlay) and requires the check to fail, saying:
//
//	want: 6s is 3+1+2
package gather

import "github.com/concurrency-models/book/ch01-blocking/aio"

// Gather calls the coroutines one after another, with no tasks.
func Gather[T any](co *aio.Co, fns ...func(co *aio.Co) (T, error)) ([]T, error) {
	var results []T
	for _, fn := range fns {
		v, err := fn(co)
		if err != nil {
			return nil, err
		}
		results = append(results, v)
	}
	return results, nil
}
