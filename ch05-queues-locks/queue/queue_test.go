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
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func drain[T any](t *testing.T, q *Queue[T]) []T {
	var out []T
	for q.Len() > 0 {
		v, err := q.Get(context.Background())
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}

func TestDisciplines(t *testing.T) {
	ctx := context.Background()
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
		require.NoError(t, q.Put(context.Background(), j))
	}
	var names []string
	for _, j := range drain(t, q) {
		names = append(names, j.name)
	}
	assert.Equal(t, []string{"a1", "a2", "b1", "b2", "b3"}, names)
}

func TestGetWaitsForPutAndPutWaitsForRoom(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		q := NewFIFO[string](1)
		require.NoError(t, q.Put(ctx, "first"))
		var order []string
		var mu sync.Mutex
		note := func(s string) { mu.Lock(); order = append(order, s); mu.Unlock() }
		done := make(chan struct{})
		go func() {
			defer close(done)
			note("producer: put second (queue full)")
			require.NoError(t, q.Put(ctx, "second"))
			note("producer: second is in")
		}()
		synctest.Wait() // the producer is blocked: the queue is full
		note("consumer: get")
		v, err := q.Get(ctx)
		require.NoError(t, err)
		note("consumer: got " + v)
		<-done
		v, err = q.Get(ctx)
		require.NoError(t, err)
		note("consumer: got " + v)
		assert.Equal(t, []string{
			"producer: put second (queue full)", "consumer: get", "consumer: got first",
			"producer: second is in", "consumer: got second",
		}, order)
	})
}

func TestGetAndPutHonourTheContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		q := NewFIFO[int](1)
		_, err := q.Get(ctx)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		ctx2, cancel2 := context.WithTimeout(context.Background(), time.Second)
		defer cancel2()
		require.NoError(t, q.Put(ctx2, 1))
		assert.ErrorIs(t, q.Put(ctx2, 2), context.DeadlineExceeded)
	})
}

func TestJoinWaitsForDone(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
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

// Many producers and consumers at once lose and duplicate nothing.
func TestConcurrentUseLosesNothing(t *testing.T) {
	ctx := context.Background()
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
	for name, q := range map[string]*Queue[int]{
		"fifo":     NewFIFO[int](4),
		"lifo":     NewLIFO[int](4),
		"priority": NewPriority(4, func(a, b int) bool { return a < b }),
	} {
		ctx, cancel := context.WithCancel(context.Background())
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
