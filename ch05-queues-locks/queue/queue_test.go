package queue

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/concurrency-models/book/internal/testdeadline"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func drain[T any](t *testing.T, q *Queue[T]) []T {
	var out []T
	for q.Len() > 0 {
		v, err := q.Get(t.Context())
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

func TestDisciplines(t *testing.T) {
	defer testdeadline.Guard(testdeadline.Short, "Put or Get on an unbounded queue")()
	ctx := t.Context()
	in := []int{3, 1, 4, 1, 5}
	f, l := NewFIFO[int](0), NewLIFO[int](0)
	p := NewPriority(0, func(a, b int) bool { return a < b })
	for _, v := range in {
		require.NoError(t, f.Put(ctx, v))
		require.NoError(t, l.Put(ctx, v))
		require.NoError(t, p.Put(ctx, v))
	}
	assert.Equal(t, []int{3, 1, 4, 1, 5}, drain(t, f))
	assert.Equal(t, []int{5, 1, 4, 1, 3}, drain(t, l))
	assert.Equal(t, []int{1, 1, 3, 4, 5}, drain(t, p))
}

func TestPriorityTiesKeepArrivalOrder(t *testing.T) {
	type job struct {
		prio int
		name string
	}
	q := NewPriority(0, func(a, b job) bool { return a.prio < b.prio })
	for _, j := range []job{{2, "b1"}, {1, "a1"}, {2, "b2"}, {1, "a2"}, {2, "b3"}} {
		require.NoError(t, q.Put(t.Context(), j))
	}
	var names []string
	for _, j := range drain(t, q) {
		names = append(names, j.name)
	}
	assert.Equal(t, []string{"a1", "a2", "b1", "b2", "b3"}, names)
}

func TestGetWaitsForPutAndPutWaitsForRoom(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		q := NewFIFO[string](1)
		require.NoError(t, q.Put(ctx, "first"))
		var order []string
		var mu sync.Mutex
		note := func(s string) { mu.Lock(); order = append(order, s); mu.Unlock() }
		done := make(chan struct{})
		go func() {
			defer close(done)
			note("producer: put second (queue full)")
			assert.NoError(t, q.Put(ctx, "second"))
			note("producer: second is in")
		}()
		synctest.Wait() // the producer is blocked: the queue is full
		note("consumer: get")
		v, err := q.Get(ctx)
		require.NoError(t, err)
		assert.Equal(t, "first", v)
		// The Get made room, so the producer's Put returns now, on its own goroutine, at the same
		// time as this one carries on: what this goroutine notes next could come before or after
		// the producer's line. Wait for the producer before noting anything else.
		<-done
		v, err = q.Get(ctx)
		require.NoError(t, err)
		note("consumer: got " + v)
		assert.Equal(t, []string{
			"producer: put second (queue full)", "consumer: get",
			"producer: second is in", "consumer: got second",
		}, order)
	})
}

func TestGetAndPutHonourTheContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		q := NewFIFO[int](1)
		_, err := q.Get(ctx)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		ctx2, cancel2 := context.WithTimeout(t.Context(), time.Second)
		defer cancel2()
		require.NoError(t, q.Put(ctx2, 1))
		assert.ErrorIs(t, q.Put(ctx2, 2), context.DeadlineExceeded)
	})
}

func TestJoinWaitsForDone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		q := NewFIFO[int](0)
		for i := range 3 {
			require.NoError(t, q.Put(ctx, i))
		}
		go func() {
			for range 3 {
				_, _ = q.Get(ctx)
				time.Sleep(time.Second)
				q.Done()
			}
		}()
		start := time.Now()
		require.NoError(t, q.Join(ctx))
		assert.Equal(t, 3*time.Second, time.Since(start))
		assert.Panics(t, q.Done)
	})
}

// Join waits for every item put, not only for the items taken so far: with two put, one taken
// and marked Done, Join still waits (Python's queue.Queue.join does the same:
// TestPythonQueueJoinWaitsForEveryItemPut in the chapter's tests).
func TestJoinWaitsForEveryItemPut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		q := NewFIFO[int](0)
		require.NoError(t, q.Put(ctx, 1))
		require.NoError(t, q.Put(ctx, 2))
		_, err := q.Get(ctx)
		require.NoError(t, err)
		q.Done()
		joined := make(chan error, 1)
		go func() { joined <- q.Join(ctx) }()
		synctest.Wait()
		select {
		case err := <-joined:
			t.Fatalf("Join returned (%v) with one item put but not yet taken", err)
		default:
		}
		_, err = q.Get(ctx)
		require.NoError(t, err)
		q.Done()
		require.NoError(t, <-joined)
	})
}

