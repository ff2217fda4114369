//go:build !solution

// A typical wrong answer, for CI: .ci/exercises builds the check with this file in
// place of exercise.go (go test -overlay) and requires the check to fail, saying:
//
//	want: a send wakes only one receiver
package future

import (
	"context"
	"errors"
	"sync"
)

// ErrInvalidState is the error of completing a future that is already done.
var ErrInvalidState = errors.New("future: invalid state: already done")

// Future hands its result to waiters over a channel: one send, one waiter.
type Future[T any] struct {
	mu   sync.Mutex
	done bool
	ch   chan result[T]
}

type result[T any] struct {
	v   T
	err error
}

// New returns a pending future.
func New[T any]() *Future[T] { return &Future[T]{ch: make(chan result[T], 1)} }

func (f *Future[T]) complete(v T, err error) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.done {
		return ErrInvalidState
	}
	f.done = true
	f.ch <- result[T]{v, err} // wakes one waiter; the others wait forever
	return nil
}

// SetResult completes f with v.
func (f *Future[T]) SetResult(v T) error { return f.complete(v, nil) }

// SetError completes f with err.
func (f *Future[T]) SetError(err error) error {
	var zero T
	return f.complete(zero, err)
}

// Done reports whether f has been completed.
func (f *Future[T]) Done() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.done
}

// Result waits for the result.
func (f *Future[T]) Result(ctx context.Context) (T, error) {
	select {
	case r := <-f.ch:
		return r.v, r.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}
