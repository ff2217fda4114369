//go:build unix

package executor

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/concurrency-models/book/internal/testdeadline"
)

// The tests that signal worker processes or make a FIFO: Unix only.

// waitForGoroutine waits until some goroutine with fn on its stack is parked in one of the
// given states ("select", "chan receive"...), that is, has got that far.
func waitForGoroutine(t *testing.T, fn string, states ...string) {
	t.Helper()
	testdeadline.Within(t, 10*time.Second, fmt.Sprintf("waiting for a goroutine in %s %q", fn, states), func() {
		buf := make([]byte, 1<<20)
		for {
			stacks := string(buf[:runtime.Stack(buf, true)])
			for g := range strings.SplitSeq(stacks, "\n\n") {
				header, _, _ := strings.Cut(g, "\n")
				for _, state := range states {
					if strings.Contains(header, "["+state) && strings.Contains(g, fn) {
						return
					}
				}
			}
			time.Sleep(time.Millisecond)
		}
	})
}

func TestProcessPoolWorkersAreReaped(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	p, err := NewProcessPool(context.Background(), 2)
	require.NoError(t, err)
	pids := p.PIDs()
	require.NoError(t, p.Close())
	for _, pid := range pids {
		// After Wait the PID is gone: signal 0 reports that no such process exists.
		assert.ErrorIs(t, syscall.Kill(pid, 0), syscall.ESRCH, "pid %d", pid)
	}
}

func TestProcessPoolWorkersDieWithTheContext(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	ctx, cancel := context.WithCancel(context.Background())
	p, err := NewProcessPool(ctx, 2)
	require.NoError(t, err)
	cancel()
	err = p.Close()
	require.Error(t, err, "the workers were killed, not closed")
	for _, pid := range p.PIDs() {
		assert.ErrorIs(t, syscall.Kill(pid, 0), syscall.ESRCH, "pid %d", pid)
	}
}

// A worker that dies mid-call breaks the pool, and every other call fails with ErrBrokenPool
// too, whether it was waiting for that worker already or comes later; none hangs.
func TestABrokenPoolFailsEveryCall(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	p, err := NewProcessPool(context.Background(), 1)
	require.NoError(t, err)
	first, second := make(chan error, 1), make(chan error, 1)
	go func() { _, err := Call[int, int](p, "hang", 0); first <- err }()
	testdeadline.Within(t, 10*time.Second, "the first call to take the only worker", func() {
		for len(p.idle) > 0 {
			runtime.Gosched()
		}
	})
	go func() { _, err := Call[int, int](p, "square", 2); second <- err }()
	require.NoError(t, syscall.Kill(p.PIDs()[0], syscall.SIGKILL))
	var err1, err2 error
	testdeadline.Within(t, 10*time.Second, "the call whose worker was killed", func() { err1 = <-first })
	testdeadline.Within(t, 10*time.Second, "the call waiting for the killed worker", func() { err2 = <-second })
	assert.ErrorIs(t, err1, ErrBrokenPool)
	assert.ErrorContains(t, err1, fmt.Sprintf("worker process-pool (pid %d) killed by signal: killed", p.PIDs()[0]))
	assert.ErrorIs(t, err2, ErrBrokenPool)
	assert.Error(t, p.Close(), "the worker was killed")
}

// Close waits for the calls in flight, and for those waiting for a worker: they are answered,
// not broken. The first call holds the only worker until the test closes a FIFO; the second
// waits for it; Close is called while both are in flight.
func TestProcessPoolCloseWaitsForCallsInFlight(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	fifo := filepath.Join(t.TempDir(), "fifo")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	p, err := NewProcessPool(t.Context(), 1)
	require.NoError(t, err)
	first, second, closed := make(chan error, 1), make(chan error, 1), make(chan error, 1)
	go func() { _, err := Call[string, int](p, "read-fifo", fifo); first <- err }()
	var w *os.File
	testdeadline.Within(t, 10*time.Second, "the worker to open the FIFO", func() {
		w, err = os.OpenFile(fifo, os.O_WRONLY, 0) // returns once the worker has opened it
	})
	require.NoError(t, err)
	go func() { _, err := Call[int, int](p, "square", 3); second <- err }()
	waitForGoroutine(t, "(*ProcessPool).callBytes", "select") // the second call waits for the worker
	go func() { closed <- p.Close() }()
	// Close waits, for its calls (or, were it not to, for the worker to exit).
	waitForGoroutine(t, "(*ProcessPool).Close", "sync.WaitGroup.Wait", "semacquire", "chan receive")
	require.NoError(t, w.Close()) // the first call may end now
	testdeadline.Within(t, 10*time.Second, "the call in flight during Close", func() { assert.NoError(t, <-first) })
	testdeadline.Within(t, 10*time.Second, "the call that waited for a worker during Close", func() {
		assert.NoError(t, <-second, "Close let the waiting call have the worker")
	})
	testdeadline.Within(t, 10*time.Second, "Close, after its calls", func() { assert.NoError(t, <-closed) })
}
