// Package queue has the three queues of Python's queue module — FIFO (Queue), LIFO (LifoQueue)
// and priority (PriorityQueue) — safe for concurrent use by many goroutines, with Python's
// blocking semantics: Get waits while the queue is empty, Put waits while a bounded queue is
// full, and Join waits until every item put has been marked done.
//
// In Go, a channel is already a FIFO queue between goroutines and is what programs normally
// use; these exist to show the other disciplines and the machinery underneath: a mutex to guard
// the items, and condition variables to wake waiters.
//
// Async is the fourth: asyncio.Queue, for the tasks of one event loop of package aio. It has no
// mutex at all, because only the task holding the loop ever runs.
//
//	queue.Queue(maxsize)           queue.NewFIFO[T](maxsize)
//	queue.LifoQueue(maxsize)       queue.NewLIFO[T](maxsize)
//	queue.PriorityQueue(maxsize)   queue.NewPriority(maxsize, less)
//	q.put(x); q.get()              q.Put(ctx, x); q.Get(ctx)
//	q.task_done(); q.join()        q.Done(); q.Join(ctx)
//	q.shutdown(immediate)          q.Shutdown(immediate)
//	asyncio.Queue(maxsize)         queue.NewAsync[T](maxsize)
//	await q.put(x); await q.get()  q.Put(co, x); q.Get(co)
package queue

import (
	"container/heap"
	"context"
	"errors"
	"slices"
	"sync"
)

// ErrShutDown is what Put, and Get on an empty queue, return once the queue is shut down
// (Python 3.13's queue.ShutDown).
var ErrShutDown = errors.New("queue: shut down")

// discipline is how a queue orders its items.
type discipline[T any] interface {
	push(T)
	pop() T
	len() int
}

// Queue is a concurrent queue. Make one with NewFIFO, NewLIFO or NewPriority.
//
// It is built the way CPython's queue.Queue is: one mutex and three condition variables on
// it. A Put signals one waiting getter, a Get one waiting putter; the last Done and Shutdown
// broadcast, because every goroutine waiting there must see the change.
type Queue[T any] struct {
	mu       sync.Mutex
	items    discipline[T]
	max      int  // 0: unbounded
	pending  int  // items put and not yet marked done (task_done)
	shutdown bool // no more puts; gets fail once the queue is empty
	notEmpty cond // getters wait here
	notFull  cond // putters wait here
	allDone  cond // joiners wait here
}

func newQueue[T any](d discipline[T], maxsize int) *Queue[T] {
	return &Queue[T]{items: d, max: maxsize}
}

// NewFIFO returns a first-in, first-out queue (queue.Queue). maxsize 0 means unbounded.
func NewFIFO[T any](maxsize int) *Queue[T] { return newQueue[T](&fifo[T]{}, maxsize) }

// NewLIFO returns a last-in, first-out queue (queue.LifoQueue): a stack.
func NewLIFO[T any](maxsize int) *Queue[T] { return newQueue[T](&lifo[T]{}, maxsize) }

// NewPriority returns a queue that gives the smallest item first (queue.PriorityQueue), as
// ordered by less; items that compare equal come out in the order they went in.
func NewPriority[T any](maxsize int, less func(a, b T) bool) *Queue[T] {
	return newQueue[T](&prio[T]{less: less}, maxsize)
}

// cond is a condition variable on a Queue's mutex whose waiters can also watch a context,
// which sync.Cond cannot. Each waiter queues a channel of its own; signal closes the oldest,
// broadcast closes them all. (CPython's threading.Condition is built the same way, with a
// lock per waiter.)
type cond struct{ waiters []chan struct{} }

// wait releases mu, waits for a signal or for ctx to be done, and takes mu again. A waiter
// that gives up after it was signalled passes the signal on, so that it is not lost with it.
// Called with mu held.
func (c *cond) wait(ctx context.Context, mu *sync.Mutex) error {
	ch := make(chan struct{})
	c.waiters = append(c.waiters, ch)
	mu.Unlock()
	var err error
	select {
	case <-ch:
	case <-ctx.Done():
		err = ctx.Err()
	}
	mu.Lock()
	if err != nil {
		if i := slices.Index(c.waiters, ch); i >= 0 {
			c.waiters = slices.Delete(c.waiters, i, i+1) // never signalled
		} else {
			c.signal() // signalled, but leaving: wake the next waiter instead
		}
	}
	return err
}

