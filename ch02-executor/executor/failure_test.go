package executor

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/concurrency-models/book/internal/testdeadline"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Failure paths that no happy-path test reaches.

func init() {
	// garble answers its call with a frame of a kind no response has, then stays alive.
	RegisterFunc("garble", func(int) (int, error) {
		_, _ = os.Stdout.Write(appendFrame(nil, 'Z', []byte("junk")))
		time.Sleep(time.Hour)
		return 0, nil
	})
}

// A worker that answers with a garbled frame is still running: the pool must kill it before it
// reaps it, or the call waits for it for ever (an hour, here).
func TestAPoolKillsAWorkerThatSentAGarbledFrame(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	ctx, cancel := context.WithCancel(t.Context())
	p, err := NewProcessPool(ctx, 1)
	require.NoError(t, err)
	defer p.Close()
	defer cancel() // first: should the test fail, this stops the worker, so that Close returns
	testdeadline.Within(t, testdeadline.Short, "a call whose worker sent a garbled frame and lives on", func() {
		_, err = Call[int, int](p, "garble", 0)
	})
	assert.ErrorIs(t, err, ErrBrokenPool, "Call(garble)")
	assert.ErrorContains(t, err, "killed by signal: killed", "Call(garble): want the worker killed")
}

// A worker woken with nothing queued — another took the job first, or a spurious wake-up —
// must go back to waiting, not leave the pool a worker short. Here the lost race is made by
// hand: the only worker is woken while the queue is empty and the pool open.
func TestAWorkerThatLosesTheRaceForAJobWaitsAgain(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	p := NewPool(1, Goroutines)
	defer p.Shutdown(true)
	waitFor(t, "the worker waits for a job", func() bool { return p.sleeps.Load() == 1 })
	p.mu.Lock()
	p.cond.Signal() // the worker wakes to an empty queue
	p.mu.Unlock()
	exited := make(chan struct{})
	go func() {
		p.workers.Wait() // returns early only if the worker left
		close(exited)
	}()
	testdeadline.Within(t, testdeadline.Short, "the worker, woken to an empty queue", func() {
		for p.sleeps.Load() != 2 {
			select {
			case <-exited:
				return
			case <-time.After(time.Millisecond):
			}
		}
	})
	select {
	case <-exited:
		t.Fatal("the worker exited when it found the queue empty: the pool has no worker left")
	default:
	}
	ran := make(chan struct{})
	require.NoError(t, p.Submit(func() { close(ran) }))
	testdeadline.Within(t, testdeadline.Short, "a job after the lost race", func() { <-ran })
}
