package main

// The Go side of the rows of docs/phrasebook.md that claim a behaviour, and of the chapter's
// channel ownership rules; python/phrasebook.py runs the Python side
// (TestPythonPhrasebook).

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"

	"github.com/concurrency-models/book/ch04-spinner/threading"
	"github.com/concurrency-models/book/ch05-queues-locks/queue"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Sending on a closed channel panics, and so does closing it again; the book's queue, like
// Python's after shutdown(), refuses a Put with an error a caller can handle.
func TestChannelOwnershipRules(t *testing.T) {
	ch := make(chan int, 1)
	close(ch)
	assert.Panics(t, func() { ch <- 1 }, "a send on a closed channel")
	assert.Panics(t, func() { close(ch) }, "closing a closed channel")
	q := queue.NewFIFO[int](0)
	q.Shutdown(false)
	assert.ErrorIs(t, q.Put(t.Context(), 1), queue.ErrShutDown, "Put after Shutdown")
}

// With several senders, a WaitGroup tells one goroutine when the last has sent, and it closes
// the channel: every value arrives and the range ends.
func TestSeveralSendersWaitGroupThenClose(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ch := make(chan int)
		var wg sync.WaitGroup
		for i := range 3 {
			wg.Go(func() { ch <- i })
		}
		go func() {
			wg.Wait()
			close(ch)
		}()
		sum := 0
		for v := range ch {
			sum += v
		}
		assert.Equal(t, 0+1+2, sum, "the sum received")
	})
}

// close(ch) as Event.set panics when set twice; the book's threading.Event closes its channel
// through a sync.Once, so setting it again does nothing, as in Python.
func TestEventSetTwice(t *testing.T) {
	ch := make(chan struct{})
	close(ch)
	assert.Panics(t, func() { close(ch) }, "close(ch) twice")
	var e threading.Event
	assert.NotPanics(t, func() { e.Set(); e.Set() }, "threading.Event set twice")
	assert.True(t, e.IsSet(), "threading.Event set twice: IsSet")
}

// Once SetLimit is reached, g.Go waits for a free slot (where ThreadPoolExecutor.submit queues
// the call and returns at once), and g.TryGo returns false instead of waiting.
func TestErrgroupGoWaitsAtTheLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var g errgroup.Group
		g.SetLimit(1)
		release := make(chan struct{})
		g.Go(func() error { <-release; return nil })
		assert.False(t, g.TryGo(func() error { return nil }), "TryGo started a function beyond the limit")
		started := make(chan struct{})
		go func() {
			g.Go(func() error { return nil })
			close(started)
		}()
		synctest.Wait()
		select {
		case <-started:
			t.Fatal("g.Go returned while the one slot was taken")
		default:
		}
		close(release)
		<-started
		require.NoError(t, g.Wait())
	})
}

// g.Wait returns the first error only, where a TaskGroup raises an ExceptionGroup of every
// failure.
func TestErrgroupWaitReturnsTheFirstErrorOnly(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		first, second := errors.New("first"), errors.New("second")
		var g errgroup.Group
		g.Go(func() error { return first })
		g.Go(func() error { time.Sleep(time.Second); return second })
		assert.Same(t, first, g.Wait(), "g.Wait(): want only the first error")
	})
}

// context.WithTimeout is asyncio.wait_for's deadline, but nothing is cancelled for you: the
// function must watch ctx.Done() itself, and gets context.DeadlineExceeded.
func TestContextWithTimeoutForWaitFor(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		slow := func(ctx context.Context) error {
			select {
			case <-time.After(time.Hour):
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Millisecond)
		defer cancel()
		start := time.Now()
		assert.ErrorIs(t, slow(ctx), context.DeadlineExceeded, "slow under a 10ms timeout")
		assert.Equal(t, 10*time.Millisecond, time.Since(start), "slow under a 10ms timeout: when it returned")
	})
}

// sync.Mutex is not reentrant: its holder cannot take it again (Lock would wait for ever), where
// a threading.RLock lets its holder acquire it again.
func TestMutexIsNotReentrant(t *testing.T) {
	var mu sync.Mutex
	mu.Lock()
	defer mu.Unlock()
	assert.False(t, mu.TryLock(), "the holder of a sync.Mutex took it again")
}

// threading.Semaphore(2): a buffered channel of two tokens, or x/sync/semaphore's Weighted(2).
func TestSemaphores(t *testing.T) {
	tokens := make(chan struct{}, 2)
	var got []bool
	for range 3 {
		select {
		case tokens <- struct{}{}:
			got = append(got, true)
		default:
			got = append(got, false)
		}
	}
	w := semaphore.NewWeighted(2)
	for i := range 3 {
		assert.Equalf(t, got[i], w.TryAcquire(1), "acquire %d: semaphore.Weighted, against the channel", i+1)
	}
	if d := cmp.Diff([]bool{true, true, false}, got); d != "" {
		t.Errorf("three acquires of a two-token channel (-want +got):\n%s", d)
	}
}

// threading.Condition is sync.Cond: Wait releases the lock and sleeps until Signal or Broadcast,
// then takes the lock again; the waiter checks its condition in a loop.
func TestCondForCondition(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		cond := sync.NewCond(&mu)
		ready := false
		got := make(chan bool)
		go func() {
			mu.Lock()
			for !ready {
				cond.Wait()
			}
			mu.Unlock()
			got <- true
		}()
		time.Sleep(time.Second) // the waiter is parked in Wait by now (virtual time)
		mu.Lock()
		ready = true
		cond.Signal()
		mu.Unlock()
		<-got
	})
}
