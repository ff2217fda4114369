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
// simulated thread it is Thread.Step, which needs the GIL.
func unit(millions int, step func(func())) uint64 {
	x := uint64(millions)
	for range millions * 1_000_000 / roundsPerStep {
		step(func() { x = burn(x, roundsPerStep) })
	}
	return x
}

// plain runs a step directly: no interpreter, no GIL.
func plain(f func()) { f() }

// unitOnThread runs one unit of work as bytecode steps on a simulated thread.
func unitOnThread(t *gil.Thread, millions int) uint64 { return unit(millions, t.Step) }

// unitInOwnInterpreter is what a worker process runs: a fresh interpreter with its own GIL and
// one thread, doing one unit.
func unitInOwnInterpreter(millions int) (uint64, error) {
	in := gil.New()
	var x uint64
	in.Go("MainThread", func(t *gil.Thread) { x = unitOnThread(t, millions) })
	in.Wait()
	return x, nil
}

func init() { executor.RegisterFunc("gil-unit", unitInOwnInterpreter) }

// A run computes one checksum per unit, so the columns can be checked to do the same work.

func runSequential(units, millions int) (time.Duration, []uint64) {
	sums := make([]uint64, units)
	start := time.Now()
	for u := range units {
		sums[u] = unit(millions, plain)
	}
	return time.Since(start), sums
}

func runGILThreads(units, workers, millions int, interval time.Duration) (time.Duration, []uint64, int) {
	in := gil.New(gil.SwitchInterval(interval))
	sums := make([]uint64, units)
	start := time.Now()
	for w := range workers {
		in.Go(fmt.Sprint("Thread-", w+1), func(t *gil.Thread) {
			for u := w; u < units; u += workers {
				sums[u] = unitOnThread(t, millions)
			}
		})
	}
	in.Wait()
	return time.Since(start), sums, in.Stats().MaxRunning
}

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

func runGoroutines(units, workers, millions int) (time.Duration, []uint64) {
	sums := make([]uint64, units)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for u := w; u < units; u += workers {
				sums[u] = unit(millions, plain)
			}
		})
	}
	wg.Wait()
	return time.Since(start), sums
}

func ratio(base, d time.Duration) string {
	return fmt.Sprintf("%.1fx", float64(base)/float64(max(d, 1)))
}

func cpuDemo(ctx context.Context, stdout, _ io.Writer) error {
	units, millions := config.units, config.work
	fmt.Fprintf(stdout, "CPU-bound: %d units of %d million rounds; %d cores, GOMAXPROCS=%d\n",
		units, millions, runtime.NumCPU(), runtime.GOMAXPROCS(0))
	seq, want := runSequential(units, millions)
	fmt.Fprintf(stdout, "sequential: %v; below, each time and its speed-up over sequential\n", seq.Round(time.Millisecond))
	fmt.Fprintf(stdout, "%-8s %-16s %-16s %-16s\n", "workers", "GIL threads", "processes", "goroutines")
	maxRunning, same := 0, true
	cell := func(d time.Duration, sums []uint64) string {
		same = same && slices.Equal(sums, want)
		return fmt.Sprintf("%v %s", d.Round(time.Millisecond), ratio(seq, d))
	}
	for _, workers := range []int{1, 2, 4} {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		gt, gsums, running := runGILThreads(units, workers, millions, config.interval)
		maxRunning = max(maxRunning, running)
		pt, psums, err := runProcesses(ctx, units, workers, millions)
		if err != nil {
			return err
		}
		rt, rsums := runGoroutines(units, workers, millions)
		fmt.Fprintf(stdout, "%-8d %-16s %-16s %-16s\n", workers, cell(gt, gsums), cell(pt, psums), cell(rt, rsums))
	}
	fmt.Fprintf(stdout, "every run computed the same checksums: %t\n", same)
	fmt.Fprintf(stdout, "GIL threads running bytecode at once, at most: %d\n", maxRunning)
	return nil
}

// goRunWorker is the child of the sched demo: it runs units of work on that many goroutines
// under whatever GOMAXPROCS it was started with, and prints how long they took.
func goRunWorker(_ context.Context, args []string, _ io.Reader, stdout, _ io.Writer) error {
	var units, millions int
	if _, err := fmt.Sscan(strings.Join(args, " "), &units, &millions); err != nil {
		return fmt.Errorf("gorun worker: want UNITS MILLIONS: %v", err)
	}
	d, _ := runGoroutines(units, units, millions)
	fmt.Fprintf(stdout, "%d %d\n", runtime.GOMAXPROCS(0), d)
	return nil
}
