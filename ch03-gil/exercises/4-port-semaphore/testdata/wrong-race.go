//go:build !solution

// A wrong answer: every goroutine adds its result to one shared variable with no
// lock: a data race. The sum is often right anyway, so only go test -race can
// be sure to see it (the check's README says to run it so).
// .ci/exercises builds the check with this file in place of exercise.go
// (go test -overlay) and requires the check to fail, saying:
//
//	want: DATA RACE
package portsemaphore

import (
	"runtime"
	"sync"
)

// SumParallel adds the results as they come.
func SumParallel(ranges []Range, work func(Range) int) int {
	slots := make(chan struct{}, runtime.GOMAXPROCS(0))
	sum := 0
	var wg sync.WaitGroup
	for _, r := range ranges {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			sum += work(r) // two goroutines at once: a data race
		})
	}
	wg.Wait()
	return sum
}
