package portsemaphore

// This file is given: the Python program's arithmetic, ported for you. Your
// part is SumParallel, in exercise.go.

// Range is the half-open range of integers [Lo, Hi).
type Range struct{ Lo, Hi int }

// Split cuts [0, n) into k ranges of (nearly) equal length, the last one
// shorter, as the Python program does.
func Split(n, k int) []Range {
	step := (n + k - 1) / k // ceiling division
	var ranges []Range
	for lo := 0; lo < n; lo += step {
		ranges = append(ranges, Range{lo, min(lo+step, n)})
	}
	return ranges
}

// CountPrimes counts the primes in r by trial division: count_primes in the
// Python program, a CPU-bound job.
func CountPrimes(r Range) int {
	count := 0
	for n := max(r.Lo, 2); n < r.Hi; n++ {
		prime := true
		for d := 2; d*d <= n; d++ {
			if n%d == 0 {
				prime = false
				break
			}
		}
		if prime {
			count++
		}
	}
	return count
}

// PrimesBelow counts the primes below n in chunks ranges, each counted on a
// goroutine by SumParallel: the Python program's main.
func PrimesBelow(n, chunks int) int {
	return SumParallel(Split(n, chunks), CountPrimes)
}
