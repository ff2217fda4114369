package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/metrics"
	"sync"
	"time"
)

// mutexWait reads the runtime's running total of time goroutines spent blocked on sync.Mutex
// and sync.RWMutex (the same events the mutex profile samples).
func mutexWait() time.Duration {
	s := []metrics.Sample{{Name: "/sync/mutex/wait/total:seconds"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindFloat64 {
		return 0
	}
	return time.Duration(s[0].Value.Float64() * float64(time.Second))
}

// lockContention has g goroutines share total increments of one counter under one mutex, and
// returns the wall time and the time goroutines spent waiting for the mutex.
func lockContention(g, total int) (wall, waited time.Duration, counter int) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	w0, start := mutexWait(), time.Now()
	for range g {
		wg.Go(func() {
			for range total / g {
				mu.Lock()
				counter++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return time.Since(start), mutexWait() - w0, counter
}

// spin is CPU-bound work of the given size.
func spin(rounds int) uint64 {
	x := uint64(rounds)
	for range rounds {
		x = x*6364136223846793005 + 1442695040888963407
	}
	return x
}

// cpuContention starts g goroutines that each spin the same amount, and returns the wall time.
// With more goroutines than cores they wait for one another: CPU contention.
func cpuContention(g, rounds int) time.Duration {
	var wg sync.WaitGroup
	sums := make([]uint64, g)
	start := time.Now()
	for i := range g {
		wg.Go(func() { sums[i] = spin(rounds) })
	}
	wg.Wait()
	return time.Since(start)
}

func contentionDemo(ctx context.Context, stdout, _ io.Writer) error {
	const total = 2_000_000
	cores := runtime.GOMAXPROCS(0)
	fmt.Fprintf(stdout, "lock contention: %d increments under one sync.Mutex, shared by more and more goroutines (GOMAXPROCS=%d)\n", total, cores)
	fmt.Fprintf(stdout, "%-11s %-10s %s\n", "goroutines", "took", "waiting for the mutex, all goroutines together")
	for _, g := range []int{1, 2, 4, 8} {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		wall, waited, n := lockContention(g, total)
		if n != total {
			return fmt.Errorf("lost updates under a mutex: %d of %d", n, total)
		}
		fmt.Fprintf(stdout, "%-11d %-10v %v\n", g, wall.Round(time.Millisecond), waited.Round(time.Millisecond))
	}
	const rounds = 50_000_000
	fmt.Fprintf(stdout, "\nCPU contention: each goroutine spins %d rounds, on %d cores\n", rounds, cores)
	fmt.Fprintf(stdout, "%-11s %s\n", "goroutines", "took")
	for _, g := range []int{1, 2, 4, 8} {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		fmt.Fprintf(stdout, "%-11d %v\n", g, cpuContention(g, rounds).Round(time.Millisecond))
	}
	return nil
}
