//go:build solution

// Package porterrgroup is chapter 2's fourth exercise: port a Python program
// that runs ten blocking downloads on a pool of three threads, the first
// failure stopping the others, to plain Go — errgroup.WithContext and
// SetLimit. This file is the reference solution (go test -tags solution).
package porterrgroup

import (
	"context"
	"fmt"

	"golang.org/x/sync/errgroup"
)

// Download is one blocking call: it returns the item's data or an error, and
// once ctx is done it stops early, returning ctx's error.
type Download func(ctx context.Context, item int) (string, error)

// FetchAll downloads every item, each on its own goroutine but never more
// than limit at the same time, and returns the data in the order of items.
// The first download to fail cancels the context of the others still running,
// and no download starts after it; FetchAll then returns that first error,
// once every download it started has returned. A limit below 1 is an error.
//
// errgroup does the pool's bookkeeping: SetLimit makes g.Go wait for a free
// slot, WithContext cancels ctx when the first function fails (before that
// function's slot is free again), and Wait waits for all and returns the
// first error. What it does not do is skip a function once ctx is cancelled:
// g.Go runs it anyway, so the function looks first.
func FetchAll(ctx context.Context, limit int, items []int, download Download) ([]string, error) {
	if limit < 1 {
		return nil, fmt.Errorf("limit must be at least 1, not %d", limit)
	}
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(limit)
	data := make([]string, len(items)) // goroutine i writes only data[i]
	for i, item := range items {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err // a download already failed: do not start
			}
			var err error
			data[i], err = download(ctx, item)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return data, nil
}
