//go:build !solution

// A wrong answer: Gather appends from every goroutine to shared slices with no lock:
// a data race, which go test -race reports, and answers in finishing order.
// .ci/exercises builds the check with this file in place of exercise.go
// (go test -overlay) and requires the check to fail, saying:
//
//	want: DATA RACE
package portwaitfor

import (
	"context"
	"sync"
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

// Gather runs the fetches at once and appends their results as they come.
func Gather(ctx context.Context, limit time.Duration, fetches []Fetch) ([]string, []error) {
	var answers []string
	var errs []error
	var wg sync.WaitGroup
	for _, fetch := range fetches {
		wg.Go(func() {
			answer, err := WaitFor(ctx, limit, fetch)
			answers = append(answers, answer)
			errs = append(errs, err)
		})
	}
	wg.Wait()
	return answers, errs
}
