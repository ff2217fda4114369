//go:build !solution

// A wrong answer: a plain loop: right sum, one CPU.
// .ci/exercises builds the check with this file in place of exercise.go
// (go test -overlay) and requires the check to fail, saying:
//
//	want: sequential. Start a goroutine per range
package portsemaphore

// SumParallel runs the ranges one after another.
func SumParallel(ranges []Range, work func(Range) int) int {
	sum := 0
	for _, r := range ranges {
		sum += work(r)
	}
	return sum
}
