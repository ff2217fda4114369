//go:build !solution

// Package portwaitfor is chapter 1's fourth exercise: port a Python program
// that gathers three requests, each under asyncio.wait_for, to plain Go —
// goroutines and context.WithTimeout, no event loop. The task is in README.md;
// check your answer with
//
//	go test ./ch01-blocking/exercises/4-port-wait-for
package portwaitfor

import (
	"context"
	"time"

	"github.com/concurrency-models/book/internal/exercise"
)

// Fetch is one request: it returns its answer, or, as soon as ctx is done,
// ctx's error (a well-behaved Go function that takes a context).
type Fetch func(ctx context.Context) (string, error)

// WaitFor is asyncio.wait_for(fetch(), limit): it calls fetch with a context
// that ends after limit, and returns what fetch returns — its answer, its own
// error, context.DeadlineExceeded when the limit passed first, or
// context.Canceled when the caller cancelled ctx first. When WaitFor returns,
// the context it gave fetch is done.
func WaitFor(ctx context.Context, limit time.Duration, fetch Fetch) (string, error) {
	// TODO: a context with a timeout, handed to fetch.
	return "", exercise.TODO("WaitFor: context.WithTimeout around fetch")
}

// Gather is asyncio.gather over WaitFor: it runs every fetch at once, each on
// its own goroutine under WaitFor(ctx, limit, fetch), and returns when all
// have, with their answers and errors in the order of fetches.
func Gather(ctx context.Context, limit time.Duration, fetches []Fetch) ([]string, []error) {
	// TODO: a goroutine per fetch, each writing its own index; wait for all.
	errs := make([]error, len(fetches))
	for i := range errs {
		errs[i] = exercise.TODO("Gather: a goroutine per fetch")
	}
	return make([]string, len(fetches)), errs
}

// This keeps the import of package exercise, which marks the TODOs above, valid
// once you have replaced them all: the file builds at every step. Delete both
// when you are done, or leave them.
var _ = exercise.TODO
