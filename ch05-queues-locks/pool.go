package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/concurrency-models/book/ch02-executor/executor"
	"github.com/concurrency-models/book/internal/measure"
)

// bigNumbers take a noticeable time each to check by trial division: three primes, a product of
// two primes near 200 million (nearly as slow as a prime), and one with a small factor (instant).
var bigNumbers = []int64{29999999999999989, 39999976000000999, 49999999999999993, 30000000000000001, 69999999999999989}

// quickNumbers are for quick runs (-quick): two primes and two composites.
var quickNumbers = []int64{999999937, 929149187, 999998981, 999999999}

// maxNumber bounds what isPrime accepts: 2⁶², whose square root, 2³¹, leaves the divisor's
// square d*d far from overflowing an int64.
const maxNumber = 1 << 62

// checkEvery is how many divisions isPrime makes between looks at its context: a few
// milliseconds of work, so that Ctrl-C stops even the largest number at once.
const checkEvery = 1 << 20

// isPrime checks n by trial division: CPU-bound, no memory, no I/O. It returns ctx.Err() as
// soon as it notices that ctx is done: a loop that never looks would keep a core busy after
// Ctrl-C, for seconds on a large prime.
func isPrime(ctx context.Context, n int64) (bool, error) {
	if n < 2 {
		return false, nil
	}
	if n%2 == 0 {
		return n == 2, nil
	}
	for d, k := int64(3), 0; d*d <= n; d, k = d+2, k+1 {
		if k&(checkEvery-1) == 0 && ctx.Err() != nil {
			return false, ctx.Err()
		}
		if n%d == 0 {
			return false, nil
		}
	}
	return true, nil
}

// The worker processes check numbers too; a worker stops when its parent stops it (package
// reexec sends it SIGTERM), and the process ends with whatever it was computing.
func init() {
	executor.RegisterFunc("is-prime", func(n int64) (bool, error) { return isPrime(context.Background(), n) })
}

// result is what a worker sends back: which job, and its answer or error.
type result struct {
	index int
	prime bool
	err   error
}

// goroutinePool checks numbers with `workers` goroutines fed by a job queue (a channel),
// answering on a result queue. Closing the job channel is what stops the workers.
// A worker whose context is done answers every job it is still handed at once, with the
// context's error.
func goroutinePool(ctx context.Context, numbers []int64, workers int) []result {
	jobs := make(chan int)
	results := make(chan result)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range jobs {
				p, err := isPrime(ctx, numbers[i])
				results <- result{i, p, err}
			}
		})
	}
	go func() {
		for i := range numbers {
			jobs <- i
		}
		close(jobs)
		wg.Wait()
		close(results)
	}()
	out := make([]result, len(numbers))
	for r := range results {
		out[r.index] = r
	}
	return out
}

// processPool checks numbers on `workers` worker processes (chapter 2's pool).
func processPool(ctx context.Context, numbers []int64, workers int) ([]result, error) {
	pool, err := executor.NewProcessPool(ctx, workers)
	if err != nil {
		return nil, err
	}
	defer pool.Close()
	out := make([]result, len(numbers))
	var wg sync.WaitGroup
	for i, n := range numbers {
		wg.Go(func() {
			p, err := executor.Call[int64, bool](pool, "is-prime", n)
			out[i] = result{i, p, err}
		})
	}
	wg.Wait()
	if err := firstError(out); err != nil {
		return nil, err
	}
	return out, pool.Close()
}

// firstError is the first error among the results, or nil.
func firstError(rs []result) error {
	for _, r := range rs {
		if r.err != nil {
			return r.err
		}
	}
	return nil
}

func poolDemo(ctx context.Context, stdout io.Writer) error {
	numbers := bigNumbers
	if config.quick {
		numbers = quickNumbers
	}
	if config.numbers != nil {
		numbers = config.numbers
	}
	workers := config.workers
	// The goroutine pool can use GOMAXPROCS threads at once; the process pool, every CPU.
	fmt.Fprintf(stdout, "checking %s for primes by trial division, %s (GOMAXPROCS=%d, NumCPU=%d)\n",
		plural(len(numbers), "number"), runs(), runtime.GOMAXPROCS(0), runtime.NumCPU())
	warnIfBusy(stdout)
	var seq []result
	same := true // every run of every way gave the first run's answers
	seqTm, err := repeated(ctx, func() (time.Duration, error) {
		start := time.Now()
		rs := make([]result, len(numbers))
		for i, n := range numbers {
			p, err := isPrime(ctx, n)
			if err != nil {
				return 0, err
			}
			rs[i] = result{i, p, err}
		}
		took := time.Since(start)
		if seq == nil {
			seq = rs
		}
		same = same && slices.Equal(seq, rs)
		return took, nil
	})
	if err != nil {
		return err
	}
	primes := 0
	for i, r := range seq {
		answer := "composite"
		if r.prime {
			answer = "prime"
			primes++
		}
		fmt.Fprintf(stdout, "%18d  %s\n", numbers[i], answer)
	}
	fmt.Fprintf(stdout, "%s, %s\n", plural(primes, "prime"), plural(len(numbers)-primes, "composite"))
	fmt.Fprintf(stdout, "%-22s %v  slowest run %s\n", "sequential:", shown(seqTm.Best), seqTm.Spread())

	gpTm, err := repeated(ctx, func() (time.Duration, error) {
		start := time.Now()
		gp := goroutinePool(ctx, numbers, workers)
		if err := firstError(gp); err != nil {
			return 0, err
		}
		took := time.Since(start)
		same = same && slices.Equal(seq, gp)
		return took, nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%-22s %v  %.1fx  slowest run %s\n", fmt.Sprintf("goroutine pool (%d):", workers),
		shown(gpTm.Best), measure.Speedup(seqTm.Best, gpTm.Best), gpTm.Spread())

	ppTm, err := repeated(ctx, func() (time.Duration, error) {
		start := time.Now()
		pp, err := processPool(ctx, numbers, workers)
		if err != nil {
			return 0, err
		}
		took := time.Since(start)
		same = same && slices.Equal(seq, pp)
		return took, nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%-22s %v  %.1fx  slowest run %s  (including starting the processes)\n", fmt.Sprintf("process pool (%d):", workers),
		shown(ppTm.Best), measure.Speedup(seqTm.Best, ppTm.Best), ppTm.Spread())
	fmt.Fprintf(stdout, "every way gave the same answers: %t\n", same)
	return nil
}
