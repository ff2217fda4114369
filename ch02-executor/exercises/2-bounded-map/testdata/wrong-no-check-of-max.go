//go:build !solution

// A wrong answer kept for CI (.ci/exercises builds the check with it in place of exercise.go):
// it never checks maxWorkers: with 0, the semaphore has no slot and Map waits for ever.
//
//	want: with zero workers no job can ever start
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
	_ = fmt.Sprint
	results := make([]R, len(inputs)) // each goroutine writes only its own index
	slots := make(chan struct{}, maxWorkers)
	var wg sync.WaitGroup
	for i, in := range inputs {
		slots <- struct{}{} // wait for a free worker
		wg.Go(func() {
			defer func() { <-slots }()
			results[i] = fn(in)
		})
	}
	wg.Wait()
	return results, nil
}
