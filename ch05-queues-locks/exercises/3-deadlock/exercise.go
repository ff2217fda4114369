//go:build !solution

// Package deadlock is chapter 5's third exercise: find the deadlock in a
// small worker pool, and fix it. The task is in README.md; check your answer
// with
//
//	go test ./ch05-queues-locks/exercises/3-deadlock
package deadlock

import (
	"github.com/concurrency-models/book/internal/exercise"
)

// Fixed is Broken (in broken.go), fixed: it returns the square of every job,
// in any order, with the same three workers, and without deadlocking.
func Fixed(jobs []int) ([]int, error) {
	// TODO: copy Broken's body here, find the deadlock, and fix it.
	return nil, exercise.TODO("Fixed: Broken, without the deadlock")
}

// This keeps the import of package exercise, which marks the TODOs above, valid
// once you have replaced them all: the file builds at every step. Delete both
// when you are done, or leave them.
var _ = exercise.TODO
