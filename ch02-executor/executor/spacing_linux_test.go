package executor

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/concurrency-models/book/ch01-blocking/aio"
	"github.com/concurrency-models/book/internal/testdeadline"
)

// shortSleep is a pause well under a millisecond, the one BenchmarkRunInExecutorSpaced once
// made.
const shortSleep = 100 * time.Microsecond

// The functions the worker process of TestAShortPauseLastsAMillisecond runs.
func init() {
	RegisterFunc("short-sleeps", func(n int) ([]time.Duration, error) {
		ds := make([]time.Duration, 0, n)
		err := aio.Main(func(co *aio.Co) error {
			// The worker's start-up (its reader, the GC) keeps a P busy for a moment, and a busy
			// P looks at the timers often: sleeps then end on time. Let it settle first.
			if err := co.Sleep(20 * time.Millisecond); err != nil {
				return err
			}
			for range n {
				t0 := time.Now()
				if err := co.Sleep(shortSleep); err != nil {
					return err
				}
				ds = append(ds, time.Since(t0))
			}
			return nil
		})
		return ds, err
	})
}

// spacing's comment says that a pause shorter than a millisecond on the aio loop lasts about a
// millisecond all the same: with nothing else to run, the runtime waits for the timer in
// epoll_wait, whose timeout is in whole milliseconds. The sleeps run in a worker process, where
// nothing else runs (a busy P would look at the timers sooner); the median of 21 must be at
// least 0.8 ms. A runtime that timed short sleeps to the microsecond would fail this, and the
// page's "a shorter pause would not be shorter" would be wrong. (So does a busy process: with a
// goroutine calling runtime.Gosched in a loop beside it, the same sleeps take 101 µs, since a
// running P checks the timers each time it schedules.)
func TestAShortPauseLastsAMillisecond(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	if testing.Short() {
		t.Skip("-short: starts a worker process")
	}
	p, err := NewProcessPool(t.Context(), 1)
	require.NoError(t, err)
	defer func() { require.NoError(t, p.Close()) }()
	ds, err := Call[int, []time.Duration](p, "short-sleeps", 21)
	require.NoError(t, err)
	require.Len(t, ds, 21)
	median := slices.Sorted(slices.Values(ds))[len(ds)/2]
	assert.GreaterOrEqualf(t, median, 800*time.Microsecond,
		"co.Sleep(%v) on an idle loop took %v (median of %v): shorter than epoll_wait's millisecond", shortSleep, median, ds)
}
