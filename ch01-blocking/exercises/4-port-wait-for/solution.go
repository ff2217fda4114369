//go:build solution

// Package portwaitfor is chapter 1's fourth exercise: port a Python program
// that gathers three requests, each under asyncio.wait_for, to plain Go —
// goroutines and context.WithTimeout, no event loop. This file is the
// reference solution (go test -tags solution).
package portwaitfor

import (
	"context"
	"sync"
	"time"
)

// Fetch is one request: it returns its answer, or, as soon as ctx is done,
// ctx's error (a well-behaved Go function that takes a context).
type Fetch func(ctx context.Context) (string, error)

// WaitFor is asyncio.wait_for(fetch(), limit): it calls fetch with a context
// that ends after limit, and returns what fetch returns — its answer, its own
// error, context.DeadlineExceeded when the limit passed first, or
// context.Canceled when the caller cancelled ctx first. When WaitFor returns,
// the context it gave fetch is done.
//
// There is nothing to race and nothing to translate: fetch stops itself when
// its context ends, and its context's error already tells a timeout
// (DeadlineExceeded) from the caller's cancellation (Canceled).
func WaitFor(ctx context.Context, limit time.Duration, fetch Fetch) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel() // fetch may return early: release the timer now, not at the limit
	return fetch(ctx)
}

// Gather is asyncio.gather over WaitFor: it runs every fetch at once, each on
// its own goroutine under WaitFor(ctx, limit, fetch), and returns when all
// have, with their answers and errors in the order of fetches.
func Gather(ctx context.Context, limit time.Duration, fetches []Fetch) ([]string, []error) {
	answers := make([]string, len(fetches))
	errs := make([]error, len(fetches))
	var wg sync.WaitGroup
	for i, fetch := range fetches {
		wg.Go(func() { // each goroutine writes only its own index: no lock needed
			answers[i], errs[i] = WaitFor(ctx, limit, fetch)
		})
	}
	wg.Wait()
	return answers, errs
}
