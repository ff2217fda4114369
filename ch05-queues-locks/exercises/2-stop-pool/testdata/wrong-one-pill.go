//go:build !solution

// A wrong answer kept for CI (.ci/exercises builds the check with it in place of exercise.go):
// ByPill queues one poison pill for all the workers: one stops, the others wait for ever.
//
//	want: three pills, one per worker
package stoppool

import (
	"context"
	"fmt"
	"sync"
)

// Result is one job's outcome: f(Job) = Value, or Err. A job whose f panics
// has an Err that carries the panic value.
type Result struct {
	Job   int
	Value int
	Err   error
}

// work runs one job; a panic becomes the job's error, and the worker goes on.
func work(f func(int) (int, error), job int) (r Result) {
	r.Job = job
	defer func() {
		if p := recover(); p != nil {
			r.Err = fmt.Errorf("worker panicked: %v", p)
		}
	}()
	r.Value, r.Err = f(job)
	return r
}

// collect closes out once every worker has returned, and gathers everything
// sent on out until then: no result can be lost, because out is read until
// the last worker is gone.
func collect(wg *sync.WaitGroup, out chan Result) []Result {
	go func() {
		wg.Wait()
		close(out)
	}()
	var results []Result
	for r := range out {
		results = append(results, r)
	}
	return results
}

// ByPill runs f on every job with a pool of workers goroutines fed through a
// channel, and stops them with a poison pill: one special job per worker,
// queued after the real ones. It returns every job's Result, in any order,
// once every worker has returned.
func ByPill(workers int, jobs []int, f func(int) (int, error)) []Result {
	type job struct {
		n    int
		pill bool
	}
	in := make(chan job)
	out := make(chan Result)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range in {
				if j.pill {
					return // one pill stops one worker
				}
				out <- work(f, j.n)
			}
		})
	}
	go func() {
		for _, n := range jobs {
			in <- job{n: n}
		}
		in <- job{pill: true}
	}()
	return collect(&wg, out)
}

// ByClose is ByPill, but the workers stop when the job channel is closed and
// drained (for job := range jobs).
func ByClose(workers int, jobs []int, f func(int) (int, error)) []Result {
	in := make(chan int)
	out := make(chan Result)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for n := range in {
				out <- work(f, n)
			}
		})
	}
	go func() {
		defer close(in)
		for _, n := range jobs {
			in <- n
		}
	}()
	return collect(&wg, out)
}

// ByContext is ByClose, but it can be stopped early: once ctx is cancelled
// each worker finishes the job in hand, delivers its Result, takes no more
// jobs, and returns. It returns the Result of every job that was started —
// none lost, none twice — once every worker has returned.
func ByContext(ctx context.Context, workers int, jobs []int, f func(int) (int, error)) []Result {
	in := make(chan int)
	out := make(chan Result)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				// select picks at random among ready cases: look at ctx
				// first, so that a cancelled pool never starts another job.
				if ctx.Err() != nil {
					return
				}
				select {
				case <-ctx.Done():
					return
				case n, ok := <-in:
					if !ok {
						return
					}
					out <- work(f, n) // collect reads out until every worker is gone
				}
			}
		})
	}
	go func() {
		defer close(in)
		for _, n := range jobs {
			select {
			case in <- n:
			case <-ctx.Done():
				return
			}
		}
	}()
	return collect(&wg, out)
}
