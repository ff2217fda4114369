//go:build !solution

// A wrong answer kept for CI (.ci/exercises builds the check with it in place of exercise.go):
// it appends each result, under a lock, as its job finishes: finishing order.
//
//	want: results in input order, not finishing order
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
	var results []R
	var mu sync.Mutex
	slots := make(chan struct{}, maxWorkers)
	var wg sync.WaitGroup
	for i, in := range inputs {
		slots <- struct{}{} // wait for a free worker
		wg.Go(func() {
			defer func() { <-slots }()
			r := fn(in)
			mu.Lock()
			results = append(results, r)
			mu.Unlock()
			_ = i
		})
	}
	wg.Wait()
	return results, nil
}
