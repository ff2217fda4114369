//go:build !solution

// A wrong answer: a hand-made pool that returns the first error as soon as it
// arrives, without waiting for the downloads still running to stop.
// .ci/exercises builds the check with this file in place of exercise.go
// (go test -overlay) and requires the check to fail, saying:
//
//	want: while 2 downloads were still running
package porterrgroup

import (
	"context"
	"fmt"
)

// Download is one blocking call.
type Download func(ctx context.Context, item int) (string, error)

// FetchAll downloads every item, limit at a time, and returns at the first error.
func FetchAll(ctx context.Context, limit int, items []int, download Download) ([]string, error) {
	if limit < 1 {
		return nil, fmt.Errorf("limit must be at least 1, not %d", limit)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	slots := make(chan struct{}, limit)
	errs := make(chan error, len(items)) // buffered: no sender ever blocks
	data := make([]string, len(items))
	started := 0
	for i, item := range items {
		slots <- struct{}{}
		if ctx.Err() != nil {
			break // a download failed: start no more
		}
		started++
		go func() {
			defer func() { <-slots }()
			d, err := download(ctx, item)
			data[i] = d
			if err != nil {
				cancel()
			}
			errs <- err
		}()
	}
	for range started {
		if err := <-errs; err != nil {
			return nil, err // at once: the others are still stopping
		}
	}
	return data, nil
}
