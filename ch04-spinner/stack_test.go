package main

import (
	"os"
	"os/exec"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// startingStack is the size of stack a new goroutine gets now, from runtime/metrics (the
// runtime's startingStackSize, runtime/stack.go).
func startingStack() uint64 {
	s := []metrics.Sample{{Name: "/gc/stack/starting-size:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// deep parks at depth n, with about 1 KiB of stack a frame, until release is closed.
func deep(n int, ready *sync.WaitGroup, release <-chan struct{}) byte {
	var pad [1024]byte
	pad[n%len(pad)] = byte(n)
	if n == 0 {
		ready.Done()
		<-release
		return pad[0]
	}
	return deep(n-1, ready, release) + pad[n%len(pad)]
}

// parkDeepGoroutinesAndCollect parks 200 goroutines 32 KiB deep, runs a GC, and returns the
// starting stack size that GC computed.
func parkDeepGoroutinesAndCollect() uint64 {
	var ready sync.WaitGroup
	release := make(chan struct{})
	var done sync.WaitGroup
	for range 200 {
		ready.Add(1)
		done.Go(func() { deep(32, &ready, release) })
	}
	ready.Wait()
	runtime.GC()
	size := startingStack()
	close(release)
	done.Wait()
	return size
}

// The lesson: a goroutine starts on a stack of at least 2 KiB (stackMin in runtime/stack.go), not
// always 2 KiB. With adaptive stack start, on unless GODEBUG=adaptivestackstart=0, each GC sets
// the starting size to the average stack it scanned, rounded up to a power of two
// (gcComputeStartingStackSize). With 200 goroutines parked 32 KiB deep, it is far above 2 KiB;
// with the setting off, it stays at the minimum (2048 bytes on Linux and macOS, where
// stackSystem is 0).
func TestGoroutineStartingStackFollowsTheAverage(t *testing.T) {
	if os.Getenv("CH04_STACK_OFF") == "1" {
		require.Equal(t, uint64(2048), parkDeepGoroutinesAndCollect(), "GODEBUG=adaptivestackstart=0: a new goroutine's stack, in bytes")
		return
	}
	assert.GreaterOrEqual(t, parkDeepGoroutinesAndCollect(), uint64(16<<10), "after a GC that scanned 200 stacks 32 KiB deep, a new goroutine's stack, in bytes")
	if testing.Short() {
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestGoroutineStartingStackFollowsTheAverage$", "-test.count=1")
	cmd.Env = append(os.Environ(), "CH04_STACK_OFF=1", "GODEBUG=adaptivestackstart=0")
	out, err := cmd.CombinedOutput()
	assert.NoErrorf(t, err, "with GODEBUG=adaptivestackstart=0:\n%s", out)
}
