//go:build !solution

// A wrong answer: the solution without its check of the limit: SetLimit(0) lets no
// function run, and the first g.Go waits for ever.
// .ci/exercises builds the check with this file in place of exercise.go
// (go test -overlay) and requires the check to fail, saying:
//
//	want: refuse a limit below 1
package porterrgroup

import (
	"context"
	"fmt"

	"golang.org/x/sync/errgroup"
)

// Download is one blocking call.
type Download func(ctx context.Context, item int) (string, error)

// FetchAll downloads every item, limit at a time.
func FetchAll(ctx context.Context, limit int, items []int, download Download) ([]string, error) {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(limit)
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
		return nil, fmt.Errorf("fetch: %w", err)
	}
	return data, nil
}
