package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/sync/errgroup"

	"github.com/concurrency-models/book/ch02-executor/executor"
	"github.com/concurrency-models/book/ch03-gil/gil"
)

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

func ratio(base, d time.Duration) string {
	return fmt.Sprintf("%.1fx", float64(base)/float64(max(d, 1)))
}

// machine describes the hardware every table was measured on.
func machine() string {
	return fmt.Sprintf("%d cores, GOMAXPROCS=%d", runtime.NumCPU(), runtime.GOMAXPROCS(0))
}

// anys converts strings for a variadic call.
func anys(ss []string) []any {
	a := make([]any, len(ss))
	for i, s := range ss {
		a[i] = s
	}
	return a
}

// cpuColumns are the cpu table's columns after "workers", in the order they are run.
var cpuColumns = []string{"GIL threads", "processes", "native code", "goroutines"}

func cpuDemo(ctx context.Context, stdout, _ io.Writer) (err error) {
	units, millions := config.units, config.work
	fmt.Fprintf(stdout, "CPU-bound: %d units of %d million rounds; %s\n", units, millions, machine())
	seq, want := runSequential(ctx, units, millions)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	fmt.Fprintf(stdout, "sequential: %v; below, each time and its speed-up over sequential\n", seq.Round(time.Millisecond))
	fmt.Fprintln(stdout, strings.TrimRight(fmt.Sprintf("%-8s"+strings.Repeat(" %-14s", len(cpuColumns)),
		append([]any{"workers"}, anys(cpuColumns)...)...), " "))
	var bytecode, native int // the most threads ever running bytecode, native code, at once
	same := true
	// Each cell is printed as soon as it is measured, so a long run shows its progress. An
	// interrupted row is ended with a newline before the error is reported.
	defer func() {
		if err != nil {
			fmt.Fprintln(stdout)
		}
	}()
	for _, workers := range []int{1, 2, 4} {
		fmt.Fprintf(stdout, "%d", workers)
		// Each cell pads the one before it to its column's width, so no line ends in spaces.
		prev, width := fmt.Sprint(workers), 8
		cells := []func() (time.Duration, []uint64, error){
			func() (time.Duration, []uint64, error) {
				d, sums, s := runThreads(ctx, units, workers, millions, config.interval, unitOnThread)
				bytecode = max(bytecode, s.MaxRunning)
				return d, sums, nil
			},
			func() (time.Duration, []uint64, error) { return runProcesses(ctx, units, workers, millions) },
			func() (time.Duration, []uint64, error) {
				d, sums, s := runThreads(ctx, units, workers, millions, config.interval, unitInNativeCode)
				bytecode, native = max(bytecode, s.MaxRunning), max(native, s.MaxNative)
				return d, sums, nil
			},
			func() (time.Duration, []uint64, error) {
				d, sums := runGoroutines(ctx, units, workers, millions)
				return d, sums, nil
			},
		}
		for _, cell := range cells {
			d, sums, err := cell()
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if err != nil {
				return err
			}
			same = same && slices.Equal(sums, want)
			text := fmt.Sprintf("%v %s", d.Round(time.Millisecond), ratio(seq, d))
			fmt.Fprintf(stdout, "%*s %s", width-utf8.RuneCountInString(prev), "", text)
			prev, width = text, 14
		}
		fmt.Fprintln(stdout)
	}
	fmt.Fprintf(stdout, "every run computed the same checksums: %t\n", same)
	fmt.Fprintf(stdout, "threads running bytecode at once, at most: %d (the GIL)\n", bytecode)
	fmt.Fprintf(stdout, "threads running native code at once, at most: %d\n", native)
	return nil
}

// goRunWorker is the child of the sched demo: it runs units of work on that many goroutines
// under whatever GOMAXPROCS it was started with, and prints how long they took.
func goRunWorker(ctx context.Context, args []string, _ io.Reader, stdout, _ io.Writer) error {
	var units, millions int
	if _, err := fmt.Sscan(strings.Join(args, " "), &units, &millions); err != nil {
		return fmt.Errorf("gorun worker: want UNITS MILLIONS: %v", err)
	}
	d, _ := runGoroutines(ctx, units, units, millions)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	fmt.Fprintf(stdout, "%d %d\n", runtime.GOMAXPROCS(0), d)
	return nil
}
