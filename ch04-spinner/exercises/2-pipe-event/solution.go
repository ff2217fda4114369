//go:build solution

// Package pipeevent is chapter 4's second exercise: an Event made of a pipe,
// which works across processes — closing the write end is set(). This file is
// the reference solution (go test -tags solution).
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
