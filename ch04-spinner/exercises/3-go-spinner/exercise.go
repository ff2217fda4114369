//go:build !solution

// Package gospinner is chapter 4's third exercise: the spinner as Go writes
// it — a goroutine, a context to stop it, and a channel to wait until it has
// stopped. The task is in README.md; check your answer with
//
//	go test ./ch04-spinner/exercises/3-go-spinner
package gospinner

import (
	"context"
	"io"
	"time"

	"github.com/concurrency-models/book/internal/exercise"
)

// Spin draws the spinner on w until ctx is done, then wipes the line and
// returns. It writes frame i at i×tick: "\r", the i-th character of `\|/-`
// (cycling), a space and msg; the wipe is "\r", one space per character of
// the last frame (its "\r" counted), and "\r" again.
func Spin(ctx context.Context, w io.Writer, msg string, tick time.Duration) {
	// TODO: frames until ctx is done, then the wipe.
	exercise.Unwritten("Spin: frames until ctx is done")
}

// Supervisor runs slow while a goroutine spins (msg, tick) on w, and returns
// slow's result only once the spinner has stopped and wiped its line. When
// ctx is done (Ctrl-C) slow should stop too: it gets a context derived from ctx.
func Supervisor(ctx context.Context, w io.Writer, msg string, tick time.Duration,
	slow func(ctx context.Context) (int, error)) (int, error) {
	// TODO: start the spinner goroutine, run slow, stop the spinner, wait for it.
	return 0, exercise.TODO("Supervisor: a goroutine, a cancel func and a channel")
}

// This keeps the import of package exercise, which marks the TODOs above, valid
// once you have replaced them all: the file builds at every step. Delete both
// when you are done, or leave them.
var _ = exercise.TODO
