package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/concurrency-models/book/ch03-gil/gil"
)

// The io demo: I/O-bound threads under one GIL overlap their waits.

// ioRun starts `threads` I/O-bound threads on one interpreter; each waits `naps` times for nap
// (a blocking call, which releases the GIL) and runs one step after each wait. Once ctx is
// done, every wait ends at once and the threads stop; ioRun then returns ctx.Err().
func ioRun(ctx context.Context, threads, naps int, nap, interval time.Duration, opts ...gil.Option) (time.Duration, gil.Stats, error) {
	in := gil.New(append([]gil.Option{gil.SwitchInterval(interval)}, opts...)...)
	start := time.Now()
	for i := range threads {
		in.Go(fmt.Sprint("Thread-", i+1), func(t *gil.Thread) {
			for range naps {
				if t.SleepContext(ctx, nap) != nil {
					return
				}
				t.Step(nil)
			}
		})
	}
	in.Wait()
	return time.Since(start), in.Stats(), ctx.Err()
}

func ioDemo(ctx context.Context, stdout io.Writer) error {
	const threads, naps = 4, 3
	nap := config.nap
	header(stdout, "%d I/O-bound threads under one GIL, each waiting %d times for %v", threads, naps, nap)
	took, stats, err := ioRun(ctx, threads, naps, nap, config.interval)
	if err != nil {
		return err // interrupted: a time cut short says nothing
	}
	fmt.Fprintf(stdout, "took %v; one after another they would take %v\n", took.Round(time.Millisecond), time.Duration(threads*naps)*nap)
	fmt.Fprintf(stdout, "threads running bytecode at once, at most: %d\n", stats.MaxRunning)
	// The verdict follows from the interpreter's count of threads inside a blocking call at
	// once, not from the time, which a busy machine stretches.
	if stats.MaxBlocking > 1 {
		fmt.Fprintf(stdout, "threads waited at the same time: the waits overlapped, because a blocking call releases the GIL\n")
	} else {
		fmt.Fprintf(stdout, "no two threads waited at the same time: the waits did not overlap\n")
	}
	return nil
}
