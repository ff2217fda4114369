//go:build !solution

// Package portpipeline is chapter 5's fourth exercise: port a Python pipeline
// of threads and queues stopped by sentinels to plain Go — fan-out and fan-in
// over channels, stopped by close and by a context — and write the test that
// catches a goroutine leak with goleak. The task is in README.md; check your
// answer with
//
//	go test -race ./ch05-queues-locks/exercises/4-port-pipeline
package portpipeline

import (
	"context"

	"go.uber.org/goleak"

	"github.com/concurrency-models/book/internal/exercise"
)

// Generate starts a goroutine that sends 1, 2, ..., n on the channel it
// returns and then closes it (the producer). When ctx is done it stops early,
// even while nobody reads, and closes the channel.
func Generate(ctx context.Context, n int) <-chan int {
	// TODO: make the channel, start the goroutine, return the channel.
	exercise.Unwritten("Generate: the producer")
	return nil
}

// Work is one worker: it sends square(x) on out for every x it receives from
// in, and returns when in is closed — or as soon as ctx is done, even while
// nobody reads out. It does not close out: other workers send on it too.
func Work(ctx context.Context, in <-chan int, out chan<- int, square func(int) int) {
	// TODO: receive, square, send; stop on close or ctx.
	exercise.Unwritten("Work: one worker")
}

// Squares is the pipeline: Generate(ctx, n), then workers goroutines running
// Work, all reading the numbers from the one channel (fan-out) and sending
// their squares on the one channel Squares returns (fan-in). That channel is
// closed once every worker has returned. When ctx is done, every goroutine of
// the pipeline stops, even while nobody reads, and the channel is closed.
func Squares(ctx context.Context, n, workers int, square func(int) int) <-chan int {
	// TODO: Generate, the workers, and one goroutine that closes the results.
	exercise.Unwritten("Squares: fan-out and fan-in")
	return nil
}

// FirstSquare returns the first square the pipeline delivers, and stops
// reading. As given, it leaks: the pipeline's goroutines go on, blocked for
// ever on sends that nobody will take. Write LeakTest first and see it fail
// on this; then fix FirstSquare.
func FirstSquare(n, workers int, square func(int) int) int {
	for sq := range Squares(context.Background(), n, workers, square) {
		return sq
	}
	return 0
}

// LeakTest is the body of your leak test: it calls f, and fails t (with
// t.Error, through goleak) if f left a goroutine behind. It blames f only for
// goroutines that f started, and not for one that is still ending when f
// returns. Call it from a test of your own, for instance
//
//	func TestFirstSquareDoesNotLeak(t *testing.T) {
//		LeakTest(t, func() { FirstSquare(100, 3, func(x int) int { return x * x }) })
//	}
func LeakTest(t goleak.TestingT, f func()) {
	// TODO: goleak.VerifyNone, with the right option, at the right moment.
	exercise.Unwritten("LeakTest: a goleak check around f")
}

// This keeps the import of package exercise, which marks the TODOs above, valid
// once you have replaced them all: the file builds at every step. Delete both
// when you are done, or leave them.
var _ = exercise.TODO
