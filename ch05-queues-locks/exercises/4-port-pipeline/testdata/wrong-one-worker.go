//go:build !solution

// A wrong answer: one worker whatever workers says: right squares, no fan-out.
// .ci/exercises builds the check with this file in place of exercise.go
// (go test -overlay) and requires the check to fail, saying:
//
//	want: squared one number at a time
package portpipeline

import (
	"context"

	"go.uber.org/goleak"
)

// Generate starts a goroutine that sends 1, 2, ..., n on the channel it
// returns and then closes it (the producer). When ctx is done it stops early,
// even while nobody reads, and closes the channel.
//
// The close is Python's sentinel, and needs no counting: a closed channel
// ends every worker's receive loop, however many workers there are.
func Generate(ctx context.Context, n int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out) // the sender closes
		for i := 1; i <= n; i++ {
			select {
			case out <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// Work is one worker: it sends square(x) on out for every x it receives from
// in, and returns when in is closed — or as soon as ctx is done, even while
// nobody reads out. It does not close out: other workers send on it too.
func Work(ctx context.Context, in <-chan int, out chan<- int, square func(int) int) {
	for {
		select {
		case x, ok := <-in:
			if !ok {
				return
			}
			select { // a send nobody takes must not outlive ctx
			case out <- square(x):
			case <-ctx.Done():
				return
			}
		case <-ctx.Done():
			return
		}
	}
}

// Squares runs a single worker.
func Squares(ctx context.Context, n, workers int, square func(int) int) <-chan int {
	numbers := Generate(ctx, n)
	results := make(chan int)
	go func() {
		defer close(results)
		Work(ctx, numbers, results, square)
	}()
	return results
}

// FirstSquare returns the first square the pipeline delivers, and stops
// reading. Fixed: it cancels the pipeline's context when it stops reading, and
// every goroutine of the pipeline, blocked on a send, takes the ctx.Done()
// case of its select and ends.
func FirstSquare(n, workers int, square func(int) int) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	return <-Squares(ctx, n, workers, square)
}

// LeakTest is the body of your leak test: it calls f, and fails t (with
// t.Error, through goleak) if f left a goroutine behind. It blames f only for
// goroutines that f started, and not for one that is still ending when f
// returns.
//
// goleak.IgnoreCurrent() is evaluated when the defer statement runs, before
// f: it lists the goroutines that were already there. VerifyNone then looks
// after f has returned, and retries for a while before it calls a goroutine a
// leak, so one that is on its way out is not.
func LeakTest(t goleak.TestingT, f func()) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	f()
}
