//go:build !solution

// A wrong answer kept for CI (.ci/exercises builds the check with it in place of exercise.go):
// it runs the inputs in batches of maxWorkers and waits for each batch before the next.
//
//	want: the jobs ran in batches of two
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
	for lo := 0; lo < len(inputs); lo += maxWorkers {
		var wg sync.WaitGroup
		for i := lo; i < min(lo+maxWorkers, len(inputs)); i++ {
			wg.Go(func() { results[i] = fn(inputs[i]) })
		}
		wg.Wait() // the whole batch, its slowest job included
	}
	return results, nil
}
