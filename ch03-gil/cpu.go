package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/sync/errgroup"

	"github.com/concurrency-models/book/ch02-executor/executor"
	"github.com/concurrency-models/book/ch03-gil/gil"
	"github.com/concurrency-models/book/internal/measure"
)

// The cpu demo: the same units of CPU-bound work run sequentially, on simulated threads under
// one GIL, on worker processes, in native code that releases the GIL, and on goroutines.

// unitOnThread runs one unit of work as bytecode steps on a simulated thread.
func unitOnThread(ctx context.Context, t *gil.Thread, millions int) uint64 {
	return unit(ctx, millions, t.Step)
}

// unitInNativeCode runs one unit the way a C extension would: one bytecode step to make the
// call, then the whole loop as native code that has released the GIL, then a step to take the
// result. The arithmetic is the same; only the GIL is out of the way.
func unitInNativeCode(ctx context.Context, t *gil.Thread, millions int) uint64 {
	var x uint64
	t.Step(nil)
	t.Native(func() { x = unit(ctx, millions, plain) })
	t.Step(nil)
	return x
}

// unitInOwnInterpreter is what a worker process runs: a fresh interpreter with its own GIL and
// one thread, doing one unit. A cancelled demo stops its workers with SIGTERM, so it needs no
// context of its own.
func unitInOwnInterpreter(millions int) (uint64, error) {
	in := gil.New()
	var x uint64
	in.Go("MainThread", func(t *gil.Thread) { x = unitOnThread(context.Background(), t, millions) })
	in.Wait()
	return x, nil
}

func init() { executor.RegisterFunc("gil-unit", unitInOwnInterpreter) }

// A run computes one checksum per unit, so the columns can be checked to do the same work.

func runSequential(ctx context.Context, units, millions int) (time.Duration, []uint64) {
	sums := make([]uint64, units)
	start := time.Now()
	for u := range units {
		sums[u] = unit(ctx, millions, plain)
	}
	return time.Since(start), sums
}

// runThreads runs the units on `workers` simulated threads of one interpreter; each thread
// takes every workers-th unit and runs it with do (unitOnThread or unitInNativeCode).
func runThreads(ctx context.Context, units, workers, millions int, interval time.Duration,
	do func(context.Context, *gil.Thread, int) uint64) (time.Duration, []uint64, gil.Stats) {
	in := gil.New(gil.SwitchInterval(interval))
	sums := make([]uint64, units)
	start := time.Now()
	for w := range workers {
		in.Go(fmt.Sprint("Thread-", w+1), func(t *gil.Thread) {
			for u := w; u < units; u += workers {
				sums[u] = do(ctx, t, millions)
			}
		})
	}
	in.Wait()
	return time.Since(start), sums, in.Stats()
}

// runProcesses runs the units on a pool of `workers` processes (chapter 2's ProcessPool: this
// program started again through internal/reexec), each with its own interpreter and GIL.
func runProcesses(ctx context.Context, units, workers, millions int) (time.Duration, []uint64, error) {
	sums := make([]uint64, units)
	pool, err := executor.NewProcessPool(ctx, workers)
	if err != nil {
		return 0, nil, err
	}
	defer pool.Close()
	var warm errgroup.Group // start-up is not what this column measures
	for range workers {
		warm.Go(func() error { _, err := executor.Call[int, uint64](pool, "gil-unit", 0); return err })
	}
	if err := warm.Wait(); err != nil {
		return 0, nil, err
	}
	start := time.Now()
	var g errgroup.Group
	for u := range units {
		g.Go(func() (err error) { sums[u], err = executor.Call[int, uint64](pool, "gil-unit", millions); return err })
	}
	err = g.Wait()
	return time.Since(start), sums, err
}

// cpuColumns are the cpu table's columns after "workers", in the order they are run.
var cpuColumns = []string{"GIL threads", "processes", "native code", "goroutines"}

// cpuWorkers are the cpu table's rows.
var cpuWorkers = []int{1, 2, 4}

// cpuLanes is how many workers of a column can run at once with w workers: processes are
// limited by the cores, everything else in this program by its Ps.
func cpuLanes(column string, w int) int {
	if column == "processes" {
		return min(w, runtime.NumCPU())
	}
	return min(w, runtime.GOMAXPROCS(0))
}

// repeated runs a measurement config.repeat times, or until ctx is done (measure.Repeat), and
// checks that each run computed want.
func repeated(ctx context.Context, want []uint64, same *bool, run func() (time.Duration, []uint64, error)) (timing, error) {
	m, err := measure.Repeat(ctx, config.repeat, func() (time.Duration, error) {
		d, sums, err := run()
		if err == nil {
			*same = *same && (want == nil || slices.Equal(sums, want))
		}
		return d, err
	})
	return timing{best: m.Best, worst: m.Worst}, err
}

