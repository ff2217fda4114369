//go:build !solution

// A wrong answer kept for CI (.ci/exercises builds the check with it in place of exercise.go):
// it checks Done and then closes, with no lock, so two goroutines completing it at once can
// both find it pending: two writes of the value (a data race) and two closes (a panic).
//
//	want: both found the future pending and both completed it
package future

import (
	"context"
	"errors"
)

// ErrInvalidState is the error of completing a future that is already done.
var ErrInvalidState = errors.New("future: invalid state: already done")

// Future is a result that is not there yet.
type Future[T any] struct {
	done chan struct{}
	v    T
	err  error
}

// New returns a pending future.
func New[T any]() *Future[T] { return &Future[T]{done: make(chan struct{})} }

func (f *Future[T]) complete(v T, err error) error {
	if f.Done() { // another goroutine can get in between this check...
		return ErrInvalidState
	}
	f.v, f.err = v, err
	close(f.done) // ...and this close
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
	select {
	case <-f.done:
		return true
	default:
		return false
	}
}

// Result waits for the result, or for ctx.
func (f *Future[T]) Result(ctx context.Context) (T, error) {
	select {
	case <-f.done:
		return f.v, f.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}
