//go:build !solution

// A wrong answer kept for CI (.ci/exercises builds the check with it in place of exercise.go):
// the held flag and the queue of waiters are read and written by every goroutine with no
// lock: a data race, which -race reports.
//
//	want: race detected during execution of test
package fairlock

// FairLock is a mutual-exclusion lock that is granted in the order it was
// asked for: Unlock hands it to the goroutine that has waited longest.
//
// Each waiter waits on a channel of its own, in a FIFO queue. Unlock does not
// free the lock when someone waits: it passes ownership directly, by closing
// the first waiter's channel, so nobody can barge in between.
type FairLock struct {
	held    bool
	waiters []chan struct{}
}

// New returns an unlocked FairLock.
func New() *FairLock {
	return &FairLock{}
}

// Lock waits until the lock is handed to the caller. Waiters get it first
// come, first served.
func (l *FairLock) Lock() {
	if !l.held {
		l.held = true
		return
	}
	turn := make(chan struct{})
	l.waiters = append(l.waiters, turn)
	<-turn // Unlock closed it: the lock is ours, still marked held
}

// Unlock releases the lock: to the longest waiter if there is one, so that
// the caller cannot take it straight back. It panics if l is not locked.
func (l *FairLock) Unlock() {
	if !l.held {
		panic("fairlock: unlock of unlocked lock")
	}
	if len(l.waiters) == 0 {
		l.held = false
		return
	}
	next := l.waiters[0]
	l.waiters = l.waiters[1:]
	close(next) // ownership passes directly; held stays true
}
