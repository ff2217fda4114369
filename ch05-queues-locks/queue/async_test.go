package queue

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/concurrency-models/book/ch01-blocking/aio"

	"github.com/concurrency-models/book/internal/testdeadline"
)

// A producer and a consumer on one loop, with room for two items: the producer runs ahead
// until the queue is full, then they alternate. The order follows from the loop's FIFO rules.
// (On the virtual clock, a wake-up that never comes ends the run with aio.ErrDeadlock at once.)
func TestAsyncQueueProducerConsumer(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var log []string
	err := aio.Main(func(co *aio.Co) error {
		q := NewAsync[int](2)
		prod := aio.Go(co, func(co *aio.Co) error {
			for i := range 5 {
				if q.Full() {
					log = append(log, fmt.Sprint("full at ", i))
				}
				if err := q.Put(co, i); err != nil {
					return err
				}
				log = append(log, fmt.Sprint("put ", i))
			}
			return nil
		})
		cons := aio.Go(co, func(co *aio.Co) error {
			for range 5 {
				v, err := q.Get(co)
				if err != nil {
					return err
				}
				log = append(log, fmt.Sprint("got ", v))
			}
			return nil
		})
		if _, err := aio.Await(co, prod); err != nil {
			return err
		}
		_, err := aio.Await(co, cons)
		return err
	}, aio.Virtual())
	require.NoError(t, err)
	assert.Equal(t, []string{
		"put 0", "put 1", "full at 2", // the third put awaits: the queue holds two
		"got 0", "got 1", // the consumer empties it (waking the producer) and then awaits
		"put 2", "put 3", "full at 4", // the producer puts 2 and 3, and awaits again at 4
		"got 2", "got 3", "put 4", "got 4",
	}, log)
}

// Get makes room, so it must wake a task waiting in Put; without that wake-up the putter, and
// whoever awaits it, would wait for ever (here: the virtual clock's deadlock error, at once).
func TestAsyncQueueGetWakesAWaitingPutter(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	got, err := aio.Run(func(co *aio.Co) ([]int, error) {
		q := NewAsync[int](1)
		require.NoError(t, q.Put(co, 1)) // full
		putter := aio.Go(co, func(co *aio.Co) error { return q.Put(co, 2) })
		require.NoError(t, co.Yield()) // the putter waits for room
		v, err := q.Get(co)
		require.NoError(t, err)
		if _, err := aio.Await(co, putter); err != nil {
			return nil, err
		}
		w, err := q.Get(co)
		return []int{v, w}, err
	}, aio.Virtual())
	require.NoError(t, err, "the task waiting in Put for room was never woken by Get")
	assert.Equal(t, []int{1, 2}, got)
}

// And Put must wake a task waiting in Get.
func TestAsyncQueuePutWakesAWaitingGetter(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	got, err := aio.Run(func(co *aio.Co) (int, error) {
		q := NewAsync[int](0)
		getter := aio.CreateTask(co, func(co *aio.Co) (int, error) { return q.Get(co) })
		require.NoError(t, co.Yield()) // the getter waits for an item
		require.NoError(t, q.Put(co, 7))
		return aio.Await(co, getter)
	}, aio.Virtual())
	require.NoError(t, err, "the task waiting in Get for an item was never woken by Put")
	assert.Equal(t, 7, got)
}

func TestAsyncQueueGetIsCancellable(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	err := aio.Main(func(co *aio.Co) error {
		q := NewAsync[int](0)
		waiter := aio.CreateTask(co, func(co *aio.Co) (int, error) { return q.Get(co) })
		require.NoError(t, co.Sleep(time.Second))
		waiter.Cancel()
		_, err := aio.Await(co, waiter)
		assert.ErrorIs(t, err, aio.ErrCancelled)
		// The cancelled getter does not swallow the next item.
		require.NoError(t, q.Put(co, 7))
		v, err := q.Get(co)
		assert.Equal(t, 7, v)
		return err
	}, aio.Virtual())
	require.NoError(t, err)
}

// A getter that was woken for an item but cancelled before it could take it passes the wake-up
// on: the item goes to the next getter instead of sitting in the queue while it waits forever.
// (asyncio.Queue.get does the same; without it this test ends in the virtual clock's deadlock.)
func TestAsyncQueueCancelledGetterPassesTheWakeUpOn(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	got, err := aio.Run(func(co *aio.Co) (int, error) {
		q := NewAsync[int](0)
		first := aio.CreateTask(co, func(co *aio.Co) (int, error) { return q.Get(co) })
		second := aio.CreateTask(co, func(co *aio.Co) (int, error) { return q.Get(co) })
		require.NoError(t, co.Yield())   // both are waiting now, first in line first
		require.NoError(t, q.Put(co, 7)) // wakes first...
		first.Cancel()                   // ...which is cancelled before it runs
		_, err := aio.Await(co, first)
		assert.ErrorIs(t, err, aio.ErrCancelled)
		return aio.Await(co, second)
	}, aio.Virtual())
	require.NoError(t, err)
	assert.Equal(t, 7, got)
}

