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
	header(stdout, "a CPU-bound thread and an I/O-bound one; the I/O thread makes %d round trips of %v", trips, nap)
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
