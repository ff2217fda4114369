//go:build !solution

// Package gather is chapter 1's third exercise: asyncio.gather, which runs
// coroutines side by side on the loop and collects their results in order.
// The task is in README.md; check your answer with
//
//	go test ./ch01-blocking/exercises/3-gather
package gather

import (
	"github.com/concurrency-models/book/ch01-blocking/aio"
	"github.com/concurrency-models/book/internal/exercise"
)

// Gather runs every fn as its own task, side by side, and returns their
// results in the order of fns (asyncio.gather). If one fails, Gather returns
// that error as soon as it happens, without waiting for the others (which
// keep running, as in asyncio).
func Gather[T any](co *aio.Co, fns ...func(co *aio.Co) (T, error)) ([]T, error) {
	// TODO: one task per fn; return when all are done, or when the first fails.
	return nil, exercise.TODO("Gather: run the coroutines as tasks and collect their results")
}

// This keeps the import of package exercise, which marks the TODOs above, valid
// once you have replaced them all: the file builds at every step. Delete both
// when you are done, or leave them.
var _ = exercise.TODO
