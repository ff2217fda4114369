package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"time"

	"github.com/concurrency-models/book/internal/reexec"
)

// goRun runs the gorun worker in a child with the given GOMAXPROCS and returns how long its
// goroutines took.
func goRun(ctx context.Context, procs, units, millions int) (time.Duration, error) {
	cmd, err := reexec.Command(ctx, "gorun", fmt.Sprint(units), fmt.Sprint(millions))
	if err != nil {
		return 0, err
	}
	cmd.Env = append(os.Environ(), fmt.Sprintf("GOMAXPROCS=%d", procs))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, os.Stderr
	child, err := reexec.Start(cmd)
	if err != nil {
		return 0, err
	}
	if err := child.Wait(); err != nil {
		return 0, fmt.Errorf("gorun child: %v", err)
	}
	var gotProcs int
	var d time.Duration
	if _, err := fmt.Sscan(out.String(), &gotProcs, &d); err != nil || gotProcs != procs {
		return 0, fmt.Errorf("gorun child printed %q", out.String())
	}
	return d, nil
}

func schedDemo(ctx context.Context, stdout, _ io.Writer) error {
	units, millions := config.units, config.work
	fmt.Fprintf(stdout, "%d CPU-bound units of %d million rounds, one goroutine each, in a child process:\n", units, millions)
	one, err := goRun(ctx, 1, units, millions)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "GOMAXPROCS=1: %v  one P: the goroutines take turns, like threads under a GIL\n", one.Round(time.Millisecond))
	n := runtime.NumCPU()
	all, err := goRun(ctx, n, units, millions)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "GOMAXPROCS=%d: %v  %s: one P per core, in parallel\n", n, all.Round(time.Millisecond), ratio(one, all))
	return nil
}