// signal wakes the longest-waiting waiter, if any (notify). Called with mu held.
func (c *cond) signal() {
	if len(c.waiters) > 0 {
		close(c.waiters[0])
		c.waiters = c.waiters[1:]
	}
}

// broadcast wakes every waiter (notify_all). Called with mu held.
func (c *cond) broadcast() {
	for _, ch := range c.waiters {
		close(ch)
	}
	c.waiters = nil
}

// Put adds v, waiting while the queue is full. It fails if ctx is done first, and with
// ErrShutDown once the queue is shut down.
func (q *Queue[T]) Put(ctx context.Context, v T) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	for !q.shutdown && q.max > 0 && q.items.len() >= q.max {
		if err := q.notFull.wait(ctx, &q.mu); err != nil {
			return err
		}
	}
	if q.shutdown {
		return ErrShutDown
	}
	q.items.push(v)
	q.pending++
	q.notEmpty.signal()
	return nil
}

// Get removes and returns the next item, waiting while the queue is empty. It fails if ctx is
// done first, and with ErrShutDown once the queue is shut down and empty.
func (q *Queue[T]) Get(ctx context.Context) (T, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.items.len() == 0 {
		if q.shutdown {
			var zero T
			return zero, ErrShutDown
		}
		if err := q.notEmpty.wait(ctx, &q.mu); err != nil {
			var zero T
			return zero, err
		}
	}
	v := q.items.pop()
	q.notFull.signal()
	return v, nil
}

// Shutdown stops the queue (Python 3.13's shutdown): Put fails from now on, and so does Get
// once the queue is empty. With immediate, the items still queued are dropped and count as
// done, so Get fails at once and Join returns. Every goroutine waiting in Put, Get or Join
// wakes to see it.
func (q *Queue[T]) Shutdown(immediate bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.shutdown = true
	if immediate {
		for q.items.len() > 0 {
			q.items.pop()
			if q.pending > 0 {
				q.pending--
			}
		}
		if q.pending == 0 {
			q.allDone.broadcast()
		}
	}
	q.notEmpty.broadcast()
	q.notFull.broadcast()
}

// Len is the number of items in the queue now (qsize).
func (q *Queue[T]) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.items.len()
}

// Done marks one item as processed (task_done). It panics if called more times than items
// were put, as task_done raises ValueError.
func (q *Queue[T]) Done() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.pending == 0 {
		panic("queue: Done called more times than items were put")
	}
	q.pending--
	if q.pending == 0 {
		q.allDone.broadcast()
	}
}

// Join waits until every item put has been marked Done (join).
func (q *Queue[T]) Join(ctx context.Context) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.pending > 0 {
		if err := q.allDone.wait(ctx, &q.mu); err != nil {
			return err
		}
	}
	return nil
}

type fifo[T any] struct{ items []T }

func (f *fifo[T]) push(v T) { f.items = append(f.items, v) }
func (f *fifo[T]) pop() T {
	v := f.items[0]
	var zero T
	f.items[0] = zero
	f.items = f.items[1:]
	return v
}
func (f *fifo[T]) len() int { return len(f.items) }

type lifo[T any] struct{ items []T }

func (l *lifo[T]) push(v T) { l.items = append(l.items, v) }
func (l *lifo[T]) pop() T {
	v := l.items[len(l.items)-1]
	l.items = l.items[:len(l.items)-1]
	return v
}
func (l *lifo[T]) len() int { return len(l.items) }

// prio is a container/heap ordered by less, then by arrival.
type prio[T any] struct {
	less  func(a, b T) bool
	items []entry[T]
	seq   uint64
}

type entry[T any] struct {
	v   T
	seq uint64
}

func (p *prio[T]) Len() int { return len(p.items) }
func (p *prio[T]) Less(i, j int) bool {
	a, b := p.items[i], p.items[j]
	if p.less(a.v, b.v) {
		return true
	}
	if p.less(b.v, a.v) {
		return false
	}
	return a.seq < b.seq
}
func (p *prio[T]) Swap(i, j int) { p.items[i], p.items[j] = p.items[j], p.items[i] }
func (p *prio[T]) Push(x any)    { p.items = append(p.items, x.(entry[T])) }
func (p *prio[T]) Pop() any {
	e := p.items[len(p.items)-1]
	p.items = p.items[:len(p.items)-1]
	return e
}
func (p *prio[T]) push(v T) { p.seq++; heap.Push(p, entry[T]{v, p.seq}) }
func (p *prio[T]) pop() T   { return heap.Pop(p).(entry[T]).v }
func (p *prio[T]) len() int { return len(p.items) }
