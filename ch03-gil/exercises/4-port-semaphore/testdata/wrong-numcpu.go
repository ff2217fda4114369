//go:build !solution

// A wrong answer: the bound is runtime.NumCPU(), Python's os.cpu_count(): the
// machine's CPUs, not how many goroutines Go runs at once.
// .ci/exercises builds the check with this file in place of exercise.go
// (go test -overlay) and requires the check to fail, saying:
//
//	want: runtime.NumCPU(), the machine's CPUs
package portsemaphore

import (
	"runtime"
	"sync"
)

// SumParallel runs at most NumCPU ranges at once.
func SumParallel(ranges []Range, work func(Range) int) int {
	slots := make(chan struct{}, runtime.NumCPU())
	results := make([]int, len(ranges))
	var wg sync.WaitGroup
	for i, r := range ranges {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
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
