//go:build !solution

// Package fairlock is chapter 3's second exercise: a lock that hands itself to
// the longest waiter instead of letting the thread that just released it grab
// it straight back (CPython's GIL, with FORCE_SWITCHING, promises only the
// latter). The task is in README.md; check your answer with
//
//	go test ./ch03-gil/exercises/2-fair-lock
package fairlock

import (
	"github.com/concurrency-models/book/internal/exercise"
)

// FairLock is a mutual-exclusion lock that is granted in the order it was
// asked for: Unlock hands it to the goroutine that has waited longest.
type FairLock struct {
	// TODO: your fields.
}

// New returns an unlocked FairLock.
func New() *FairLock {
	return &FairLock{}
}

// Lock waits until the lock is handed to the caller. Waiters get it first
// come, first served.
func (l *FairLock) Lock() {
	exercise.Unwritten("Lock")
}

// Unlock releases the lock: to the longest waiter if there is one, so that
// the caller cannot take it straight back. It panics if l is not locked.
func (l *FairLock) Unlock() {
	exercise.Unwritten("Unlock")
}

// This keeps the import of package exercise, which marks the TODOs above, valid
// once you have replaced them all: the file builds at every step. Delete both
// when you are done, or leave them.
var _ = exercise.TODO
