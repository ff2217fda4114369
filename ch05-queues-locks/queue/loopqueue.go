package queue

import "github.com/concurrency-models/book/ch01-blocking/aio"

// Loop is asyncio.Queue on the book's event loop (chapter 1's aio): a FIFO queue for tasks of
// one loop. Get awaits while it is empty and Put awaits while it is full; both are awaits, so
// other tasks run meanwhile. Like asyncio.Queue it is not safe for use from other goroutines,
// and needs no lock: only the task holding the loop ever touches it.
type Loop[T any] struct {
	items   []T
	max     int
	getters []*aio.Future[aio.None] // tasks waiting for an item, oldest first
	putters []*aio.Future[aio.None] // tasks waiting for room, oldest first
}

// NewLoop returns an empty loop queue; maxsize 0 means unbounded.
func NewLoop[T any](maxsize int) *Loop[T] { return &Loop[T]{max: maxsize} }

// wakeFirst completes the first waiter that is still waiting, as asyncio's _wakeup_next does.
func wakeFirst(waiters *[]*aio.Future[aio.None]) {
	for len(*waiters) > 0 {
		f := (*waiters)[0]
		*waiters = (*waiters)[1:]
		if !f.Done() {
			_ = f.SetResult(aio.None{})
			return
		}
	}
}

// Put adds v, awaiting while the queue is full.
func (q *Loop[T]) Put(co *aio.Co, v T) error {
	for q.max > 0 && len(q.items) >= q.max {
		f := aio.NewFuture[aio.None](co.Loop())
		q.putters = append(q.putters, f)
		if _, err := aio.Await(co, f); err != nil {
			return err
		}
	}
	q.items = append(q.items, v)
	wakeFirst(&q.getters)
	return nil
}

// Get removes and returns the first item, awaiting while the queue is empty.
func (q *Loop[T]) Get(co *aio.Co) (T, error) {
	for len(q.items) == 0 {
		f := aio.NewFuture[aio.None](co.Loop())
		q.getters = append(q.getters, f)
		if _, err := aio.Await(co, f); err != nil {
			var zero T
			return zero, err
		}
	}
	v := q.items[0]
	q.items = q.items[1:]
	wakeFirst(&q.putters)
	return v, nil
}

// Len is the number of items in the queue.
func (q *Loop[T]) Len() int { return len(q.items) }
