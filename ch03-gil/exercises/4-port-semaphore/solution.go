//go:build solution

// Package portsemaphore is chapter 3's fourth exercise: port a Python program
// that spreads CPU-bound work over a pool of one process per CPU to plain Go —
// goroutines, at most GOMAXPROCS at a time, bounded by a semaphore. This file
// is the reference solution (go test -tags solution).
package portsemaphore

import (
	"runtime"
	"sync"
)

// SumParallel calls work on every range, each call on its own goroutine but
// never more than runtime.GOMAXPROCS(0) at the same time, and returns the sum
// of the results once every call has returned.
//
// GOMAXPROCS is how many goroutines run Go code at once: more CPU-bound ones
// than that only wait their turn, holding whatever they allocated. A buffered
// channel of that capacity is the semaphore (golang.org/x/sync/semaphore's
// Weighted is the same with a context); each result goes to its own slot of a
// slice, and only this goroutine adds them up, so nothing is shared.
func SumParallel(ranges []Range, work func(Range) int) int {
	slots := make(chan struct{}, runtime.GOMAXPROCS(0))
	results := make([]int, len(ranges))
	var wg sync.WaitGroup
	for i, r := range ranges {
		slots <- struct{}{} // take a slot; wait while all are taken
		wg.Go(func() {
			defer func() { <-slots }() // and give it back
			results[i] = work(r)
		})
	}
	wg.Wait()
	sum := 0
	for _, n := range results {
		sum += n
	}
	return sum
}
