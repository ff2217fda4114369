package main

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/concurrency-models/book/ch03-gil/gil"
)

// In virtual time with 300µs steps, the I/O thread's wait for the GIL after each nap is set by
// the switch interval: it asks after one interval, and the CPU thread lets go at its next step.
func TestConvoyWaitFollowsTheInterval(t *testing.T) {
	for _, tc := range []struct{ interval, lo, hi time.Duration }{
		{time.Millisecond, time.Millisecond, 1300 * time.Microsecond},
		{5 * time.Millisecond, 5 * time.Millisecond, 5300 * time.Microsecond},
		{20 * time.Millisecond, 20 * time.Millisecond, 20300 * time.Microsecond},
	} {
		synctest.Test(t, func(t *testing.T) {
			w := convoyRun(tc.interval, 10*time.Millisecond, 20, nil, gil.StepCost(300*time.Microsecond))
			assert.GreaterOrEqual(t, w, tc.lo, "interval %v", tc.interval)
			assert.LessOrEqual(t, w, tc.hi, "interval %v", tc.interval)
		})
	}
}

func TestIOThreadsOverlapInVirtualTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		took, stats := ioRun(4, 3, 100*time.Millisecond, 5*time.Millisecond, gil.StepCost(300*time.Microsecond))
		assert.Equal(t, 1, stats.MaxRunning)
		assert.GreaterOrEqual(t, took, 300*time.Millisecond)
		assert.Less(t, took, 305*time.Millisecond, "four threads' waits overlap; only their steps add up")
	})
}

func TestParallelRunIsExact(t *testing.T) {
	for range 20 {
		flight, running := parallelRun(200, 4, time.Millisecond)
		assert.EqualValues(t, 200, flight)
		assert.EqualValues(t, 4, running)
	}
}

func TestEveryWayComputesTheSameWork(t *testing.T) {
	_, want := runSequential(3, 1)
	_, gsums, running := runGILThreads(3, 2, 1, 5*time.Millisecond)
	assert.Equal(t, want, gsums)
	assert.Equal(t, 1, running)
	_, rsums := runGoroutines(3, 2, 1)
	assert.Equal(t, want, rsums)
	_, psums, err := runProcesses(t.Context(), 3, 2, 1)
	require.NoError(t, err)
	assert.Equal(t, want, psums)
}
