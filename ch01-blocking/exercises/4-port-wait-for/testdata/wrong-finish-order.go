//go:build !solution

// A wrong answer: Gather collects the results from a channel, in the order they
// finish, as asyncio.as_completed would, not in the order asked.
// .ci/exercises builds the check with this file in place of exercise.go
// (go test -overlay) and requires the check to fail, saying:
//
//	want: not the order they finished
package portwaitfor

import (
	"context"
	"time"
)

// Fetch is one request.
type Fetch func(ctx context.Context) (string, error)

// WaitFor is right.
func WaitFor(ctx context.Context, limit time.Duration, fetch Fetch) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	return fetch(ctx)
}

type result struct {
	answer string
	err    error
}

// Gather runs the fetches at once and collects them as they finish.
func Gather(ctx context.Context, limit time.Duration, fetches []Fetch) ([]string, []error) {
	done := make(chan result, len(fetches))
	for _, fetch := range fetches {
		go func() {
			answer, err := WaitFor(ctx, limit, fetch)
			done <- result{answer, err}
		}()
	}
	var answers []string
	var errs []error
	for range fetches {
		r := <-done
		answers = append(answers, r.answer)
		errs = append(errs, r.err)
	}
	return answers, errs
}
