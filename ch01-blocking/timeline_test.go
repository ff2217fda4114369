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
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// drawn runs demo with a recorder in its context (made in the bubble), inside a synctest bubble, and returns the
// timeline it draws: virtual time makes it exact, so it is a golden.
func drawn(t *testing.T, demo func(ctx context.Context) error) string {
	t.Helper()
	text, _ := drawnBoth(t, demo)
	return text
}

// drawnBoth is drawn, returning the SVG rendering of the same run too.
func drawnBoth(t *testing.T, demo func(ctx context.Context) error) (text, svg string) {
	t.Helper()
	var got, image strings.Builder
	synctest.Test(t, func(t *testing.T) {
		rec := timeline.New()
		require.NoError(t, demo(timeline.NewContext(t.Context(), rec)))
		events := rec.Close()
		require.NoError(t, rec.Render(&got, timeline.Width))
		require.NoError(t, timeline.SVG(&image, events, rec.End(), 70))
	})
	return got.String(), image.String()
}

// The source program's timeline: the request (a blocking call in Task-1) holds the loop for a
// whole second; the counter (Task-2), due after 100ms, does not run again until the request
// has returned — its row is frozen — and then ticks five times in half a second.
func TestTimelineOfTheBlockingRequest(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	got, svg := drawnBoth(t, func(ctx context.Context) error {
		return blockingRequest(ctx, io.Discard, 100*time.Millisecond, sleepingFetch(time.Second))
	})
	golden.Compare(t, "testdata/timelines.txtar", "request.txt", got)
	golden.CompareFile(t, "testdata/request.svg", svg) // the lesson shows it as an image
	// The claim the picture makes, checked apart from its drawing: the counter's second step
	// comes only when the request is over.
	rows := map[string]string{}
	for line := range strings.Lines(got) {
		if name, row, ok := strings.Cut(line, "  "); ok {
			rows[name] = row
		}
	}
	// (1 column = 50ms: the request's second is 20 columns.)
	assert.Regexp(t, `^#\.{19}#`, strings.TrimSpace(rows["Task-2"]), "Task-2's row: want one step, 19 columns of waiting, another step")
}

// The sleep demo's two halves: three naps side by side with the loop's sleep, then one after
// another with time.Sleep, each holding the loop.
func TestTimelineOfTheNaps(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	for _, tc := range []struct {
		name     string
		blocking bool
	}{{"naps-await.txt", false}, {"naps-block.txt", true}} {
		got := drawn(t, func(ctx context.Context) error {
			_, err := napRace(ctx, io.Discard, 300*time.Millisecond, tc.blocking)
			return err
		})
		golden.Compare(t, "testdata/timelines.txtar", tc.name, got)
	}
}
