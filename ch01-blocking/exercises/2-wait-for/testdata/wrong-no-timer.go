//go:build !solution

// A typical wrong answer, for CI: .ci/exercises builds the check with this file in
// place of exercise.go (go test -overlay) and requires the check to fail, saying:
//
//	want: want context.DeadlineExceeded
package waitfor

import (
	"time"

	"github.com/concurrency-models/book/ch01-blocking/aio"
)

// WaitFor just awaits fn: no task, no timer.
func WaitFor[T any](co *aio.Co, d time.Duration, fn func(co *aio.Co) (T, error)) (T, error) {
	return fn(co)
}
