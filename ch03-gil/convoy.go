package main

import (
	"context"
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"github.com/concurrency-models/book/ch03-gil/gil"
)

// The convoy demo: an I/O-bound thread beside a CPU-bound one waits about a switch interval
// for the GIL after each of its waits.

// convoyRun runs a CPU-bound thread beside an I/O-bound one that makes `trips` round trips:
// wait nap (GIL released), then one step to handle the result (GIL needed). It returns the
// I/O thread's wait for the GIL after each nap, and the interpreter's counters. work is the
// CPU-bound thread's step.
func convoyRun(ctx context.Context, interval, nap time.Duration, trips int, work func(), opts ...gil.Option) ([]time.Duration, gil.Stats) {
	in := gil.New(append([]gil.Option{gil.SwitchInterval(interval)}, opts...)...)
	var stop atomic.Bool
	in.Go("cpu", func(t *gil.Thread) {
		for !stop.Load() {
			t.Step(work)
		}
	})
	var waits []time.Duration
	in.Go("io", func(t *gil.Thread) {
		defer stop.Store(true)
		for range trips {
			if ctx.Err() != nil {
				return
			}
			start := time.Now()
			t.Sleep(nap) // returns once the GIL is ours again
			waits = append(waits, time.Since(start)-nap)
			t.Step(nil)
		}
	})
	in.Wait()
	return waits, in.Stats()
}

// mean is the average of ds, which must not be empty.
func mean(ds []time.Duration) time.Duration {
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	return sum / time.Duration(len(ds))
}

func convoyDemo(ctx context.Context, stdout io.Writer) error {
	trips, nap := config.trips, config.nap/10
	header(stdout, "a CPU-bound thread and an I/O-bound one; the I/O thread makes %d round trips of %v", trips, nap)
	fmt.Fprintf(stdout, "%-16s %s\n", "switch interval", "the I/O thread's wait for the GIL after each I/O: average, fastest, slowest")
	for _, interval := range []time.Duration{time.Millisecond, 5 * time.Millisecond, 20 * time.Millisecond} {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		x := uint64(1)
		waits, _ := convoyRun(ctx, interval, nap, trips, func() { x = burn(x, roundsPerStep) })
		if ctx.Err() != nil {
			return ctx.Err()
		}
		tm, r := timings(waits), 100*time.Microsecond
		fmt.Fprintf(stdout, "%-16v %-8v %-8v %v\n", interval, mean(waits).Round(r), tm.best.Round(r), tm.worst.Round(r))
	}
	return nil
}
