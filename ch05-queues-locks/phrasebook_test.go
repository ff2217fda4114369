package main

// The Go side of the rows of docs/phrasebook.md that claim a behaviour, and of the chapter's
// channel ownership rules; python/phrasebook.py runs the Python side
// (TestPythonPhrasebook).

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"

	"github.com/concurrency-models/book/ch04-spinner/threading"
	"github.com/concurrency-models/book/ch05-queues-locks/queue"
)

// panicOf runs f and returns what it panicked with, or nil.
func panicOf(f func()) (p any) {
	defer func() { p = recover() }()
	f()
	return nil
}

// Sending on a closed channel panics, and so does closing it again; the book's queue, like
// Python's after shutdown(), refuses a Put with an error a caller can handle.
func TestChannelOwnershipRules(t *testing.T) {
	ch := make(chan int, 1)
	close(ch)
	if p := panicOf(func() { ch <- 1 }); p == nil {
		t.Error("a send on a closed channel did not panic")
	}
	if p := panicOf(func() { close(ch) }); p == nil {
		t.Error("closing a closed channel did not panic")
	}
	q := queue.NewFIFO[int](0)
	q.Shutdown(false)
	if err := q.Put(t.Context(), 1); !errors.Is(err, queue.ErrShutDown) {
		t.Errorf("Put after Shutdown: %v, want ErrShutDown", err)
	}
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
		if sum != 0+1+2 {
			t.Errorf("received a sum of %d, want 3", sum)
		}
	})
}

// close(ch) as Event.set panics when set twice; the book's threading.Event closes its channel
// through a sync.Once, so setting it again does nothing, as in Python.
func TestEventSetTwice(t *testing.T) {
	ch := make(chan struct{})
	close(ch)
	if p := panicOf(func() { close(ch) }); p == nil {
		t.Error("close(ch) twice did not panic")
	}
	var e threading.Event
	if p := panicOf(func() { e.Set(); e.Set() }); p != nil || !e.IsSet() {
		t.Errorf("threading.Event set twice: panic %v, IsSet %v; want no panic, true", p, e.IsSet())
	}
}

// Once SetLimit is reached, g.Go waits for a free slot (where ThreadPoolExecutor.submit queues
// the call and returns at once), and g.TryGo returns false instead of waiting.
func TestErrgroupGoWaitsAtTheLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var g errgroup.Group
		g.SetLimit(1)
		release := make(chan struct{})
		g.Go(func() error { <-release; return nil })
		if g.TryGo(func() error { return nil }) {
			t.Error("TryGo started a function beyond the limit")
		}
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
		if err := g.Wait(); err != nil {
			t.Fatal(err)
		}
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
		if err := g.Wait(); err != first {
			t.Errorf("g.Wait() = %v, want only the first error", err)
		}
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
		if err := slow(ctx); !errors.Is(err, context.DeadlineExceeded) || time.Since(start) != 10*time.Millisecond {
			t.Errorf("slow under a 10ms timeout: %v after %v, want DeadlineExceeded after 10ms", err, time.Since(start))
		}
	})
}

// sync.Mutex is not reentrant: its holder cannot take it again (Lock would wait for ever), where
// a threading.RLock lets its holder acquire it again.
func TestMutexIsNotReentrant(t *testing.T) {
	var mu sync.Mutex
	mu.Lock()
	defer mu.Unlock()
	if mu.TryLock() {
		t.Error("the holder of a sync.Mutex took it again")
	}
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
		if ok := w.TryAcquire(1); ok != got[i] {
			t.Errorf("acquire %d: the channel said %v, semaphore.Weighted %v", i+1, got[i], ok)
		}
	}
	if want := []bool{true, true, false}; !slices.Equal(got, want) {
		t.Errorf("three acquires of a two-token channel: %v, want %v", got, want)
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
