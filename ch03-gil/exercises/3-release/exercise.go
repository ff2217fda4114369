//go:build !solution

// Package release is chapter 3's third exercise: I/O and native code that let
// go of the GIL, so that Python threads overlap after all. The task is in
// README.md; check your answer with
//
//	go test ./ch03-gil/exercises/3-release
package release

import (
	"time"

	"github.com/concurrency-models/book/ch03-gil/gil"
	"github.com/concurrency-models/book/internal/exercise"
)

// Fetch is one blocking network read of latency on thread t, made the way
// CPython's socket module makes it — without the GIL — followed by one
// bytecode step that handles the answer. Simulate the read with time.Sleep.
func Fetch(t *gil.Thread, latency time.Duration) error {
	// TODO: the read, without the GIL; then one step.
	return exercise.TODO("Fetch: a blocking read that releases the GIL")
}

// Crunch is d of number crunching in a C extension that releases the GIL
// around its inner loop, as numpy does; several threads' crunching runs at
// the same time. Simulate the crunching with time.Sleep.
func Crunch(t *gil.Thread, d time.Duration) error {
	// TODO: native code that releases the GIL.
	return exercise.TODO("Crunch: native code that releases the GIL")
}

// This keeps the import of package exercise, which marks the TODOs above, valid
// once you have replaced them all: the file builds at every step. Delete both
// when you are done, or leave them.
var _ = exercise.TODO
