//go:build !solution

// Package pipeevent is chapter 4's second exercise: an Event made of a pipe,
// which works across processes — closing the write end is set(). The task is
// in README.md; check your answer with
//
//	go test ./ch04-spinner/exercises/2-pipe-event
package pipeevent

import (
	"time"

	"github.com/concurrency-models/book/internal/exercise"
)

// PipeEvent is an Event made of a pipe (os.Pipe). The side that sets it keeps
// the write end; the side that waits reads the read end, which a child process
// could inherit. Set closes the write end, so every read returns end-of-file.
//
// A goroutine, the watcher, blocks reading the read end from the start; when
// its read ends, it sets an event in memory, which Wait watches.
type PipeEvent struct {
	// TODO: your fields.
}

// NewPipeEvent returns a PipeEvent that is not set, its watcher already
// reading.
func NewPipeEvent() (*PipeEvent, error) {
	return nil, exercise.TODO("NewPipeEvent: make the pipe, start the watcher")
}

// Set sets the event by closing the write end, and returns once the watcher
// has seen it: from then on every Wait returns true at once. Setting it again
// does nothing and returns nil.
func (e *PipeEvent) Set() error {
	return exercise.TODO("Set")
}

// Wait blocks until the event is set or timeout has passed, and reports
// whether it was set.
func (e *PipeEvent) Wait(timeout time.Duration) (bool, error) {
	return false, exercise.TODO("Wait")
}

// Close releases both ends of the pipe, whether or not the event was set.
func (e *PipeEvent) Close() error {
	return exercise.TODO("Close")
}

// This keeps the import of package exercise, which marks the TODOs above, valid
// once you have replaced them all: the file builds at every step. Delete both
// when you are done, or leave them.
var _ = exercise.TODO
