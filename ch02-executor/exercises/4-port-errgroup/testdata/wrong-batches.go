//go:build !solution

// A wrong answer: batches of limit, each waited for before the next starts: a
// slow download holds up its whole batch.
// .ci/exercises builds the check with this file in place of exercise.go
// (go test -overlay) and requires the check to fail, saying:
//
//	want: it ran the downloads in batches of three
package porterrgroup

import (
	"context"
	"fmt"

	"golang.org/x/sync/errgroup"
)

// Download is one blocking call.
type Download func(ctx context.Context, item int) (string, error)

// FetchAll downloads the items limit at a time.
func FetchAll(ctx context.Context, limit int, items []int, download Download) ([]string, error) {
	if limit < 1 {
		return nil, fmt.Errorf("limit must be at least 1, not %d", limit)
	}
	data := make([]string, len(items))
	for start := 0; start < len(items); start += limit {
		g, ctx := errgroup.WithContext(ctx) // a fresh group per batch
		for i := start; i < min(start+limit, len(items)); i++ {
			g.Go(func() error {
				var err error
				data[i], err = download(ctx, items[i])
				return err
			})
		}
		if err := g.Wait(); err != nil {
			return nil, err
		}
	}
	return data, nil
}
