//go:build !solution

// A typical wrong answer, for CI: .ci/exercises builds the check with this file in
// place of exercise.go (go test -overlay) and requires the check to fail, saying:
//
//	want: after Set() returned, wait 1: Wait(1ns) = false, <nil>
//
// It is the design the lesson's section 2 says was removed: Wait reads the pipe with a
// deadline. Go's read checks the deadline before it looks at the pipe, so a wait whose
// deadline has passed by the time the read begins answers false even on a set event.
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
type PipeEvent struct {
	r, w *os.File
	once sync.Once
	err  error // of closing the write end
}

// NewPipeEvent returns a PipeEvent that is not set.
func NewPipeEvent() (*PipeEvent, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	return &PipeEvent{r: r, w: w}, nil
}

// Set sets the event by closing the write end. Setting it again does nothing
// and returns nil.
func (e *PipeEvent) Set() error {
	e.once.Do(func() { e.err = e.w.Close() })
	return e.err
}

// Wait blocks until the event is set or timeout has passed, and reports
// whether it was set: a read on the read end with a deadline.
//
// Nobody ever writes to the pipe, so a read can only end three ways: at the
// deadline (not set), with end-of-file once every write end is closed (set),
// or with an error.
func (e *PipeEvent) Wait(timeout time.Duration) (bool, error) {
	if err := e.r.SetReadDeadline(time.Now().Add(timeout)); err != nil {
		return false, err
	}
	var b [1]byte
	_, err := e.r.Read(b[:])
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded):
		return false, nil
	case errors.Is(err, io.EOF):
		return true, nil
	case err != nil:
		return false, err
	}
	return false, errors.New("pipeevent: unexpected data on the pipe")
}

// Close releases both ends of the pipe.
func (e *PipeEvent) Close() error {
	return errors.Join(e.Set(), e.r.Close())
}
