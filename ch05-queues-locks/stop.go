package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"
	"sync/atomic"
)

// square is the workers' job in the stop demo. Job 4 makes it panic and job 5 fails, to show
// that neither costs any other result.
func square(n int) (int, error) {
	switch n {
	case 4:
		panic(fmt.Sprintf("bad input %d", n))
	case 5:
		return 0, fmt.Errorf("%d is not allowed", n)
	}
	return n * n, nil
}

// answer is a worker's reply: the job, and its value or its error.
type answer struct {
	job   int
	value int
	err   error
}

// safely runs square, turning a panic into an error, so that one bad job cannot kill a worker
// (or the program).
func safely(n int) (v int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("worker panicked: %v", r)
		}
	}()
	return square(n)
}

// pillWorkers stop when they take the poison pill from the job queue: one pill per worker. The
// pill is nil, no job at all, as Python programs put None. It returns the answers, sorted by
// job, and how many workers returned.
func pillWorkers(workers int, jobs []int) ([]answer, int) {
	queue := make(chan *int, len(jobs)+workers)
	out := make(chan answer, len(jobs))
	var wg sync.WaitGroup
	var stopped atomic.Int32
	for range workers {
		wg.Go(func() {
			defer stopped.Add(1)
			for {
				n := <-queue
				if n == nil { // the poison pill
					return
				}
				v, err := safely(*n)
				out <- answer{*n, v, err}
			}
		})
	}
	for _, j := range jobs {
		queue <- &j
	}
	for range workers {
		queue <- nil
	}
	wg.Wait()
	close(out)
	return collect(out), int(stopped.Load())
}

// closeWorkers stop when the job channel is closed and empty: range ends by itself. It returns
// the answers, sorted by job, and how many workers returned.
func closeWorkers(workers int, jobs []int) ([]answer, int) {
	queue := make(chan int)
	out := make(chan answer, len(jobs))
	var wg sync.WaitGroup
	var stopped atomic.Int32
	for range workers {
		wg.Go(func() {
			defer stopped.Add(1)
			for n := range queue {
				v, err := safely(n)
				out <- answer{n, v, err}
			}
		})
	}
	for _, j := range jobs {
		queue <- j
	}
	close(queue)
	wg.Wait()
	close(out)
	return collect(out), int(stopped.Load())
}

// ctxWorkers stop when their context is cancelled, even with work left: here the consumer
// cancels once it has `want` answers, and the feeder stops feeding. It returns the answers
// taken, how many jobs the feeder handed out in all, and how many workers returned. That count depends on timing, but it
// has a bound: only `want` answers are ever received, and each worker, when it returns, holds
// at most one job whose answer nobody took. So at most want + workers jobs leave the feeder.
func ctxWorkers(workers int, jobs []int, want int) (got []answer, fed, stoppedWorkers int) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	queue := make(chan int)
	out := make(chan answer)
	var wg sync.WaitGroup
	var stopped atomic.Int32
	for range workers {
		wg.Go(func() {
			defer stopped.Add(1)
			for {
				select {
				case <-ctx.Done():
					return
				case n := <-queue:
					v, err := safely(n)
					select {
					case out <- answer{n, v, err}:
					case <-ctx.Done():
						return
					}
				}
			}
		})
	}
	fedc := make(chan int, 1)
	go func() {
		count := 0
		defer func() { fedc <- count }()
		for _, j := range jobs {
			select {
			case queue <- j:
				count++
			case <-ctx.Done():
				return
			}
		}
	}()
	for range want {
		got = append(got, <-out)
	}
	cancel()
	wg.Wait()
	return got, <-fedc, int(stopped.Load())
}

func collect(out <-chan answer) []answer {
	var all []answer
	for a := range out {
		all = append(all, a)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].job < all[j].job })
	return all
}

func printAnswers(w io.Writer, as []answer) {
	for _, a := range as {
		if a.err != nil {
			fmt.Fprintf(w, "  job %d: error: %v\n", a.job, a.err)
		} else {
			fmt.Fprintf(w, "  job %d: %d\n", a.job, a.value)
		}
	}
}

func stopDemo(ctx context.Context, stdout, _ io.Writer) error {
	jobs := []int{1, 2, 3, 4, 5, 6}
	const workers = 3
	fmt.Fprintf(stdout, "%d workers square jobs %v; job 4 panics, job 5 fails\n", workers, jobs)
	fmt.Fprintln(stdout, "\n1. a poison pill (nil) per worker, queued after the jobs:")
	answers, stopped := pillWorkers(workers, jobs)
	printAnswers(stdout, answers)
	fmt.Fprintf(stdout, "  %d of %d workers took a pill and returned\n", stopped, workers)
	fmt.Fprintln(stdout, "\n2. closing the job channel:")
	answers, stopped = closeWorkers(workers, jobs)
	printAnswers(stdout, answers)
	fmt.Fprintf(stdout, "  %d of %d workers saw the channel close and returned\n", stopped, workers)
	const n, want = 1000, 2
	fmt.Fprintf(stdout, "\n3. cancelling a context after the first %d answers, with %d jobs to hand out:\n", want, n)
	many := make([]int, n)
	for i := range many {
		many[i] = 6 + i // no panics, no failures
	}
	got, fed, stopped := ctxWorkers(workers, many, want)
	if len(got) != want || fed > want+workers {
		return fmt.Errorf("cancel: %d answers, %d jobs handed out (want %d, at most %d)", len(got), fed, want, want+workers)
	}
	// How many jobs left the feeder depends on timing; the bound does not, and was checked above.
	fmt.Fprintf(stdout, "  answers taken: %d; jobs handed out: at most %d (%d answered + 1 held per worker)\n", len(got), want+workers, want)
	fmt.Fprintf(stdout, "  jobs never handed out: at least %d of %d\n", n-want-workers, n)
	fmt.Fprintf(stdout, "  %d of %d workers saw the cancellation and returned\n", stopped, workers)
	if errors.Is(ctx.Err(), context.Canceled) {
		return ctx.Err()
	}
	return nil
}
