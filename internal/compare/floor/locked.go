package floor

import "runtime"

// Why a floor: two goroutines each locked to its own OS thread, ping-ponging over unbuffered
// channels. A goroutine locked to a thread runs only on that thread, so each handoff wakes a
// particular parked thread and hands it a processor (stoplockedm and startlockedm in the
// runtime's proc.go): what a pool of OS-thread workers pays per job, through Go's scheduler,
// when neither side spins.

// Locked is two goroutines, each locked to an OS thread, ping-ponging over unbuffered channels.
type Locked struct {
	jobs chan int   // how many round trips to make
	done chan error // the caller's side has made them
	ping chan struct{}
	pong chan struct{}
}

// NewLocked starts the two locked goroutines: the partner, and a driver that makes the round
// trips RoundTrips asks for, so that the caller's own goroutine need not be locked.
func NewLocked() *Locked {
	l := &Locked{jobs: make(chan int), done: make(chan error), ping: make(chan struct{}), pong: make(chan struct{})}
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		for range l.ping {
			l.pong <- struct{}{}
		}
		close(l.pong)
	}()
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		for n := range l.jobs {
			for range n {
				l.ping <- struct{}{}
				<-l.pong
			}
			l.done <- nil
		}
		close(l.ping)
		for range l.pong {
		}
		close(l.done)
	}()
	return l
}

// RoundTrips has the driver make n round trips with the partner, and waits for them. The two
// handoffs to and from the driver, one per call, are not part of a round trip: call it with
// batches of a few hundred.
func (l *Locked) RoundTrips(n int) error {
	l.jobs <- n
	return <-l.done
}

// Close stops both goroutines and waits for them.
func (l *Locked) Close() error {
	close(l.jobs)
	for range l.done {
	}
	return nil
}
