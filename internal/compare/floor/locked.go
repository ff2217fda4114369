package floor

import "runtime"

// Why a floor: two goroutines each locked to its own OS thread, ping-ponging over unbuffered
// channels. A goroutine locked to a thread runs only on that thread, so each handoff wakes a
// particular parked thread and hands it a processor (stoplockedm and startlockedm in the
// runtime's proc.go), at both ends of every round trip: the least two goroutines locked to
// threads pay, through Go's scheduler, when neither side spins. A call to a pool of OS-thread
// workers has one locked end only, the worker's, and LockedPartner (lockedpartner.go) is its
// floor; this one, dearer, stands beside it for information.

// Locked is a goroutine locked to an OS thread, the partner, answering each ping over an
// unbuffered channel with a pong; the caller of RoundTrips is the other end, locked to its own
// thread while the round trips last.
type Locked struct {
	ping chan struct{}
	pong chan struct{}
	done chan struct{} // closed when the partner has returned
}

// NewLocked starts the partner.
func NewLocked() *Locked {
	l := &Locked{ping: make(chan struct{}), pong: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(l.done)
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		for range l.ping {
			l.pong <- struct{}{}
		}
	}()
	return l
}

// RoundTrips makes n round trips with the partner from the calling goroutine, which it locks to
// its thread while they last, as Futex.RoundTrips does: every handoff, and nothing else, is
// between two locked goroutines, whatever the batch size.
func (l *Locked) RoundTrips(n int) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for range n {
		l.ping <- struct{}{}
		<-l.pong
	}
	return nil
}

// Close stops the partner and waits for it.
func (l *Locked) Close() error {
	close(l.ping)
	<-l.done
	return nil
}
