package queue

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/concurrency-models/book/ch01-blocking/aio"
)

// A producer and a consumer on one loop, with room for two items: the producer runs ahead
// until the queue is full, then they alternate. The order follows from the loop's FIFO rules.
func TestLoopQueueProducerConsumer(t *testing.T) {
	var log []string
	_, err := aio.Run(func(co *aio.Co) (aio.None, error) {
		q := NewLoop[int](2)
		prod := aio.CreateTask(co, func(co *aio.Co) (aio.None, error) {
			for i := range 5 {
				log = append(log, fmt.Sprint("put ", i))
				if err := q.Put(co, i); err != nil {
					return aio.None{}, err
				}
			}
			return aio.None{}, nil
		})
		cons := aio.CreateTask(co, func(co *aio.Co) (aio.None, error) {
			for range 5 {
				v, err := q.Get(co)
				if err != nil {
					return aio.None{}, err
				}
				log = append(log, fmt.Sprint("got ", v))
			}
			return aio.None{}, nil
		})
		if _, err := aio.Await(co, prod); err != nil {
			return aio.None{}, err
		}
		_, err := aio.Await(co, cons)
		return aio.None{}, err
	})
	require.NoError(t, err)
	assert.Equal(t, []string{
		"put 0", "put 1", "put 2", // the third put awaits: the queue holds two
		"got 0", "got 1", // the consumer empties it (waking the producer) and then awaits
		"put 3", "put 4", // the producer puts 2 and 3, and awaits again at 4
		"got 2", "got 3", "got 4",
	}, log)
}

func TestLoopQueueGetIsCancellable(t *testing.T) {
	_, err := aio.Run(func(co *aio.Co) (aio.None, error) {
		q := NewLoop[int](0)
		waiter := aio.CreateTask(co, func(co *aio.Co) (int, error) { return q.Get(co) })
		require.NoError(t, co.Sleep(time.Second))
		waiter.Cancel()
		_, err := aio.Await(co, waiter)
		assert.ErrorIs(t, err, aio.ErrCancelled)
		// The cancelled getter does not swallow the next item.
		require.NoError(t, q.Put(co, 7))
		v, err := q.Get(co)
		assert.Equal(t, 7, v)
		return aio.None{}, err
	}, aio.Virtual())
	require.NoError(t, err)
}
