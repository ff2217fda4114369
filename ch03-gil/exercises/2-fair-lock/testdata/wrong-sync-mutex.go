//go:build !solution

// A wrong answer kept for CI (.ci/exercises builds the check with it in place of exercise.go):
// FairLock is a sync.Mutex: its waiters park inside sync.Mutex.Lock, and it barges.
//
//	want: a mutex is not a durable block
package fairlock

import "sync"

// FairLock is a mutual-exclusion lock that is granted in the order it was
// asked for: Unlock hands it to the goroutine that has waited longest.
//
// Each waiter waits on a channel of its own, in a FIFO queue. Unlock does not
// free the lock when someone waits: it passes ownership directly, by closing
// the first waiter's channel, so nobody can barge in between.
type FairLock struct{ mu sync.Mutex }

// New returns an unlocked FairLock.
func New() *FairLock { return &FairLock{} }

// Lock locks.
func (l *FairLock) Lock() { l.mu.Lock() }

// Unlock unlocks.
func (l *FairLock) Unlock() { l.mu.Unlock() }
