package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/concurrency-models/book/internal/measure"
)

// The chapter's measured demos, pool and contention, run each measurement -repeat times and
// show the best run with the spread (package measure); they warn under their first line when
// the machine is busier than its cores. These helpers bind package measure to the -repeat flag.

// repeated runs a measurement config.repeat times, or until ctx is done.
func repeated(ctx context.Context, run func() (time.Duration, error)) (measure.Timing, error) {
	return measure.Repeat(ctx, config.repeat, run)
}

// runs names what each figure is: "best of 3 runs", or "one run".
func runs() string { return measure.Runs(config.repeat) }

// shown rounds a measured time for a table: to the millisecond, or to the microsecond when it
// is less than a millisecond, so that the small sizes of -quick show a time and not 0s.
func shown(d time.Duration) time.Duration {
	if d < time.Millisecond {
		return d.Round(time.Microsecond)
	}
	return d.Round(time.Millisecond)
}

// plural is n and the noun, with an s unless n is 1: "1 prime", "2 primes".
func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// warnIfBusy writes the busy-machine warning to w, if the load average exceeds the cores.
func warnIfBusy(w io.Writer) { measure.WarnIfBusy(w) }
