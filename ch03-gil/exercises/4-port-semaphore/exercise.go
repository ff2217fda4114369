//go:build !solution

// Package portsemaphore is chapter 3's fourth exercise: port a Python program
// that spreads CPU-bound work over a pool of one process per CPU to plain Go —
// goroutines, at most GOMAXPROCS at a time, bounded by a semaphore. The task
// is in README.md; check your answer with
//
//	go test -race ./ch03-gil/exercises/4-port-semaphore
package portsemaphore

import (
	"github.com/concurrency-models/book/internal/exercise"
)

// SumParallel calls work on every range, each call on its own goroutine but
// never more than runtime.GOMAXPROCS(0) at the same time, and returns the sum
// of the results once every call has returned.
func SumParallel(ranges []Range, work func(Range) int) int {
	// TODO: a semaphore of GOMAXPROCS slots, a goroutine per range, a sum
	// that two goroutines never update at once.
	exercise.Unwritten("SumParallel: a goroutine per range, at most GOMAXPROCS at once")
	return 0
}

// This keeps the import of package exercise, which marks the TODOs above, valid
// once you have replaced them all: the file builds at every step. Delete both
// when you are done, or leave them.
var _ = exercise.TODO
