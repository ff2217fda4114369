//go:build !solution

// A wrong answer kept for CI (.ci/exercises builds the check with it in place of exercise.go):
// Close sets the event but never closes the read end: one file leaks per event.
//
//	want: Close must close both ends
package pipeevent

import (
	"errors"
	"io"
	"os"
	"sync"
	"time"
)

// PipeEvent is an Event made of a pipe (os.Pipe). The side that sets it keeps
// the write end; the side that waits reads the read end, which a child process
// could inherit. Set closes the write end, so every read returns end-of-file.
//
// A goroutine, the watcher, blocks reading the read end from the start. When
// its read ends it records why and closes seen: that channel is the event as
// this process knows it, and Wait selects on it and a timer.
type PipeEvent struct {
	r, w    *os.File
	once    sync.Once
	err     error         // of closing the write end
	seen    chan struct{} // closed by the watcher when its read has ended
	readErr error         // why it ended: nil for end-of-file; written before seen is closed
}

// NewPipeEvent returns a PipeEvent that is not set.
func NewPipeEvent() (*PipeEvent, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	e := &PipeEvent{r: r, w: w, seen: make(chan struct{})}
	go e.watch()
	return e, nil
}

// watch is the watcher: it blocks in one read until the pipe says something.
// Nobody ever writes to the pipe, so the read ends with end-of-file once every
// write end is closed (set), with os.ErrClosed if Close closed the read end
// first, or with an error. Unlike a read with a deadline, a blocked read is
// woken by the kernel, whatever the timeouts of the waits.
func (e *PipeEvent) watch() {
	defer close(e.seen)
	var b [1]byte
	n, err := e.r.Read(b[:])
	switch {
	case n > 0:
		e.readErr = errors.New("pipeevent: unexpected data on the pipe")
	case errors.Is(err, io.EOF), errors.Is(err, os.ErrClosed):
	default:
		e.readErr = err
	}
}

// Set sets the event by closing the write end, then waits until the watcher
// has seen the end-of-file, so that once Set has returned every Wait returns
// true at once, however short its timeout. Setting it again does nothing and
// returns nil.
func (e *PipeEvent) Set() error {
	e.once.Do(func() { e.err = e.w.Close() })
	if e.err != nil {
		return e.err // the write end may still be open: the watcher may never see end-of-file
	}
	<-e.seen // the watcher's read ends: no write end is left open
	return nil
}

// Wait blocks until the event is set or timeout has passed, and reports
// whether it was set. If the watcher's read ended with an error rather than
// end-of-file, Wait returns true and that error.
func (e *PipeEvent) Wait(timeout time.Duration) (bool, error) {
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-e.seen:
		return true, e.readErr
	case <-t.C:
		// When seen is closed and the timer fires together, select picks
		// either: look at the event once more rather than answer false.
		select {
		case <-e.seen:
			return true, e.readErr
		default:
			return false, nil
		}
	}
}

// Close releases both ends of the pipe, whether or not the event was set, and
// returns once the watcher has ended.
func (e *PipeEvent) Close() error {
	return e.Set()
}
