package main

import (
	"context"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/synctest"

	"github.com/concurrency-models/book/internal/cli"
	"github.com/concurrency-models/book/internal/golden"
	"github.com/concurrency-models/book/internal/testdeadline"
	"github.com/concurrency-models/book/internal/timeline"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// drawn runs demo with a recorder in its context (made in the bubble), inside a synctest
// bubble, and returns the timeline it draws: virtual time makes it exact, so it is a golden.
func drawn(t *testing.T, demo func(ctx context.Context, stdout io.Writer) error) string {
	t.Helper()
	var got strings.Builder
	synctest.Test(t, func(t *testing.T) {
		rec := timeline.New()
		require.NoError(t, demo(timeline.NewContext(t.Context(), rec), io.Discard))
		rec.Close()
		require.NoError(t, rec.Render(&got, timeline.Width))
	})
	return got.String()
}

// The spinners' timelines with the exact runs' durations (frames every 100ms, the answer at
// 350ms): the thread, the goroutine and the task draw a frame every tick while the supervisor
// waits for slow(); the task that is never given the loop (async-blocking) has a blank row.
// (The thread and goroutine rows come from their output: see pictures.go.)
func TestTimelineOfTheSpinners(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	for _, tc := range []struct{ demo string }{{"thread"}, {"go"}, {"async"}, {"async-blocking"}} {
		t.Run(tc.demo, func(t *testing.T) {
			short(t)
			i := slices.IndexFunc(app.Demos, func(d cli.Demo) bool { return d.Name == tc.demo })
			got := drawn(t, app.Demos[i].Run) // as a reader runs it: pictures.go's wrapper included
			golden.Compare(t, "testdata/timelines.txtar", tc.demo+".txt", got)
			if tc.demo == "async-blocking" {
				assert.Contains(t, got, "\nTask-2\n", "async-blocking: Task-2's row is not blank")
			}
		})
	}
}
