//go:build !solution

// Package lostupdate is chapter 5's first exercise: fix a lost update three
// ways — a mutex, an atomic, and a single goroutine that owns the count. The
// task is in README.md; check your answer with
//
//	go test -race ./ch05-queues-locks/exercises/1-lost-update
package lostupdate

import (
	"runtime"

	"github.com/concurrency-models/book/internal/exercise"
)

// Racy is the broken counter, for reference: Inc reads, lets other goroutines
// run, and writes back, so concurrent Incs overwrite each other's updates —
// and, in Go, it is a data race. Do not fix it; the check does not use it.
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
	// TODO: your fields.
}

// Inc adds one.
func (c *Mutex) Inc() { exercise.Unwritten("Mutex.Inc") }

// Value returns the count.
func (c *Mutex) Value() int64 {
	exercise.Unwritten("Mutex.Value")
	return 0
}

// Atomic is a counter updated with one atomic read-modify-write (sync/atomic).
type Atomic struct {
	// TODO: your fields.
}

// Inc adds one.
func (c *Atomic) Inc() { exercise.Unwritten("Atomic.Inc") }

// Value returns the count.
func (c *Atomic) Value() int64 {
	exercise.Unwritten("Atomic.Value")
	return 0
}

// Owner is a counter that one goroutine owns: nobody else touches the count;
// Inc and Value send it requests over channels ("share memory by
// communicating").
type Owner struct {
	// TODO: your fields.
}

// NewOwner starts the owning goroutine.
func NewOwner() *Owner {
	exercise.Unwritten("NewOwner")
	return nil
}

// Inc adds one. Once Inc has returned, the owner has counted it: a Value
// called afterwards includes it.
func (c *Owner) Inc() { exercise.Unwritten("Owner.Inc") }

// Value returns the count.
func (c *Owner) Value() int64 {
	exercise.Unwritten("Owner.Value")
	return 0
}

// Close stops the owning goroutine and waits until it has returned.
func (c *Owner) Close() { exercise.Unwritten("Owner.Close") }

// This keeps the import of package exercise, which marks the TODOs above, valid
// once you have replaced them all: the file builds at every step. Delete both
// when you are done, or leave them.
var _ = exercise.TODO
