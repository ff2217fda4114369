package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"slices"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/concurrency-models/book/ch02-executor/executor"
	"github.com/concurrency-models/book/internal/measure"
)

// burn is CPU-bound work with no I/O and no allocation: millions*1e6 rounds of a linear
// congruential generator. It returns the final value, so every way of running it can be checked
// to compute the same thing. Between every million rounds (about a millisecond) it checks ctx,
// so a Ctrl-C stops it at once.
func burn(ctx context.Context, millions int) (uint64, error) {
	x := uint64(millions)
	for range millions {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		for range 1_000_000 {
			x = x*6364136223846793005 + 1442695040888963407
		}
	}
	return x, nil
}

// The process pool's workers are this program; they must know burn by name. A worker stops
// when its parent sends SIGTERM (executor.Serve abandons the call), so it needs no context.
func init() {
	executor.RegisterFunc("burn", func(millions int) (uint64, error) { return burn(context.Background(), millions) })
}

// cpuRun is one way of running the chunks and how long it took.
type cpuRun struct {
	name    string
	took    time.Duration
	startup time.Duration // the process pool's start-up, not counted in took
	sums    []uint64
	note    string
}

// Each way calls began (if not nil) just before its clock starts: the demo prints the row's name
// then, so a reader, or a test sending Ctrl-C, sees which way is running.
func runSequential(ctx context.Context, chunks, millions int, began func(name string)) (cpuRun, error) {
	r := cpuRun{name: "sequential"}
	announce(began, r.name)
	start := time.Now()
	for range chunks {
		v, err := burn(ctx, millions)
		if err != nil {
			return r, err
		}
		r.sums = append(r.sums, v)
	}
	r.took = time.Since(start)
	return r, nil
}

func runThreadPool(ctx context.Context, chunks, millions int, began func(name string)) (cpuRun, error) {
	r := cpuRun{name: fmt.Sprintf("thread pool (%d)", chunks), sums: make([]uint64, chunks)}
	pool := executor.NewThreadPool(chunks)
	announce(began, r.name)
	start := time.Now()
	for i := range chunks {
		if err := pool.Submit(func() { r.sums[i], _ = burn(ctx, millions) }); err != nil {
			pool.Shutdown(true)
			return r, err
		}
	}
	pool.Shutdown(true)
	r.took = time.Since(start)
	return r, ctx.Err()
}

func runProcessPool(ctx context.Context, chunks, millions int, began func(name string)) (cpuRun, error) {
	r := cpuRun{name: fmt.Sprintf("process pool (%d)", chunks), sums: make([]uint64, chunks)}
	t0 := time.Now()
	pool, err := executor.NewProcessPool(ctx, chunks)
	if err != nil {
		return r, err
	}
	// Make sure every worker is up (a first call each) before the clock starts.
	var warm errgroup.Group
	for range chunks {
		warm.Go(func() error { _, err := executor.Call[int, uint64](pool, "burn", 0); return err })
	}
	if err := warm.Wait(); err != nil {
		_ = pool.Close()
		return r, err
	}
	r.startup = time.Since(t0)
	sent0, recv0 := pool.Traffic()
	announce(began, r.name) // every worker is up and about to compute
	start := time.Now()
	var g errgroup.Group
	for i := range chunks {
		g.Go(func() (err error) {
			r.sums[i], err = executor.Call[int, uint64](pool, "burn", millions)
			return err
		})
	}
	err = g.Wait()
	r.took = time.Since(start)
	sent, recv := pool.Traffic()
	r.note = fmt.Sprintf("  (+%v to start; sent %d B, received %d B)", r.startup.Round(time.Millisecond), sent-sent0, recv-recv0)
	if cerr := pool.Close(); err == nil {
		err = cerr
	}
	if ctx.Err() != nil {
		return r, ctx.Err()
	}
	return r, err
}

func announce(began func(string), name string) {
	if began != nil {
		began(name)
	}
}

func runGoroutines(ctx context.Context, chunks, millions int, began func(name string)) (cpuRun, error) {
	r := cpuRun{name: fmt.Sprintf("goroutines (%d)", chunks), sums: make([]uint64, chunks)}
	announce(began, r.name)
	start := time.Now()
	var g errgroup.Group
	for i := range chunks {
		g.Go(func() (err error) { r.sums[i], err = burn(ctx, millions); return err })
	}
	err := g.Wait()
	r.took = time.Since(start)
	return r, err
}

func cpuDemo(ctx context.Context, stdout io.Writer) (err error) {
	chunks, millions := config.workers, config.rounds
	fmt.Fprintf(stdout, "CPU-bound work: %d chunks of %d million rounds, %s; %d cores, GOMAXPROCS=%d\n",
		chunks, millions, measure.Runs(config.repeat), runtime.NumCPU(), runtime.GOMAXPROCS(0))
	measure.WarnIfBusy(stdout)
	open := false // a row's name is printed, its time not yet
	began := func(name string) {
		if !open {
			fmt.Fprintf(stdout, "%-18s ", name)
			open = true
		}
	}
	defer func() {
		if err != nil && open {
			fmt.Fprintln(stdout) // end the row, so that the error is not glued onto it
		}
	}()
	// best runs a way config.repeat times and returns its fastest run and the runs' timing.
	best := func(way func(context.Context, int, int, func(string)) (cpuRun, error)) (cpuRun, measure.Timing, error) {
		var fastest cpuRun
		runs := 0
		tm, err := measure.Repeat(ctx, config.repeat, func() (time.Duration, error) {
			r, err := way(ctx, chunks, millions, began)
			if runs++; runs == 1 || r.took < fastest.took {
				fastest = r
			}
			return r.took, err
		})
		return fastest, tm, err
	}
	seq, seqTm, err := best(runSequential)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%8v        slowest run %s\n", seq.took.Round(time.Millisecond), seqTm.Spread())
	open = false
	same := true
	for _, way := range []func(context.Context, int, int, func(string)) (cpuRun, error){runThreadPool, runProcessPool, runGoroutines} {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r, tm, err := best(way)
		if err != nil {
			return err
		}
		same = same && slices.Equal(r.sums, seq.sums)
		fmt.Fprintf(stdout, "%8v  %.1fx  slowest run %s%s\n", r.took.Round(time.Millisecond),
			measure.Speedup(seq.took, r.took), tm.Spread(), r.note)
		open = false
	}
	fmt.Fprintf(stdout, "all four computed the same results: %t\n", same)
	return ctx.Err()
}
