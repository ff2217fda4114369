//go:build !solution

// A wrong answer: GOMAXPROCS goroutines at a time, in batches: each batch waits
// for its slowest job while the other CPUs idle.
// .ci/exercises builds the check with this file in place of exercise.go
// (go test -overlay) and requires the check to fail, saying:
//
//	want: in batches of
package portsemaphore

import (
	"runtime"
	"sync"
)

// SumParallel runs the ranges GOMAXPROCS at a time, batch after batch.
func SumParallel(ranges []Range, work func(Range) int) int {
	p := runtime.GOMAXPROCS(0)
	results := make([]int, len(ranges))
	for start := 0; start < len(ranges); start += p {
		var wg sync.WaitGroup
		for i := start; i < min(start+p, len(ranges)); i++ {
			wg.Go(func() { results[i] = work(ranges[i]) })
		}
		wg.Wait()
	}
	sum := 0
	for _, n := range results {
		sum += n
	}
	return sum
}