func cpuDemo(ctx context.Context, stdout io.Writer) (err error) {
	units, millions := config.units, config.work
	lw := header(stdout, "CPU-bound: %d units of %d million rounds, %s", units, millions, runs(config.repeat))
	same := true
	var want []uint64
	seq, err := repeated(ctx, nil, &same, func() (time.Duration, []uint64, error) {
		d, sums := runSequential(ctx, units, millions)
		want = sums
		return d, sums, nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "sequential: %v, slowest run %s; below, each way's time, its speed-up over sequential, and its slowest run\n",
		seq.best.Round(time.Millisecond), seq.spread())
	const width = 18
	fmt.Fprintln(stdout, strings.TrimRight(fmt.Sprintf("%-8s"+strings.Repeat(" %-*s", len(cpuColumns)),
		append([]any{"workers"}, widths(width, cpuColumns)...)...), " "))
	var bytecode, inFlight int // the most threads ever running bytecode, in native calls, at once
	best := map[string]float64{}
	var nativeMost float64 // the native column's speed-up with the most workers
	// Each cell is printed as soon as it is measured, so a long run shows its progress. An
	// interrupted row is ended with a newline before the error is reported.
	defer func() {
		if err != nil {
			fmt.Fprintln(stdout)
		}
	}()
	for _, workers := range cpuWorkers {
		fmt.Fprintf(stdout, "%d", workers)
		cells := map[string]func() (time.Duration, []uint64, error){
			"GIL threads": func() (time.Duration, []uint64, error) {
				d, sums, s := runThreads(ctx, units, workers, millions, config.interval, unitOnThread)
				bytecode = max(bytecode, s.MaxRunning)
				return d, sums, nil
			},
			"processes": func() (time.Duration, []uint64, error) { return runProcesses(ctx, units, workers, millions) },
			"native code": func() (time.Duration, []uint64, error) {
				d, sums, s := runThreads(ctx, units, workers, millions, config.interval, unitInNativeCode)
				bytecode, inFlight = max(bytecode, s.MaxRunning), max(inFlight, s.MaxNative)
				return d, sums, nil
			},
			"goroutines": func() (time.Duration, []uint64, error) {
				d, sums := runGoroutines(ctx, units, workers, millions)
				return d, sums, nil
			},
		}
		// Each cell pads the one before it to its column's width, so no line ends in spaces.
		prev, pad := fmt.Sprint(workers), 8
		for _, column := range cpuColumns {
			tm, err := repeated(ctx, want, &same, cells[column])
			if err != nil {
				return err
			}
			up := speedup(seq.best, tm.best)
			best[column] = max(best[column], up)
			if column == "native code" {
				nativeMost = up
			}
			text := fmt.Sprintf("%v %s %s", tm.best.Round(time.Millisecond), ratio(seq.best, tm.best), tm.spread())
			fmt.Fprintf(stdout, "%*s %s", pad-utf8.RuneCountInString(prev), "", text)
			prev, pad = text, width
		}
		fmt.Fprintln(stdout)
	}
	fmt.Fprintf(stdout, "every run computed the same checksums: %t\n", same)
	most := slices.Max(cpuWorkers)
	fmt.Fprintf(stdout, "each way's best speed-up, and what it shows:\n")
	lw.look()
	for _, column := range cpuColumns {
		what := lw.verdict(best[column], cpuLanes(column, most))
		if column == "GIL threads" { // the count decides, not the clock
			what = lw.gilVerdict(bytecode)
		}
		fmt.Fprintf(stdout, "  %-13s %.1fx  %s\n", column, best[column], what)
	}
	fmt.Fprintf(stdout, "threads running bytecode at once, at most: %d (the GIL)\n", bytecode)
	fmt.Fprintf(stdout, "native calls in flight at once, at most: %d (started and not yet returned)\n", inFlight)
	fmt.Fprintf(stdout, "native code executing at once, on average: %.1f (sequential time over native time, an estimate; the true figure cannot exceed GOMAXPROCS=%d)\n",
		nativeMost, runtime.GOMAXPROCS(0))
	return nil
}

// widths interleaves a width with each string, for a "%-*s" verb apiece.
func widths(w int, ss []string) []any {
	var a []any
	for _, s := range ss {
		a = append(a, w, s)
	}
	return a
}
