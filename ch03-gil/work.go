package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"sync"
	"time"

	"github.com/concurrency-models/book/internal/loadavg"
	"github.com/concurrency-models/book/internal/measure"
)

// Helpers that serve every demo of this chapter: the one unit of CPU-bound work they all run,
// and what each measured demo prints about the machine and its figures.

// roundsPerStep is how much arithmetic one simulated bytecode step does: about a tenth of a
// millisecond, so a 5ms switch interval is some fifty steps.
const roundsPerStep = 100_000

// burn does rounds of arithmetic on x and returns the result: pure CPU work, no memory traffic.
// It is never inlined, so its loop keeps x in a register even when the caller's x lives in a
// closure.
//
//go:noinline
func burn(x uint64, rounds int) uint64 {
	for range rounds {
		x = x*6364136223846793005 + 1442695040888963407
	}
	return x
}

// unit is one unit of CPU-bound work, cut into steps: every column of the cpu table runs this
// same code, so they differ only in how the steps are scheduled. step runs one piece; for a
// simulated thread it is Thread.Step, which needs the GIL. It gives up early, with a wrong
// checksum, once ctx is done; callers then report ctx.Err().
func unit(ctx context.Context, millions int, step func(func())) uint64 {
	x := uint64(millions)
	for range millions * 1_000_000 / roundsPerStep {
		if ctx.Err() != nil {
			break
		}
		step(func() { x = burn(x, roundsPerStep) })
	}
	return x
}

// plain runs a step directly: no interpreter, no GIL.
func plain(f func()) { f() }

// runGoroutines runs the units on `workers` plain goroutines: no interpreter, no GIL.
func runGoroutines(ctx context.Context, units, workers, millions int) (time.Duration, []uint64) {
	sums := make([]uint64, units)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for u := w; u < units; u += workers {
				sums[u] = unit(ctx, millions, plain)
			}
		})
	}
	wg.Wait()
	return time.Since(start), sums
}

// ratio is how many times faster d is than base, as the tables print it: "2.0x".
func ratio(base, d time.Duration) string {
	return fmt.Sprintf("%.1fx", speedup(base, d))
}

func speedup(base, d time.Duration) float64 { return measure.Speedup(base, d) }

// verdict says what a speed-up shows, when at most `lanes` workers could run at once (the
// cores, or the Ps). It is computed from the figure, so a table never calls 0.7x "parallel".
func verdict(speedup float64, lanes int) string {
	switch {
	case lanes > 1 && speedup >= 0.75*float64(lanes):
		return "in parallel"
	case speedup < 1.25:
		return "no faster than one at a time"
	default:
		return "partly in parallel"
	}
}

// loadWatch keeps the highest load average a demo has seen (it looks when the demo starts and
// before it prints its verdicts). On a machine busier than its cores a speed-up says little:
// other programs slow whichever run they happen to share the CPU with, the sequential yardstick
// included, and a slowed yardstick makes every speed-up look larger. So a verdict computed from
// timings is withheld there, and says why.
type loadWatch struct {
	most float64
	seen bool
}

// look reads the load average now.
func (l *loadWatch) look() {
	if v, ok := loadavg.Read(); ok {
		l.most, l.seen = max(l.most, v), true
	}
}

// busy reports whether the load average has exceeded the cores.
func (l *loadWatch) busy() bool { return l.seen && l.most > float64(runtime.NumCPU()) }

// inconclusive is what a timing verdict says on a busy machine.
func (l *loadWatch) inconclusive() string {
	return fmt.Sprintf("inconclusive (load %.2f on %d cores)", l.most, runtime.NumCPU())
}

// verdict is the package's verdict for a speed-up, or inconclusive on a busy machine.
func (l *loadWatch) verdict(speedup float64, lanes int) string {
	if l.busy() {
		return l.inconclusive()
	}
	return verdict(speedup, lanes)
}

// gilVerdict says what the GIL threads did, from the interpreter's own count of threads inside
// a bytecode step at the same moment, which no load on the machine can change. The timing is
// only a cross-check, and on a busy machine the line says it is inconclusive.
func (l *loadWatch) gilVerdict(mostRunning int) string {
	what := "took turns: at most 1 thread ran bytecode at once (counted, not timed)"
	if mostRunning > 1 {
		what = fmt.Sprintf("ran together: %d threads ran bytecode at once (counted): the GIL failed", mostRunning)
	}
	if l.busy() {
		what += "; the time is " + l.inconclusive()
	}
	return what
}

// timing is the result of a measurement repeated config.repeat times: package measure's
// Timing, with the names this chapter's tables use.
type timing struct{ best, worst time.Duration }

// spread is how much slower the slowest run was than the best: "+3%".
func (tm timing) spread() string { return measure.Timing{Best: tm.best, Worst: tm.worst}.Spread() }

// timings summarises repeated measurements.
func timings(ds []time.Duration) timing {
	m := measure.Of(ds...)
	return timing{best: m.Best, worst: m.Worst}
}

// runs says how many runs a figure is the best of: "best of 3 runs", or "one run".
func runs(n int) string { return measure.Runs(n) }

// machine describes the hardware every table was measured on.
func machine() string {
	return fmt.Sprintf("%d cores, GOMAXPROCS=%d", runtime.NumCPU(), runtime.GOMAXPROCS(0))
}

// header prints a measured demo's first line, which names the machine, and under it a warning
// if the machine is busier than it has cores.
func header(w io.Writer, format string, args ...any) *loadWatch {
	fmt.Fprintf(w, format+"; %s\n", append(args, machine())...)
	measure.WarnIfBusy(w)
	lw := &loadWatch{}
	lw.look()
	return lw
}
