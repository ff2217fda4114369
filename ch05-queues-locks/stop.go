package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/concurrency-models/book/internal/timeline"
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

// crew is how the stop demo's workers are run: how many there are, how long job n takes (n ×
// perJob, so that a timeline can show who ran when; the tests leave it 0) and the recorder
// that draws each worker as a row, "worker 1" ... (nil draws nothing).
type crew struct {
	workers int
	perJob  time.Duration
	rec     *timeline.Recorder
}

// names returns the workers' row names, and records them all as waiting for a job, in order,
// before any starts: so the rows come in that order whichever worker runs first.
func (c crew) names() []string {
	names := make([]string, c.workers)
	for i := range names {
		names[i] = fmt.Sprintf("worker %d", i+1)
		c.rec.Waiting(names[i], "a job")
	}
	return names
}

// do runs job n on the worker called name, recording it as running "job n" for n × perJob
// and then as waiting for the next job.
func (c crew) do(name string, n int) answer {
	c.rec.Running(name, fmt.Sprintf("job %d", n))
	defer c.rec.Waiting(name, "a job")
	if c.perJob > 0 {
		time.Sleep(time.Duration(n) * c.perJob)
	}
	v, err := safely(n)
	return answer{n, v, err}
}

// pillWorkers stop when they take the poison pill from the job queue: one pill per worker. The
// pill is nil, no job at all, as Python programs put None. It returns the answers, sorted by
// job, and how many workers returned.
func pillWorkers(c crew, jobs []int) ([]answer, int) {
	const main = "main: pills"
	c.rec.Running(main, "queueing jobs and pills")
	queue := make(chan *int, len(jobs)+c.workers)
	out := make(chan answer, len(jobs))
	var wg sync.WaitGroup
	var stopped atomic.Int32
	for _, name := range c.names() {
		wg.Go(func() {
			defer stopped.Add(1)
			defer c.rec.Done(name)
			for {
				n := <-queue
				if n == nil { // the poison pill
					return
				}
				out <- c.do(name, *n)
			}
		})
	}
	for _, j := range jobs {
		queue <- &j
	}
	for range c.workers {
		queue <- nil
	}
	c.rec.Waiting(main, "the workers")
	wg.Wait()
	c.rec.Done(main)
	close(out)
	return collect(out), int(stopped.Load())
}

// closeWorkers stop when the job channel is closed and empty: range ends by itself. It returns
// the answers, sorted by job, and how many workers returned.
func closeWorkers(c crew, jobs []int) ([]answer, int) {
	const main = "main: close"
	c.rec.Running(main, "handing out jobs")
	queue := make(chan int)
	out := make(chan answer, len(jobs))
	var wg sync.WaitGroup
	var stopped atomic.Int32
	for _, name := range c.names() {
		wg.Go(func() {
			defer stopped.Add(1)
			defer c.rec.Done(name)
			for n := range queue {
				out <- c.do(name, n)
			}
		})
	}
	for _, j := range jobs {
		c.rec.Waiting(main, "a free worker")
		queue <- j
		c.rec.Running(main, "handing out jobs")
	}
	close(queue)
	c.rec.Waiting(main, "the workers")
	wg.Wait()
	c.rec.Done(main)
	close(out)
	return collect(out), int(stopped.Load())
}

// ctxWorkers stop when their context is cancelled, even with work left: here the consumer
// cancels once it has `want` answers, and the feeder stops feeding. It returns the answers
// taken, how many jobs the feeder handed out in all, and how many workers returned. That count depends on timing, but it
// has a bound: only `want` answers are ever received, and each worker, when it returns, holds
// at most one job whose answer nobody took. So at most want + workers jobs leave the feeder.
// A worker looks at the context only between jobs: one that is running a job finishes it first.
func ctxWorkers(c crew, jobs []int, want int) (got []answer, fed, stoppedWorkers int) {
	const main, feeder = "main: cancel", "feeder"
	c.rec.Waiting(main, "an answer")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	queue := make(chan int)
	out := make(chan answer)
	var wg sync.WaitGroup
	var stopped atomic.Int32
	for _, name := range c.names() {
		wg.Go(func() {
			defer stopped.Add(1)
			defer c.rec.Done(name)
			for {
				select {
				case <-ctx.Done():
					return
				case n := <-queue:
					a := c.do(name, n)
					c.rec.Waiting(name, "main to take the answer")
					select {
					case out <- a:
						c.rec.Waiting(name, "a job")
					case <-ctx.Done():
						return
					}
				}
			}
		})
	}
	fedc := make(chan int, 1)
	c.rec.Waiting(feeder, "a free worker")
	go func() {
		count := 0
		defer func() { fedc <- count }()
		defer c.rec.Done(feeder)
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
	c.rec.Running(main, "cancelling")
	cancel()
	c.rec.Waiting(main, "the workers")
	wg.Wait()
	c.rec.Done(main)
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

func stopDemo(ctx context.Context, stdout io.Writer) error {
	jobs := []int{1, 2, 3, 4, 5, 6}
	const workers = 3
	// Job n takes n ms: long enough for a timeline to show who ran which, short enough not to
	// be noticed.
	c := crew{workers: workers, perJob: time.Millisecond, rec: timeline.FromContext(ctx)}
	fmt.Fprintf(stdout, "%d workers square jobs %v; job 4 panics, job 5 fails\n", workers, jobs)
	fmt.Fprintln(stdout, "\n1. a poison pill (nil) per worker, queued after the jobs:")
	answers, stopped := pillWorkers(c, jobs)
	printAnswers(stdout, answers)
	fmt.Fprintf(stdout, "  %d of %d workers took a pill and returned\n", stopped, workers)
	fmt.Fprintln(stdout, "\n2. closing the job channel:")
	answers, stopped = closeWorkers(c, jobs)
	printAnswers(stdout, answers)
	fmt.Fprintf(stdout, "  %d of %d workers saw the channel close and returned\n", stopped, workers)
	const n, want = 1000, 2
	fmt.Fprintf(stdout, "\n3. cancelling a context after the first %d answers, with %d jobs to hand out:\n", want, n)
	many := make([]int, n)
	for i := range many {
		many[i] = 6 + i // no panics, no failures
	}
	got, fed, stopped := ctxWorkers(c, many, want)
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
