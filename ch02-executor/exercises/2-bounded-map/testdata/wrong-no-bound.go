//go:build !solution

// A typical wrong answer, for CI: .ci/exercises builds the check with this file in
// place of exercise.go (go test -overlay) and requires the check to fail, saying:
//
//	want: want exactly 3 (max_workers)
package boundedmap

import (
	"fmt"
	"sync"
)

// Map calls fn on every input, each call on its own goroutine but never more
// than maxWorkers at the same time, and returns the results in the order of
// inputs (ThreadPoolExecutor(max_workers=n).map(fn, inputs)). It fails if
// maxWorkers is less than 1.
//
// A buffered channel is the semaphore: a send takes a slot, blocking while all
// maxWorkers are taken, and a receive gives it back. errgroup.Group.SetLimit
// does the same.
func Map[A, R any](maxWorkers int, fn func(A) R, inputs []A) ([]R, error) {
	if maxWorkers < 1 {
		return nil, fmt.Errorf("max_workers must be at least 1, not %d", maxWorkers)
	}
	results := make([]R, len(inputs)) // each goroutine writes only its own index
	var wg sync.WaitGroup
	for i, in := range inputs {
		wg.Go(func() {
			results[i] = fn(in)
		})
	}
	wg.Wait()
	return results, nil
}
