package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"
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

// pillWorkers stop when they take the poison pill (-1) from the job queue: one pill per worker.
func pillWorkers(workers int, jobs []int) []answer {
	queue := make(chan int, len(jobs)+workers)
	out := make(chan answer, len(jobs))
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				n := <-queue
				if n == -1 { // the poison pill
					return
				}
				v, err := safely(n)
				out <- answer{n, v, err}
			}
		})
	}
	for _, j := range jobs {
		queue <- j
	}
	for range workers {
		queue <- -1
	}
	wg.Wait()
	close(out)
	return collect(out)
}

// closeWorkers stop when the job channel is closed and empty: range ends by itself.
func closeWorkers(workers int, jobs []int) []answer {
	queue := make(chan int)
	out := make(chan answer, len(jobs))
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
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
	return collect(out)
}

// ctxWorkers stop when their context is cancelled, even with work left: here the consumer
// cancels once it has `want` answers, and the feeder stops feeding. It returns the answers
// taken and how many jobs the feeder handed out in all.
func ctxWorkers(workers int, jobs []int, want int) (got []answer, fed int) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	queue := make(chan int)
	out := make(chan answer)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
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
	return got, <-fedc
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
	fmt.Fprintln(stdout, "\n1. a poison pill per worker, queued after the jobs:")
	printAnswers(stdout, pillWorkers(workers, jobs))
	fmt.Fprintln(stdout, "  all 3 workers took a pill and returned")
	fmt.Fprintln(stdout, "\n2. closing the job channel:")
	printAnswers(stdout, closeWorkers(workers, jobs))
	fmt.Fprintln(stdout, "  all 3 workers saw the channel close and returned")
	fmt.Fprintln(stdout, "\n3. cancelling a context after the first 2 answers, with 1000 jobs queued:")
	many := make([]int, 1000)
	for i := range many {
		many[i] = 6 + i // no panics, no failures
	}
	got, fed := ctxWorkers(workers, many, 2)
	// At the cancel, each worker holds at most one job; after it, each may take one more before
	// it sees the cancellation. So at most 2 + 3 + 3 jobs ever leave the queue.
	fmt.Fprintf(stdout, "  answers taken: %d; jobs never handed out: at least %d of 1000: %t\n", len(got), 1000-(2+2*workers), fed <= 2+2*workers)
	fmt.Fprintln(stdout, "  all 3 workers saw the cancellation and returned")
	if errors.Is(ctx.Err(), context.Canceled) {
		return ctx.Err()
	}
	return nil
}
