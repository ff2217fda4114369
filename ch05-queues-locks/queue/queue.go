// Package queue has the three queues of Python's queue module — FIFO (Queue), LIFO (LifoQueue)
// and priority (PriorityQueue) — safe for concurrent use by many goroutines, with Python's
// blocking semantics: Get waits while the queue is empty, Put waits while a bounded queue is
// full, and Join waits until every item put has been marked done.
//
// In Go, a channel is already a FIFO queue between goroutines and is what programs normally
// use; these exist to show the other disciplines and the machinery underneath: a mutex to guard
// the items, and a way to wake waiters.
//
// Loop is the fourth: asyncio.Queue, for the tasks of one event loop of package aio. It has no
// mutex at all, because only the task holding the loop ever runs.
//
//	queue.Queue(maxsize)           queue.NewFIFO[T](maxsize)
//	queue.LifoQueue(maxsize)       queue.NewLIFO[T](maxsize)
//	queue.PriorityQueue(maxsize)   queue.NewPriority(maxsize, less)
//	q.put(x); q.get()              q.Put(ctx, x); q.Get(ctx)
//	q.task_done(); q.join()        q.Done(); q.Join(ctx)
//	asyncio.Queue(maxsize)         queue.NewLoop[T](maxsize)
//	await q.put(x); await q.get()  q.Put(co, x); q.Get(co)
package queue

import (
	"container/heap"
	"context"
	"sync"
)

// discipline is how a queue orders its items.
type discipline[T any] interface {
	push(T)
	pop() T
	len() int
}

// Queue is a concurrent queue. Make one with NewFIFO, NewLIFO or NewPriority.
type Queue[T any] struct {
	mu      sync.Mutex
	items   discipline[T]
	max     int           // 0: unbounded
	changed chan struct{} // closed and replaced whenever items are added or removed
	pending int           // items put and not yet marked done (task_done)
	allDone chan struct{} // closed and replaced when pending drops to 0
}

func newQueue[T any](d discipline[T], maxsize int) *Queue[T] {
	return &Queue[T]{items: d, max: maxsize, changed: make(chan struct{}), allDone: make(chan struct{})}
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

// broadcast wakes every goroutine waiting for a change. Called with mu held.
func (q *Queue[T]) broadcast() {
	close(q.changed)
	q.changed = make(chan struct{})
}

// Put adds v, waiting while the queue is full. It fails only if ctx is done first.
func (q *Queue[T]) Put(ctx context.Context, v T) error {
	for {
		q.mu.Lock()
		if q.max == 0 || q.items.len() < q.max {
			q.items.push(v)
			q.pending++
			q.broadcast()
			q.mu.Unlock()
			return nil
		}
		wait := q.changed
		q.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Get removes and returns the next item, waiting while the queue is empty. It fails only if ctx
// is done first.
func (q *Queue[T]) Get(ctx context.Context) (T, error) {
	for {
		q.mu.Lock()
		if q.items.len() > 0 {
			v := q.items.pop()
			q.broadcast()
			q.mu.Unlock()
			return v, nil
		}
		wait := q.changed
		q.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
	}
}

// Len is the number of items in the queue now (qsize).
func (q *Queue[T]) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.items.len()
}

// Done marks one item as processed (task_done).
func (q *Queue[T]) Done() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.pending == 0 {
		panic("queue: Done called more times than items were put")
	}
	q.pending--
	if q.pending == 0 {
		close(q.allDone)
		q.allDone = make(chan struct{})
	}
}

// Join waits until every item put has been marked Done (join).
func (q *Queue[T]) Join(ctx context.Context) error {
	q.mu.Lock()
	if q.pending == 0 {
		q.mu.Unlock()
		return nil
	}
	wait := q.allDone
	q.mu.Unlock()
	select {
	case <-wait:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
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