// Many producers and consumers at once lose and duplicate nothing.
func TestConcurrentUseLosesNothing(t *testing.T) {
	defer testdeadline.Guard(testdeadline.Short, "producers and consumers of one queue")()
	ctx := t.Context()
	q := NewFIFO[int](8)
	const producers, each = 4, 500
	var wg sync.WaitGroup
	for p := range producers {
		wg.Go(func() {
			for i := range each {
				_ = q.Put(ctx, p*each+i)
			}
		})
	}
	seen := make(map[int]bool)
	var mu sync.Mutex
	var cg sync.WaitGroup
	for range 3 {
		cg.Go(func() {
			for {
				mu.Lock()
				if len(seen) == producers*each {
					mu.Unlock()
					return
				}
				mu.Unlock()
				cctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
				v, err := q.Get(cctx)
				cancel()
				if err != nil {
					continue
				}
				mu.Lock()
				if seen[v] {
					panic(fmt.Sprint("duplicate ", v))
				}
				seen[v] = true
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	cg.Wait()
	assert.Len(t, seen, producers*each)
}

// Shutdown under load: producers and consumers of every discipline are stopped mid-stream by
// cancelling their context. Every goroutine returns (goleak checks at the end of the package),
// and nothing is lost or duplicated: what went in is exactly what came out plus what is left.
func TestCancellingUnderLoadLosesNothing(t *testing.T) {
	defer testdeadline.Guard(testdeadline.Short, "producers and consumers cancelled under load")()
	for name, q := range map[string]*Queue[int]{
		"fifo":     NewFIFO[int](4),
		"lifo":     NewLIFO[int](4),
		"priority": NewPriority(4, func(a, b int) bool { return a < b }),
	} {
		ctx, cancel := context.WithCancel(t.Context())
		var mu sync.Mutex
		put, got := map[int]bool{}, map[int]bool{}
		var wg sync.WaitGroup
		for p := range 4 {
			wg.Go(func() {
				for i := 0; ; i++ {
					v := p*1_000_000 + i
					if q.Put(ctx, v) != nil {
						return
					}
					mu.Lock()
					put[v] = true
					mu.Unlock()
				}
			})
		}
		for range 4 {
			wg.Go(func() {
				for {
					v, err := q.Get(ctx)
					if err != nil {
						return
					}
					mu.Lock()
					if got[v] {
						panic(fmt.Sprint("duplicate ", v))
					}
					got[v] = true
					mu.Unlock()
				}
			})
		}
		for { // let them run until a few thousand items have gone through
			mu.Lock()
			n := len(got)
			mu.Unlock()
			if n >= 2000 {
				break
			}
			time.Sleep(time.Millisecond)
		}
		cancel()
		wg.Wait()
		for _, v := range drain(t, q) {
			require.False(t, got[v], name)
			got[v] = true
		}
		assert.Equal(t, put, got, "%s: every item put came out once, or is still queued", name)
	}
}

// stillWaiting counts the goroutines that have not yet reported on done, once every goroutine
// in the bubble is blocked. A count above zero names a wake-up that never came; the caller
// then cancels ctx to release them, so that the bubble can end.
func stillWaiting(done <-chan error, started int) (returned []error, waiting int) {
	synctest.Wait()
	for {
		select {
		case err := <-done:
			returned = append(returned, err)
		default:
			return returned, started - len(returned)
		}
	}
}

// Shutdown must wake every goroutine waiting in Get, in Put and in Join — a broadcast. Had it
// only signalled (woken one waiter of each kind), the others would wait for ever; here they
// are counted, named and then released by cancelling their context.
func TestShutdownWakesEveryWaiter(t *testing.T) {
	for _, immediate := range []bool{false, true} {
		synctest.Test(t, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			const n = 3
			empty, full := NewFIFO[int](1), NewFIFO[int](1)
			require.NoError(t, full.Put(ctx, 0))
			gets, puts, joins := make(chan error, n), make(chan error, n), make(chan error, n)
			for i := range n {
				go func() { _, err := empty.Get(ctx); gets <- err }()
				go func() { puts <- full.Put(ctx, i+1) }()
				go func() { joins <- full.Join(ctx) }()
			}
			synctest.Wait() // all nine are waiting
			empty.Shutdown(immediate)
			full.Shutdown(immediate)
			for _, w := range []struct {
				what string
				ch   chan error
				want error
			}{
				{"Get on an empty queue", gets, ErrShutDown},
				{"Put on a full queue", puts, ErrShutDown},
			} {
				returned, waiting := stillWaiting(w.ch, n)
				assert.Zerof(t, waiting, "Shutdown(%t): goroutines (of %d) still waiting in %s", immediate, n, w.what)
				for _, err := range returned {
					assert.ErrorIsf(t, err, w.want, "Shutdown(%t): %s", immediate, w.what)
				}
			}
			// Join returns once the dropped item counts as done: only with immediate.
			if returned, waiting := stillWaiting(joins, n); immediate {
				assert.Zerof(t, waiting, "Shutdown(true): goroutines (of %d) still waiting in Join", n)
			} else {
				assert.Empty(t, returned, "Shutdown(false): Join returned with an item not done")
			}
			cancel() // release whatever still waits
		})
	}
}

// The last Done wakes every joiner, not one.
func TestDoneWakesEveryJoiner(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		q := NewFIFO[int](0)
		require.NoError(t, q.Put(ctx, 1))
		joins := make(chan error, 3)
		for range 3 {
			go func() { joins <- q.Join(ctx) }()
		}
		synctest.Wait()
		_, err := q.Get(ctx)
		require.NoError(t, err)
		q.Done()
		_, waiting := stillWaiting(joins, 3)
		assert.Zero(t, waiting, "after the last Done, goroutines (of 3) still waiting in Join")
		cancel()
	})
}

// After Shutdown(false) the items still queued come out, then Get fails; Shutdown(true) drops
// them and Get fails at once. Put fails either way.
func TestShutdownDrainsOrDrops(t *testing.T) {
	ctx := t.Context()
	for _, immediate := range []bool{false, true} {
		q := NewFIFO[int](0)
		for i := range 3 {
			require.NoError(t, q.Put(ctx, i))
		}
		q.Shutdown(immediate)
		assert.ErrorIsf(t, q.Put(ctx, 9), ErrShutDown, "Shutdown(%t): Put", immediate)
		var got []int
		for {
			v, err := q.Get(ctx)
			if err != nil {
				assert.ErrorIsf(t, err, ErrShutDown, "Shutdown(%t): Get", immediate)
				break
			}
			got = append(got, v)
		}
		want := []int{0, 1, 2}
		if immediate {
			want = nil
		}
		assert.Equal(t, want, got, "Shutdown(%t): the items Get still returns", immediate)
	}
}

// A getter that gives up just as it is woken for an item passes the wake-up on to the next
// getter: the item never sits in the queue while someone waits for it. Here A's context ends
// first (that is what wakes A) and, before A can take the lock again, an item arrives and
// signals A, the longest waiter; A must hand the signal to B.
func TestCancelledGetterPassesTheWakeUpOn(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		q := NewFIFO[int](0)
		ctxA, cancelA := context.WithCancel(t.Context())
		ctxB, cancelB := context.WithCancel(t.Context())
		defer cancelB()
		errA, gotB := make(chan error, 1), make(chan int, 1)
		go func() { _, err := q.Get(ctxA); errA <- err }()
		synctest.Wait() // A waits first
		go func() {
			if v, err := q.Get(ctxB); err == nil {
				gotB <- v
			}
		}()
		synctest.Wait()
		q.mu.Lock()
		cancelA() // wakes A, which now waits for the lock
		q.items.push(7)
		q.pending++
		q.notEmpty.signal() // A is first in line
		q.mu.Unlock()
		assert.ErrorIs(t, <-errA, context.Canceled)
		synctest.Wait()
		select {
		case v := <-gotB:
			assert.Equal(t, 7, v)
		default:
			t.Errorf("A gave up as it was woken, and B still waits in Get, with %d item in the queue", q.Len())
		}
		cancelB()
	})
}
