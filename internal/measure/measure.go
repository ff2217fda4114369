// Package measure repeats a timed measurement and summarises its runs, for the book's measured
// demos: the best time, which is the run least disturbed by whatever else the machine was doing,
// and the spread, how much slower the slowest run was, so that a reader sees how far the figure
// can be trusted. WarnIfBusy adds a warning when the machine is busier than its cores.
package measure

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"slices"
	"time"

	"github.com/concurrency-models/book/internal/loadavg"
)

// Timing summarises a measurement repeated Runs times.
type Timing struct {
	Best, Worst time.Duration
	Runs        int
}

// Of summarises measured durations; it needs at least one.
func Of(ds ...time.Duration) Timing {
	return Timing{Best: slices.Min(ds), Worst: slices.Max(ds), Runs: len(ds)}
}

// Spread is how much slower the slowest run was than the best, as the demos print it: "+3%".
// A single run has no spread: "+0%".
func (t Timing) Spread() string {
	return fmt.Sprintf("+%.0f%%", 100*float64(t.Worst-t.Best)/float64(max(t.Best, 1)))
}

// Repeat calls run n times and summarises the durations it returns. It stops at the first error,
// and returns ctx.Err() once ctx is done after a run: a run cut short by a cancelled context
// measures nothing.
func Repeat(ctx context.Context, n int, run func() (time.Duration, error)) (Timing, error) {
	if n < 1 {
		return Timing{}, fmt.Errorf("measure.Repeat: %d runs, want at least 1", n)
	}
	ds := make([]time.Duration, 0, n)
	for range n {
		d, err := run()
		if ctx.Err() != nil {
			return Timing{}, ctx.Err()
		}
		if err != nil {
			return Timing{}, err
		}
		ds = append(ds, d)
	}
	return Of(ds...), nil
}

// Runs says how many runs a figure is the best of: "best of 3 runs", or "one run".
func Runs(n int) string {
	if n == 1 {
		return "one run"
	}
	return fmt.Sprintf("best of %d runs", n)
}

// Speedup is how many times faster d is than base.
func Speedup(base, d time.Duration) float64 { return float64(base) / float64(max(d, 1)) }

// WarnIfBusy writes a line to w when the machine's load average exceeds its cores
// (loadavg.Warning), and nothing otherwise. Demos call it right after their first line.
func WarnIfBusy(w io.Writer) {
	if warn := loadavg.Warning(runtime.NumCPU()); warn != "" {
		fmt.Fprintln(w, warn)
	}
}
