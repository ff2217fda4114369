package main

import (
	"context"
	"io"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/concurrency-models/book/internal/golden"
	"github.com/concurrency-models/book/internal/testdeadline"
	"github.com/concurrency-models/book/internal/timeline"
	"github.com/stretchr/testify/require"
)

// drawn runs demo with a recorder in its context (made in the bubble), inside a synctest
// bubble, and returns the timeline it draws: virtual time makes it exact, so it is a golden.
func drawn(t *testing.T, demo func(ctx context.Context) error) string {
	t.Helper()
	var got strings.Builder
	synctest.Test(t, func(t *testing.T) {
		rec := timeline.New()
		require.NoError(t, demo(timeline.NewContext(t.Context(), rec)))
		rec.Close()
		require.NoError(t, rec.Render(&got, timeline.Width))
	})
	return got.String()
}

// Chapter 1's picture again, with the request handed to the default executor: a worker thread
// (thread 1) runs it as job 1 while the loop goes on turning, so the counter (Task-2) ticks
// every 100ms inside the request's second instead of after it.
func TestTimelineOfTheExecutorRequest(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	got := drawn(t, func(ctx context.Context) error {
		return executorRequest(ctx, io.Discard, 100*time.Millisecond, nil, func(context.Context) error {
			time.Sleep(time.Second)
			return nil
		})
	})
	golden.Compare(t, "testdata/timelines.txtar", "executor.txt", got)
}
