//go:build !solution

// Package portbroadcast is chapter 4's fourth exercise: port a Python program
// in which one threading.Event stops three spinner threads to plain Go — a
// goroutine per spinner, and one close of a channel to stop them all. The task
// is in README.md; check your answer with
//
//	go test ./ch04-spinner/exercises/4-port-broadcast
package portbroadcast

import (
	"time"

	"github.com/concurrency-models/book/internal/exercise"
)

// Spinner starts a goroutine that draws frames until done is closed: it sends
// frame 1 at once, then frames 2, 3, ... one per tick, on the channel Spinner
// returns, and closes that channel when it stops. It notices done at once —
// mid-tick, and while nobody reads its frames (Python's done.wait(tick)).
func Spinner(done <-chan struct{}, tick time.Duration) <-chan int {
	// TODO: make the channel, start the goroutine, return the channel.
	exercise.Unwritten("Spinner: a goroutine that sends frames until done is closed")
	return nil
}

// Supervise is the Python program's main: it starts n spinners, numbered 0 to
// n-1, all on one done channel, and draws each frame a spinner sends with
// draw(spinner, frame) — draw is safe to call from several goroutines at once.
// It calls slow and, once slow returns, stops every spinner with a single
// close. When a spinner's frames end, Supervise wipes its line,
// draw(spinner, 0). It returns slow's answer once every line is wiped.
func Supervise(n int, tick time.Duration, slow func() int, draw func(spinner, frame int)) int {
	// TODO: one done channel, n spinners, a goroutine drawing each one's frames.
	exercise.Unwritten("Supervise: n spinners, slow, one close, wait")
	return 0
}

// This keeps the import of package exercise, which marks the TODOs above, valid
// once you have replaced them all: the file builds at every step. Delete both
// when you are done, or leave them.
var _ = exercise.TODO
