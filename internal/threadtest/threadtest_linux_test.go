package threadtest

import (
	"runtime"
	"slices"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The n threads are n different threads, held at once, and never the thread of a goroutine
// locked to it, though that goroutine is parked (here, waiting for TakeIdleThreads to return).
func TestTakeIdleThreadsNeverTakesALockedThread(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	mine := syscall.Gettid()
	for range 3 {
		tids := TakeIdleThreads(16)
		require.Len(t, tids, 16)
		assert.NotContains(t, tids, mine, "a goroutine got the thread this test's goroutine is locked to")
		sorted := slices.Sorted(slices.Values(tids))
		assert.Len(t, slices.Compact(sorted), 16, "two goroutines held the same thread at once: %v", tids)
	}
}
