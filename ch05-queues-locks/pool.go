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
)

// bigNumbers take a noticeable time each to check by trial division: three primes, a product of
// two primes near 200 million (nearly as slow as a prime), and one with a small factor (instant).
var bigNumbers = []int64{29999999999999989, 39999976000000999, 49999999999999993, 30000000000000001, 69999999999999989}

// smallNumbers are for quick runs (-small): two primes and two composites.
var smallNumbers = []int64{999999937, 929149187, 999998981, 999999999}

// isPrime checks n by trial division: CPU-bound, no memory, no I/O.
func isPrime(n int64) (bool, error) {
	if n < 2 {
		return false, nil
	}
	if n%2 == 0 {
		return n == 2, nil
	}
	for d := int64(3); d*d <= n; d += 2 {
		if n%d == 0 {
			return false, nil
		}
	}
	return true, nil
}

func init() { executor.RegisterFunc("is-prime", isPrime) }

// result is what a worker sends back: which job, and its answer or error.
type result struct {
	index int
	prime bool
	err   error
}

// goroutinePool checks numbers with `workers` goroutines fed by a job queue (a channel),
// answering on a result queue. Closing the job channel is what stops the workers.
func goroutinePool(numbers []int64, workers int) []result {
	jobs := make(chan int)
	results := make(chan result)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range jobs {
				p, err := isPrime(numbers[i])
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
	for _, r := range out {
		if r.err != nil {
			return nil, r.err
		}
	}
	return out, pool.Close()
}

func poolDemo(ctx context.Context, stdout, _ io.Writer) error {
	numbers := bigNumbers
	if config.small {
		numbers = smallNumbers
	}
	workers := config.workers
	fmt.Fprintf(stdout, "checking %d numbers for primes by trial division; %d cores\n", len(numbers), runtime.NumCPU())
	start := time.Now()
	seq := make([]result, len(numbers))
	for i, n := range numbers {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		p, err := isPrime(n)
		seq[i] = result{i, p, err}
	}
	seqTook := time.Since(start)
	primes := 0
	for i, r := range seq {
		answer := "composite"
		if r.prime {
			answer = "prime"
			primes++
		}
		fmt.Fprintf(stdout, "%18d  %s\n", numbers[i], answer)
	}
	fmt.Fprintf(stdout, "%d primes, %d composites\n", primes, len(numbers)-primes)
	fmt.Fprintf(stdout, "%-22s %v\n", "sequential:", seqTook.Round(time.Millisecond))

	start = time.Now()
	gp := goroutinePool(numbers, workers)
	gpTook := time.Since(start)
	fmt.Fprintf(stdout, "%-22s %v  %.1fx\n", fmt.Sprintf("goroutine pool (%d):", workers), gpTook.Round(time.Millisecond), float64(seqTook)/float64(gpTook))

	start = time.Now()
	pp, err := processPool(ctx, numbers, workers)
	if err != nil {
		return err
	}
	ppTook := time.Since(start)
	fmt.Fprintf(stdout, "%-22s %v  %.1fx (including starting the processes)\n", fmt.Sprintf("process pool (%d):", workers), ppTook.Round(time.Millisecond), float64(seqTook)/float64(ppTook))
	fmt.Fprintf(stdout, "every way gave the same answers: %t\n", slices.Equal(seq, gp) && slices.Equal(seq, pp))
	return nil
}
