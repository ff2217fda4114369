//go:build !solution

// Package future is chapter 2's third exercise: concurrent.futures.Future for
// goroutines — a result that is not there yet, safe to complete and wait for
// from any goroutine. The task is in README.md; check your answer with
//
//	go test ./ch02-executor/exercises/3-future
package future

import (
	"context"
	"errors"

	"github.com/concurrency-models/book/internal/exercise"
)

// ErrInvalidState is the error of completing a future that is already done
// (Python's InvalidStateError).
var ErrInvalidState = errors.New("future: invalid state: already done")

// Future is a result that is not there yet. Any goroutine may complete it,
// once, and any number may wait for it.
type Future[T any] struct {
	// TODO: your fields.
}

// New returns a pending future.
func New[T any]() *Future[T] {
	return &Future[T]{}
}

// SetResult completes f with v and wakes every waiter. It returns
// ErrInvalidState, and changes nothing, if f is already done.
func (f *Future[T]) SetResult(v T) error {
	return exercise.TODO("SetResult")
}

// SetError completes f with err (Python: set_exception). It returns
// ErrInvalidState, and changes nothing, if f is already done.
func (f *Future[T]) SetError(err error) error {
	return exercise.TODO("SetError")
}

// Done reports whether f has been completed.
func (f *Future[T]) Done() bool {
	return false // TODO
}

// Result waits until f is done and returns its value and error, or returns
// ctx's error if ctx is done first (Python: result(timeout)).
func (f *Future[T]) Result(ctx context.Context) (T, error) {
	var zero T
	return zero, exercise.TODO("Result")
}

// This keeps the import of package exercise, which marks the TODOs above, valid
// once you have replaced them all: the file builds at every step. Delete both
// when you are done, or leave them.
var _ = exercise.TODO
