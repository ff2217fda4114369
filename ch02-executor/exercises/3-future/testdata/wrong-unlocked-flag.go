//go:build !solution

// A wrong answer kept for CI (.ci/exercises builds the check with it in place of exercise.go):
// a plain bool says whether the future is done, read and written with no lock: a data race.
//
//	want: race detected during execution of test
package future

import (
	"context"
	"errors"
)

// ErrInvalidState is the error of completing a future that is already done
// (Python's InvalidStateError).
var ErrInvalidState = errors.New("future: invalid state: already done")

// Future is a result that is not there yet. Any goroutine may complete it,
// once, and any number may wait for it.
//
// A closed channel is a broadcast: every receive on it returns at once, now
// and later. The mutex makes "check, then complete" one step.
type Future[T any] struct {
	set  bool          // read and written by every completer, unguarded
	done chan struct{} // closed when the future completes
	v    T
	err  error
}

// New returns a pending future.
func New[T any]() *Future[T] {
	return &Future[T]{done: make(chan struct{})}
}

func (f *Future[T]) complete(v T, err error) error {
	if f.set {
		return ErrInvalidState
	}
	f.set = true
	f.v, f.err = v, err
	close(f.done) // publishes v and err to every waiter
	return nil
}

// SetResult completes f with v and wakes every waiter. It returns
// ErrInvalidState, and changes nothing, if f is already done.
func (f *Future[T]) SetResult(v T) error { return f.complete(v, nil) }

// SetError completes f with err (Python: set_exception). It returns
// ErrInvalidState, and changes nothing, if f is already done.
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

// Result waits until f is done and returns its value and error, or returns
// ctx's error if ctx is done first (Python: result(timeout)).
func (f *Future[T]) Result(ctx context.Context) (T, error) {
	select {
	case <-f.done:
		return f.v, f.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}
