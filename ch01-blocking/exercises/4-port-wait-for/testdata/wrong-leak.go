//go:build !solution

// A wrong answer: the timeout is right, but WaitFor also selects on the context and
// hands fetch's result over on an unbuffered channel: at the limit WaitFor
// returns, fetch returns too, and its goroutine blocks for ever on the send.
// .ci/exercises builds the check with this file in place of exercise.go
// (go test -overlay) and requires the check to fail, saying:
//
//	want: was still blocked when the check ended
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

// WaitFor hands fetch a context with a timeout, and waits for it or the context.
func WaitFor(ctx context.Context, limit time.Duration, fetch Fetch) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	done := make(chan result) // unbuffered: the leak
	go func() {
		answer, err := fetch(ctx)
		done <- result{answer, err}
	}()
	select {
	case r := <-done:
		return r.answer, r.err
	case <-ctx.Done():
		return "", ctx.Err()
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
