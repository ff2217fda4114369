//go:build !solution

// A wrong answer: a plain errgroup.Group with a limit, and the caller's ctx handed
// to the downloads: the first failure cancels nothing.
// .ci/exercises builds the check with this file in place of exercise.go
// (go test -overlay) and requires the check to fail, saying:
//
//	want: hand that one to the downloads
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
	if limit < 1 {
		return nil, fmt.Errorf("limit must be at least 1, not %d", limit)
	}
	var g errgroup.Group
	g.SetLimit(limit)
	data := make([]string, len(items))
	for i, item := range items {
		g.Go(func() error {
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
