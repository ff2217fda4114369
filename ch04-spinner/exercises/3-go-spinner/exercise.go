//go:build !solution

// Package gospinner is chapter 4's third exercise: the spinner as Go writes
// it — a goroutine, a context to stop it, a channel to wait until it has
// stopped — and one more channel, on which the slow function tells the
// spinner what to show. The task is in README.md; check your answer with
//
//	go test -race ./ch04-spinner/exercises/3-go-spinner
package gospinner

import (
	"context"
	"io"
	"time"

	"github.com/concurrency-models/book/internal/exercise"
)

// Spin draws the spinner on w until ctx is done, then wipes the line and
// returns. It writes frame i at i×tick: "\r", the i-th character of `\|/-`
// (cycling), a space and the message, msg at first. A new message from
// updates is shown at once: the line is wiped and the current frame drawn
// again with it; later frames keep to the tick. A wipe is "\r", one space per
// display column of the last frame ("\r" takes none), and "\r" again.
func Spin(ctx context.Context, w io.Writer, msg string, tick time.Duration, updates <-chan string) {
	// TODO: frames until ctx is done, new messages as they come, then the wipe.
	exercise.Unwritten("Spin: frames until ctx is done")
}

// Supervisor runs slow while a goroutine spins (msg, tick) on w, and returns
// slow's result only once the spinner has stopped and wiped its line. slow gets
// a context derived from ctx (Ctrl-C stops it too) and a progress function
// that changes the spinner's message.
func Supervisor(ctx context.Context, w io.Writer, msg string, tick time.Duration,
	slow func(ctx context.Context, progress func(msg string)) (int, error)) (int, error) {
	// TODO: start the spinner goroutine, run slow, stop the spinner, wait for it.
	return 0, exercise.TODO("Supervisor: a goroutine, a cancel func and channels")
}

// This keeps the import of package exercise, which marks the TODOs above, valid
// once you have replaced them all: the file builds at every step. Delete both
// when you are done, or leave them.
var _ = exercise.TODO
