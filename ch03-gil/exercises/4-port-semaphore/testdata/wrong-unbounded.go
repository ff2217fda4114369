//go:build !solution

// A wrong answer: a goroutine per range and no bound, as if goroutines were free:
// they are cheap, but a thousand chunks would all hold their memory at once.
// .ci/exercises builds the check with this file in place of exercise.go
// (go test -overlay) and requires the check to fail, saying:
//
//	want: want at most
package portsemaphore

import (
	"sync"
)

// SumParallel runs every range at once.
func SumParallel(ranges []Range, work func(Range) int) int {
	results := make([]int, len(ranges))
	var wg sync.WaitGroup
	for i, r := range ranges {
		wg.Go(func() { results[i] = work(r) })
	}
	wg.Wait()
	sum := 0
	for _, n := range results {
		sum += n
	}
	return sum
}
