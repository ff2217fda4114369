//go:build !solution

// A wrong answer: the cancel func of context.WithTimeout is dropped, so the context and its
// timer live on after WaitFor returns, until the limit.
// .ci/exercises builds the check with this file in place of exercise.go
// (go test -overlay) and requires the check to fail, saying:
//
//	want: you forgot to call cancel
package portwaitfor

import (
	"context"
	"sync"
	"time"
)

// Fetch is one request.
type Fetch func(ctx context.Context) (string, error)

// WaitFor calls fetch under a timeout, but never cancels it.
func WaitFor(ctx context.Context, limit time.Duration, fetch Fetch) (string, error) {
	ctx, _ = context.WithTimeout(ctx, limit) //nolint:govet // the mistake
	return fetch(ctx)
}

// Gather runs every fetch at once under WaitFor.
func Gather(ctx context.Context, limit time.Duration, fetches []Fetch) ([]string, []error) {
	answers := make([]string, len(fetches))
	errs := make([]error, len(fetches))
	var wg sync.WaitGroup
	for i, fetch := range fetches {
		wg.Go(func() { answers[i], errs[i] = WaitFor(ctx, limit, fetch) })
	}
	wg.Wait()
	return answers, errs
}