// The same for a putter woken for room and cancelled before it could use it.
func TestAsyncQueueCancelledPutterPassesTheWakeUpOn(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	got, err := aio.Run(func(co *aio.Co) ([]int, error) {
		q := NewAsync[int](1)
		require.NoError(t, q.Put(co, 1)) // full
		first := aio.Go(co, func(co *aio.Co) error { return q.Put(co, 2) })
		second := aio.Go(co, func(co *aio.Co) error { return q.Put(co, 3) })
		require.NoError(t, co.Yield()) // both wait for room
		v, err := q.Get(co)            // makes room and wakes first...
		require.NoError(t, err)
		first.Cancel() // ...which is cancelled before it runs
		_, err = aio.Await(co, first)
		assert.ErrorIs(t, err, aio.ErrCancelled)
		if _, err := aio.Await(co, second); err != nil {
			return nil, err
		}
		w, err := q.Get(co)
		return []int{v, w, q.Len()}, err
	}, aio.Virtual())
	require.NoError(t, err)
	assert.Equal(t, []int{1, 3, 0}, got, "3 went in where the cancelled 2 would have")
}

// Waiters are served in the order they started waiting, as in asyncio.
func TestAsyncQueueServesGettersInOrder(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var log []string
	err := aio.Main(func(co *aio.Co) error {
		q := NewAsync[string](0)
		var tasks []*aio.Task[aio.None]
		for _, name := range []string{"a", "b", "c"} {
			tasks = append(tasks, aio.Go(co, func(co *aio.Co) error {
				v, err := q.Get(co)
				log = append(log, name+" got "+v)
				return err
			}))
		}
		require.NoError(t, co.Yield())
		for _, v := range []string{"x", "y", "z"} {
			require.NoError(t, q.Put(co, v))
		}
		for _, task := range tasks {
			if _, err := aio.Await(co, task); err != nil {
				return err
			}
		}
		return nil
	}, aio.Virtual())
	require.NoError(t, err)
	assert.Equal(t, []string{"a got x", "b got y", "c got z"}, log)
}

// asyncio's worker pattern: workers take items and mark them Done; main joins the queue, then
// cancels the workers, which are waiting in Get by then.
func TestAsyncQueueJoinThenCancelWorkers(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	var log []string
	err := aio.Main(func(co *aio.Co) error {
		q := NewAsync[int](0)
		for i := range 4 {
			require.NoError(t, q.Put(co, i))
		}
		var workers []*aio.Task[aio.None]
		for w := range 2 {
			workers = append(workers, aio.Go(co, func(co *aio.Co) error {
				for {
					v, err := q.Get(co)
					if err != nil {
						log = append(log, fmt.Sprintf("worker %d: %v", w, err))
						return err
					}
					if err := co.Sleep(time.Duration(v+1) * time.Second); err != nil {
						return err
					}
					log = append(log, fmt.Sprintf("worker %d: done %d at %v", w, v, co.Loop().Time()))
					q.Done()
				}
			}))
		}
		require.NoError(t, q.Join(co))
		log = append(log, fmt.Sprintf("joined at %v", co.Loop().Time()))
		for _, w := range workers {
			w.Cancel()
		}
		for _, w := range workers {
			_, err := aio.Await(co, w)
			assert.ErrorIs(t, err, aio.ErrCancelled)
		}
		assert.Panics(t, q.Done, "Done once too often")
		return nil
	}, aio.Virtual())
	require.NoError(t, err)
	assert.Equal(t, []string{
		"worker 0: done 0 at 1s", // worker 0 takes 0 (1 s), worker 1 takes 1 (2 s)
		"worker 1: done 1 at 2s", // worker 0 took 2 at 1 s, due at 4 s; worker 1 takes 3, due at 6 s
		"worker 0: done 2 at 4s",
		"worker 1: done 3 at 6s",
		"joined at 6s",
		"worker 0: cancelled",
		"worker 1: cancelled",
	}, log)
}

// A cancelled joiner does not disturb another.
func TestAsyncQueueCancelledJoinLeavesOthersWaiting(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	err := aio.Main(func(co *aio.Co) error {
		q := NewAsync[int](0)
		require.NoError(t, q.Put(co, 1))
		a := aio.Go(co, func(co *aio.Co) error { return q.Join(co) })
		b := aio.Go(co, func(co *aio.Co) error { return q.Join(co) })
		require.NoError(t, co.Yield())
		a.Cancel()
		_, err := aio.Await(co, a)
		assert.ErrorIs(t, err, aio.ErrCancelled)
		assert.False(t, b.Done())
		_, err = q.Get(co)
		require.NoError(t, err)
		q.Done()
		_, err = aio.Await(co, b)
		return err
	}, aio.Virtual())
	require.NoError(t, err)
}
