package main

import (
	"context"
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"github.com/concurrency-models/book/ch03-gil/gil"
)

// ioRun starts `threads` I/O-bound threads on one interpreter; each waits `naps` times for nap
// (a blocking call, which releases the GIL) and runs one step after each wait.
func ioRun(threads, naps int, nap, interval time.Duration, opts ...gil.Option) (time.Duration, gil.Stats) {
	in := gil.New(append([]gil.Option{gil.SwitchInterval(interval)}, opts...)...)
	start := time.Now()
	for i := range threads {
		in.Go(fmt.Sprint("Thread-", i+1), func(t *gil.Thread) {
			for range naps {
				t.Sleep(nap)
				t.Step(nil)
			}
		})
	}
	in.Wait()
	return time.Since(start), in.Stats()
}

func ioDemo(ctx context.Context, stdout, _ io.Writer) error {
	const threads, naps = 4, 3
	nap := config.nap
	fmt.Fprintf(stdout, "%d I/O-bound threads under one GIL, each waiting %d times for %v; %s\n", threads, naps, nap, machine())
	took, stats := ioRun(threads, naps, nap, config.interval)
	fmt.Fprintf(stdout, "took %v; one after another they would take %v\n", took.Round(time.Millisecond), time.Duration(threads*naps)*nap)
	fmt.Fprintf(stdout, "threads running bytecode at once, at most: %d\n", stats.MaxRunning)
	// The waits overlap, so the run takes about `naps` naps; one after another they would take
	// threads*naps. Half of that leaves a wide margin for a busy machine.
	if half := time.Duration(threads*naps/2) * nap; took < half {
		fmt.Fprintf(stdout, "under half of that: the waits overlapped, because a blocking call releases the GIL\n")
	} else {
		fmt.Fprintf(stdout, "not under half of that: the machine was too busy to show the overlap\n")
	}
	return ctx.Err()
}

// convoyRun runs a CPU-bound thread beside an I/O-bound one that makes `trips` round trips:
// wait nap (GIL released), then one step to handle the result (GIL needed). It returns the
// I/O thread's average wait for the GIL after each nap, and the interpreter's counters. work is
// the CPU-bound thread's step.
func convoyRun(ctx context.Context, interval, nap time.Duration, trips int, work func(), opts ...gil.Option) (time.Duration, gil.Stats) {
	in := gil.New(append([]gil.Option{gil.SwitchInterval(interval)}, opts...)...)
	var stop atomic.Bool
	in.Go("cpu", func(t *gil.Thread) {
		for !stop.Load() {
			t.Step(work)
		}
	})
	var waited time.Duration
	in.Go("io", func(t *gil.Thread) {
		defer stop.Store(true)
		for range trips {
			if ctx.Err() != nil {
				return
			}
			start := time.Now()
			t.Sleep(nap) // returns once the GIL is ours again
			waited += time.Since(start) - nap
			t.Step(nil)
		}
	})
	in.Wait()
	return waited / time.Duration(trips), in.Stats()
}

func convoyDemo(ctx context.Context, stdout, _ io.Writer) error {
	trips, nap := config.trips, config.nap/10
	fmt.Fprintf(stdout, "a CPU-bound thread and an I/O-bound one; the I/O thread makes %d round trips of %v; %s\n", trips, nap, machine())
	fmt.Fprintf(stdout, "%-16s %s\n", "switch interval", "average wait for the GIL after each I/O")
	for _, interval := range []time.Duration{time.Millisecond, 5 * time.Millisecond, 20 * time.Millisecond} {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		x := uint64(1)
		w, _ := convoyRun(ctx, interval, nap, trips, func() { x = burn(x, roundsPerStep) })
		if ctx.Err() != nil {
			return ctx.Err()
		}
		fmt.Fprintf(stdout, "%-16v %v\n", interval, w.Round(100*time.Microsecond))
	}
	return nil
}
