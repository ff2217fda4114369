//go:build !solution

// A wrong answer kept for CI (.ci/exercises builds the check with it in place of exercise.go):
// Mutex.Value reads the count without the lock, while Incs write it under the lock: a data race.
//
//	want: race detected during execution of test
package lostupdate

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Racy is the broken counter, for reference: Inc reads, lets other goroutines
// run, and writes back, so concurrent Incs overwrite each other's updates —
// and, in Go, it is a data race.
type Racy struct{ n int64 }

// Inc adds one, badly.
func (c *Racy) Inc() {
	v := c.n
	runtime.Gosched() // another goroutine may run here...
	c.n = v + 1       // ...and this write undoes its update
}

// Value returns the count.
func (c *Racy) Value() int64 { return c.n }

// Mutex is a counter whose Inc holds a sync.Mutex (with lock: in Python).
type Mutex struct {
	mu sync.Mutex
	n  int64
}

// Inc adds one. The read, the yield and the write happen under the lock, so
// other goroutines may run meanwhile but cannot get in.
func (c *Mutex) Inc() {
	c.mu.Lock()
	defer c.mu.Unlock()
	v := c.n
	runtime.Gosched()
	c.n = v + 1
}

// Value returns the count.
func (c *Mutex) Value() int64 {
	return c.n // "only a read": but Incs write it meanwhile
}

// Atomic is a counter updated with one atomic read-modify-write (sync/atomic).
type Atomic struct {
	n atomic.Int64
}

// Inc adds one: read, add and write are one indivisible instruction (LOCK
// XADD on amd64), so there is no moment between them for another update.
func (c *Atomic) Inc() { c.n.Add(1) }

// Value returns the count.
func (c *Atomic) Value() int64 { return c.n.Load() }

// Owner is a counter that one goroutine owns: nobody else touches the count;
// Inc and Value send it requests over channels ("share memory by
// communicating").
type Owner struct {
	inc   chan struct{}
	value chan chan int64
	quit  chan struct{}
	done  chan struct{}
}

// NewOwner starts the owning goroutine.
func NewOwner() *Owner {
	c := &Owner{
		inc:   make(chan struct{}), // unbuffered: Inc returns once the owner has taken it
		value: make(chan chan int64),
		quit:  make(chan struct{}),
		done:  make(chan struct{}),
	}
	go c.own()
	return c
}

// own is the only code that touches n.
func (c *Owner) own() {
	defer close(c.done)
	var n int64
	for {
		select {
		case <-c.inc:
			n++
		case reply := <-c.value:
			reply <- n
		case <-c.quit:
			return
		}
	}
}

// Inc adds one. Once Inc has returned, the owner has counted it: a Value
// called afterwards includes it.
func (c *Owner) Inc() { c.inc <- struct{}{} }

// Value returns the count.
func (c *Owner) Value() int64 {
	reply := make(chan int64)
	c.value <- reply
	return <-reply
}

// Close stops the owning goroutine and waits until it has returned.
func (c *Owner) Close() {
	close(c.quit)
	<-c.done
}
