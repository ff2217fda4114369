//go:build !solution

// A typical wrong answer, for CI: .ci/exercises builds the check with this file in
// place of exercise.go (go test -overlay) and requires the check to fail, saying:
//
//	want: A got it straight back
package fairlock

import "sync"

// FairLock queues its waiters, but Unlock frees the lock and wakes the first
// waiter to try again: whoever is running when it tries may barge in.
type FairLock struct {
	mu      sync.Mutex
	held    bool
	waiters []chan struct{}
}

// New returns an unlocked FairLock.
func New() *FairLock { return &FairLock{} }

// Lock waits until the lock is free, then takes it.
func (l *FairLock) Lock() {
	for {
		l.mu.Lock()
		if !l.held {
			l.held = true
			l.mu.Unlock()
			return
		}
		turn := make(chan struct{})
		l.waiters = append(l.waiters, turn)
		l.mu.Unlock()
		<-turn
	}
}

// Unlock frees the lock and wakes the first waiter.
func (l *FairLock) Unlock() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.held {
		panic("fairlock: unlock of unlocked lock")
	}
	l.held = false
	if len(l.waiters) > 0 {
		close(l.waiters[0])
		l.waiters = l.waiters[1:]
	}
}
