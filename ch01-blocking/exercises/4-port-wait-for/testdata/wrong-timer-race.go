//go:build !solution

// A wrong answer: Python's picture ported literally: fetch races a timer, as if
// wait_for were a select. The timer stops the waiting, not the request: fetch
// gets the caller's context, runs to its end, and then blocks for ever sending
// on a channel nobody reads.
// .ci/exercises builds the check with this file in place of exercise.go
// (go test -overlay) and requires the check to fail, saying:
//
//	want: was never stopped: its context was not done at the limit
package portwaitfor

import (
	"context"
	"sync"
	"time"
)

// Fetch is one request.
type Fetch func(ctx context.Context) (string, error)

type result struct {
	answer string
	err    error
}

// WaitFor waits for fetch or the timer, whichever comes first.
func WaitFor(ctx context.Context, limit time.Duration, fetch Fetch) (string, error) {
	done := make(chan result)
	go func() {
		answer, err := fetch(ctx)
		done <- result{answer, err}
	}()
	select {
	case r := <-done:
		return r.answer, r.err
	case <-time.After(limit):
		return "", context.DeadlineExceeded
	}
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
