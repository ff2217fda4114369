package floor

import "runtime"

// Why a floor: a goroutine locked to its OS thread answering a caller that is not locked,
// ping-ponging over unbuffered channels. It is the trip a call to an OS-thread worker makes:
// the event loop's goroutine, free to run on any thread, hands a job to a worker locked to its
// own. Only the locked end pays for the lock: the runtime's proc.go parks a locked goroutine's
// thread with it (stoplockedm, when schedule finds m.lockedg set) and wakes that very thread,
// handing it a processor, to run it again (startlockedm, when schedule picks a goroutine whose
// lockedm is set). The unlocked end blocks and wakes like any goroutine. Locked (locked.go)
// pays stoplockedm and startlockedm at both ends, so it is dearer than this trip.

// LockedPartner is a goroutine locked to an OS thread, the partner, answering each ping over
// an unbuffered channel with a pong; the caller of RoundTrips is the other end, and it stays
// unlocked: it runs on whatever thread the scheduler gives it.
type LockedPartner struct {
	ping chan struct{}
	pong chan struct{}
	done chan struct{} // closed when the partner has returned
}

// NewLockedPartner starts the partner.
func NewLockedPartner() *LockedPartner {
	l := &LockedPartner{ping: make(chan struct{}), pong: make(chan struct{}), done: make(chan struct{})}
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

// RoundTrips makes n round trips with the partner from the calling goroutine, which it leaves
// as it is: called from a goroutine that is not locked, as the event loop's is not, only the
// partner's end of each handoff is locked.
func (l *LockedPartner) RoundTrips(n int) error {
	for range n {
		l.ping <- struct{}{}
		<-l.pong
	}
	return nil
}

// Close stops the partner and waits for it.
func (l *LockedPartner) Close() error {
	close(l.ping)
	<-l.done
	return nil
}
