//go:build !solution

// A wrong answer: no SetLimit: a goroutine per item, all at once, as if Go needed
// no pool at all.
// .ci/exercises builds the check with this file in place of exercise.go
// (go test -overlay) and requires the check to fail, saying:
//
//	want: want at most 3 (max_workers=3)
package porterrgroup

import (
	"context"
	"fmt"

	"golang.org/x/sync/errgroup"
)

// Download is one blocking call.
type Download func(ctx context.Context, item int) (string, error)

// FetchAll downloads every item at once.
func FetchAll(ctx context.Context, limit int, items []int, download Download) ([]string, error) {
	if limit < 1 {
		return nil, fmt.Errorf("limit must be at least 1, not %d", limit)
	}
	g, ctx := errgroup.WithContext(ctx)
	data := make([]string, len(items))
	for i, item := range items {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			var err error
			data[i], err = download(ctx, item)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return data, nil
}
