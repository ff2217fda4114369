//go:build !solution

// Package boundedmap is chapter 2's second exercise: Executor.map with
// max_workers — every input through fn, at most n at a time, results in input
// order. The task is in README.md; check your answer with
//
//	go test ./ch02-executor/exercises/2-bounded-map
package boundedmap

import (
	"github.com/concurrency-models/book/internal/exercise"
)

// Map calls fn on every input, each call on its own goroutine but never more
// than maxWorkers at the same time, and returns the results in the order of
// inputs (ThreadPoolExecutor(max_workers=n).map(fn, inputs)). It fails if
// maxWorkers is less than 1.
func Map[A, R any](maxWorkers int, fn func(A) R, inputs []A) ([]R, error) {
	// TODO: a goroutine per input, a limit of maxWorkers running at once,
	// and each result stored at its input's index.
	return nil, exercise.TODO("Map: run fn on the inputs, at most maxWorkers at once")
}

// This keeps the import of package exercise, which marks the TODOs above, valid
// once you have replaced them all: the file builds at every step. Delete both
// when you are done, or leave them.
var _ = exercise.TODO
