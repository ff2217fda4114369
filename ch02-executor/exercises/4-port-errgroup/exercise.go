//go:build !solution

// Package porterrgroup is chapter 2's fourth exercise: port a Python program
// that runs ten blocking downloads on a pool of three threads, the first
// failure stopping the others, to plain Go — errgroup.WithContext and
// SetLimit. The task is in README.md; check your answer with
//
//	go test ./ch02-executor/exercises/4-port-errgroup
package porterrgroup

import (
	"context"

	"github.com/concurrency-models/book/internal/exercise"
)

// Download is one blocking call: it returns the item's data or an error, and
// once ctx is done it stops early, returning ctx's error.
type Download func(ctx context.Context, item int) (string, error)

// FetchAll downloads every item, each on its own goroutine but never more
// than limit at the same time, and returns the data in the order of items.
// The first download to fail cancels the context of the others still running,
// and no download starts after it; FetchAll then returns that first error,
// once every download it started has returned. A limit below 1 is an error.
func FetchAll(ctx context.Context, limit int, items []int, download Download) ([]string, error) {
	// TODO: errgroup.WithContext, g.SetLimit, a g.Go per item.
	return nil, exercise.TODO("FetchAll: an errgroup with a limit")
}

// This keeps the import of package exercise, which marks the TODOs above, valid
// once you have replaced them all: the file builds at every step. Delete both
// when you are done, or leave them.
var _ = exercise.TODO
