package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// The parallel demo: concurrency (tasks in flight) versus parallelism (tasks running).

// parallelRun is "200 tasks on 4 cores" from "Concurrency models in Python" (§1). Every task
// starts (is in flight) before any may run; then each needs one of `cores` run tokens for its
// burst. The first `cores` tasks wait for one another inside their bursts, so the most running
// at once is exactly `cores`: concurrency is 200, parallelism is 4.
func parallelRun(tasks, cores int, burst time.Duration) (maxInFlight, maxRunning int64) {
	var inFlight, running, peakFlight, peakRun atomic.Int64
	peak := func(p *atomic.Int64, n int64) {
		for m := p.Load(); n > m && !p.CompareAndSwap(m, n); m = p.Load() {
		}
	}
	allStarted := make(chan struct{})
	firstWave := make(chan struct{})
	var once sync.Once
	tokens := make(chan struct{}, cores) // the cores
	var wg sync.WaitGroup
	for range tasks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := inFlight.Add(1) // every task counts itself, and notes what it saw
			peak(&peakFlight, n)
			if n == int64(tasks) {
				close(allStarted)
			}
			<-allStarted
			tokens <- struct{}{}
			n = running.Add(1)
			peak(&peakRun, n)
			if n == int64(cores) {
				once.Do(func() { close(firstWave) })
			}
			<-firstWave
			time.Sleep(burst)
			running.Add(-1)
			<-tokens
			inFlight.Add(-1)
		}()
	}
	wg.Wait()
	return peakFlight.Load(), peakRun.Load()
}

func parallelDemo(ctx context.Context, stdout io.Writer) error {
	const tasks, cores = 200, 4
	flight, run := parallelRun(tasks, cores, time.Millisecond)
	fmt.Fprintf(stdout, "%d tasks on %d simulated cores; this machine: %s\n", tasks, cores, machine())
	fmt.Fprintf(stdout, "%-10s %s\n", "tasks", "at once, at most")
	fmt.Fprintf(stdout, "%-10s %-17d %s\n", "in flight", flight, "concurrency: started and not yet finished")
	fmt.Fprintf(stdout, "%-10s %-17d %s\n", "running", run, "parallelism: each holding one of the cores")
	fmt.Fprintf(stdout, "on this machine at most GOMAXPROCS=%d goroutines run Go code at once\n", runtime.GOMAXPROCS(0))
	return ctx.Err()
}
