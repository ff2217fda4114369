//go:build !solution

// A wrong answer: every error becomes a timeout, as if context.DeadlineExceeded were
// the only way a context ends: the caller's own cancellation is misreported.
// .ci/exercises builds the check with this file in place of exercise.go
// (go test -overlay) and requires the check to fail, saying:
//
//	want: want context.Canceled
package portwaitfor

import (
	"context"
	"sync"
	"time"
)

// Fetch is one request.
type Fetch func(ctx context.Context) (string, error)

// WaitFor calls fetch under a timeout and reports any end of its context as a timeout.
func WaitFor(ctx context.Context, limit time.Duration, fetch Fetch) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	answer, err := fetch(ctx)
	if ctx.Err() != nil {
		return "", context.DeadlineExceeded
	}
	return answer, err
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
