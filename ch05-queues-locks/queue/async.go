package queue

import (
	"slices"

	"github.com/concurrency-models/book/ch01-blocking/aio"
)

// Async is asyncio.Queue on the book's event loop (chapter 1's aio): a FIFO queue for tasks of
// one loop. Get awaits while it is empty and Put awaits while it is full; both are awaits, so
// other tasks run meanwhile. Like asyncio.Queue it is not safe for use from other goroutines,
// and needs no lock: only the task holding the loop ever touches it.
type Async[T any] struct {
	items   []T
	max     int
	getters []*aio.Future[aio.None] // tasks waiting for an item, oldest first
	putters []*aio.Future[aio.None] // tasks waiting for room, oldest first
	joiners []*aio.Future[aio.None] // tasks waiting in Join
	pending int                     // items put and not yet marked Done
}

// NewAsync returns an empty loop queue; maxsize 0 means unbounded.
func NewAsync[T any](maxsize int) *Async[T] { return &Async[T]{max: maxsize} }

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

// wait parks the running task on a new future in waiters until another task wakes it. If the
// task is cancelled instead, its future leaves the list; and if it had already been woken, the
// wake-up passes to the next waiter when ready() still holds, so that it is not lost with the
// cancelled task. asyncio's Queue.get and Queue.put do the same in their except clauses.
func wait(co *aio.Co, waiters *[]*aio.Future[aio.None], ready func() bool) error {
	f := aio.NewFuture[aio.None](co.Loop())
	*waiters = append(*waiters, f)
	_, err := aio.Await(co, f)
	if err == nil {
		return nil
	}
	woken := f.Done() && !f.Cancelled()
	f.Cancel()
	if i := slices.Index(*waiters, f); i >= 0 {
		*waiters = slices.Delete(*waiters, i, i+1)
	}
	if woken && ready() {
		wakeFirst(waiters)
	}
	return err
}

// Put adds v, awaiting while the queue is full.
func (q *Async[T]) Put(co *aio.Co, v T) error {
	for q.full() {
		if err := wait(co, &q.putters, func() bool { return !q.full() }); err != nil {
			return err
		}
	}
	q.items = append(q.items, v)
	q.pending++
	wakeFirst(&q.getters)
	return nil
}

// Get removes and returns the first item, awaiting while the queue is empty.
func (q *Async[T]) Get(co *aio.Co) (T, error) {
	for len(q.items) == 0 {
		if err := wait(co, &q.getters, func() bool { return len(q.items) > 0 }); err != nil {
			var zero T
			return zero, err
		}
	}
	v := q.items[0]
	var zero T
	q.items[0] = zero
	q.items = q.items[1:]
	wakeFirst(&q.putters)
	return v, nil
}

func (q *Async[T]) full() bool { return q.max > 0 && len(q.items) >= q.max }

// Full reports whether the queue holds maxsize items, so that Put would wait (full).
func (q *Async[T]) Full() bool { return q.full() }

// Len is the number of items in the queue (qsize).
func (q *Async[T]) Len() int { return len(q.items) }

// Done marks one item taken with Get as processed (task_done). It panics if called more times
// than items were put, as task_done raises ValueError.
func (q *Async[T]) Done() {
	if q.pending == 0 {
		panic("queue: Done called more times than items were put")
	}
	q.pending--
	if q.pending == 0 {
		for _, f := range q.joiners {
			if !f.Done() {
				_ = f.SetResult(aio.None{})
			}
		}
		q.joiners = nil
	}
}

// Join awaits until every item put has been marked Done (join). A cancelled Join returns
// aio.ErrCancelled and leaves the other joiners waiting.
func (q *Async[T]) Join(co *aio.Co) error {
	if q.pending == 0 {
		return nil
	}
	return wait(co, &q.joiners, func() bool { return false })
}
