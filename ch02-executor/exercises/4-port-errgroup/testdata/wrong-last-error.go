//go:build !solution

// A wrong answer: a hand-made pool that waits for all, cancels on failure, but keeps
// the last error it sees: a cancelled download's context.Canceled, not the
// failure that caused it.
// .ci/exercises builds the check with this file in place of exercise.go
// (go test -overlay) and requires the check to fail, saying:
//
//	want: want the first error
package porterrgroup

import (
	"context"
	"fmt"
	"sync"
)

// Download is one blocking call.
type Download func(ctx context.Context, item int) (string, error)

// FetchAll downloads every item, limit at a time, and returns the last error.
func FetchAll(ctx context.Context, limit int, items []int, download Download) ([]string, error) {
	if limit < 1 {
		return nil, fmt.Errorf("limit must be at least 1, not %d", limit)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	slots := make(chan struct{}, limit)
	data := make([]string, len(items))
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		lastErr error
	)
	for i, item := range items {
		slots <- struct{}{}
		if ctx.Err() != nil {
			<-slots
			break
		}
		wg.Go(func() {
			defer func() { <-slots }()
			d, err := download(ctx, item)
			data[i] = d
			if err != nil {
				mu.Lock()
				lastErr = err
				mu.Unlock()
				cancel()
			}
		})
	}
	wg.Wait()
	if lastErr != nil {
		return nil, lastErr
	}
	return data, nil
}
