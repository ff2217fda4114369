//go:build !solution

// A wrong answer: Gather awaits the fetches one after another, as a for loop of
// awaits would in Python.
// .ci/exercises builds the check with this file in place of exercise.go
// (go test -overlay) and requires the check to fail, saying:
//
//	want: the requests ran one after another
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

// Gather runs the fetches in turn.
func Gather(ctx context.Context, limit time.Duration, fetches []Fetch) ([]string, []error) {
	answers := make([]string, len(fetches))
	errs := make([]error, len(fetches))
	for i, fetch := range fetches {
		answers[i], errs[i] = WaitFor(ctx, limit, fetch)
	}
	return answers, errs
}
