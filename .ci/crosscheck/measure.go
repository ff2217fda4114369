package main

// The Go side of each figure: what one process started for it measures, through the book's
// exported API, with timing code of its own.

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"time"

	"github.com/concurrency-models/book/ch01-blocking/aio"
	"github.com/concurrency-models/book/ch02-executor/executor"
	"github.com/concurrency-models/book/ch05-queues-locks/queue"
)

// minBatch is how long a batch must take at least; minBatches how many batches a figure
// takes at least, however short its budget.
const (
	minBatch   = time.Millisecond
	minBatches = 5
)

// medianPerOp measures batch, which runs n operations: it doubles n from 1 until a batch takes
// minBatch or more, then runs batches of that size until budget is spent (minBatches at
// least), and returns the median time per operation and the CPU time per operation over the
// timed batches (this process's, from getrusage).
func medianPerOp(budget time.Duration, batch func(n int) error) (ns, cpuNs float64, err error) {
	n := 1
	for {
		t0 := time.Now()
		if err := batch(n); err != nil {
			return 0, 0, err
		}
		if time.Since(t0) >= minBatch {
			break
		}
		n *= 2
	}
	var perOp []float64
	cpu0, _ := processCPU()
	start := time.Now()
	for len(perOp) < minBatches || time.Since(start) < budget {
		t0 := time.Now()
		if err := batch(n); err != nil {
			return 0, 0, err
		}
		perOp = append(perOp, float64(time.Since(t0).Nanoseconds())/float64(n))
	}
	cpu1, _ := processCPU()
	return median(perOp), float64(cpu1-cpu0) / float64(n*len(perOp)), nil
}

// median is the middle value of xs (the mean of the two middle ones for an even count); xs
// must not be empty.
func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// one is the job of every call: it returns at once.
func one() (int, error) { return 1, nil }

// oneTask is one as a task's body.
func oneTask(*aio.Co) (int, error) { return 1, nil }

// onLoop runs medianPerOp inside the book's event loop: batch gets the running task.
func onLoop(budget time.Duration, batch func(co *aio.Co, n int) error) (ns, cpuNs float64, err error) {
	err = aio.Main(func(co *aio.Co) error {
		var err error
		ns, cpuNs, err = medianPerOp(budget, func(n int) error { return batch(co, n) })
		return err
	})
	return ns, cpuNs, err
}

// goFigures are the Go sides, by the name the Python side and the table use. Each returns
// the median time and the CPU time of one operation.
var goFigures = map[string]func(budget time.Duration) (ns, cpuNs float64, err error){
	// go f(), and wait for it to say it ran.
	"start-join-goroutine": func(budget time.Duration) (float64, float64, error) {
		return medianPerOp(budget, func(n int) error {
			for range n {
				done := make(chan struct{})
				go func() { close(done) }()
				<-done
			}
			return nil
		})
	},
	// A goroutine that locks its OS thread and returns locked, so the runtime ends the thread:
	// every operation starts an OS thread and joins it, as threading.Thread does.
	"start-join-osthread": func(budget time.Duration) (float64, float64, error) {
		return medianPerOp(budget, func(n int) error {
			for range n {
				done := make(chan struct{})
				go func() {
					runtime.LockOSThread()
					close(done)
				}()
				<-done
			}
			return nil
		})
	},
	"task": func(budget time.Duration) (float64, float64, error) {
		return onLoop(budget, func(co *aio.Co, n int) error {
			for range n {
				if _, err := aio.Await(co, aio.CreateTask(co, oneTask)); err != nil {
					return err
				}
			}
			return nil
		})
	},
	"yield": func(budget time.Duration) (float64, float64, error) {
		return onLoop(budget, func(co *aio.Co, n int) error {
			for range n {
				if err := co.Yield(); err != nil {
					return err
				}
			}
			return nil
		})
	},
	// A new future handed to another goroutine, which sets its result through
	// CallSoonThreadsafe, as a Python thread does; the task awaits it.
	"call-soon-threadsafe": func(budget time.Duration) (ns, cpuNs float64, err error) {
		futs := make(chan *aio.Future[int])
		defer close(futs)
		err = aio.Main(func(co *aio.Co) error {
			l := co.Loop()
			go func() {
				for f := range futs {
					_ = l.CallSoonThreadsafe(func() { _ = f.SetResult(1) })
				}
			}()
			var err error
			ns, cpuNs, err = medianPerOp(budget, func(n int) error {
				for range n {
					f := aio.NewFuture[int](l)
					futs <- f
					if _, err := aio.Await(co, f); err != nil {
						return err
					}
				}
				return nil
			})
			return err
		})
		return ns, cpuNs, err
	},
	// The default pool: OS-thread workers, Python's model.
	"rie-threads": func(budget time.Duration) (float64, float64, error) {
		return runInExecutor(budget, nil)
	},
	"rie-goroutines": func(budget time.Duration) (float64, float64, error) {
		p := executor.NewPool(executor.DefaultWorkers(), executor.Goroutines)
		defer p.Shutdown(true)
		return runInExecutor(budget, p)
	},
	"process-pool": func(budget time.Duration) (float64, float64, error) {
		p, err := startPool()
		if err != nil {
			return 0, 0, err
		}
		defer p.Close()
		return medianPerOp(budget, func(n int) error { return poolCalls(p, n) })
	},
	// A producer that never stops putting, and a consumer timed per item; the producer is
	// left blocked when the process exits, as Python's daemon thread is.
	"queue-fifo": func(budget time.Duration) (float64, float64, error) {
		q := queue.NewFIFO[int](64)
		ctx := context.Background()
		go func() {
			for i := 0; ; i++ {
				if q.Put(ctx, i) != nil {
					return
				}
			}
		}()
		return medianPerOp(budget, func(n int) error {
			for range n {
				if _, err := q.Get(ctx); err != nil {
					return err
				}
			}
			return nil
		})
	},
	"queue-channel": func(budget time.Duration) (float64, float64, error) {
		ch := make(chan int, 64)
		go func() {
			for i := 0; ; i++ {
				ch <- i
			}
		}()
		return medianPerOp(budget, func(n int) error {
			for range n {
				<-ch
			}
			return nil
		})
	},
	// The same on the book's loop: a producer task, cancelled when the loop ends.
	"queue-async": func(budget time.Duration) (ns, cpuNs float64, err error) {
		err = aio.Main(func(co *aio.Co) error {
			q := queue.NewAsync[int](64)
			aio.Go(co, func(co *aio.Co) error {
				for i := 0; ; i++ {
					if err := q.Put(co, i); err != nil {
						return err
					}
				}
			})
			var err error
			ns, cpuNs, err = medianPerOp(budget, func(n int) error {
				for range n {
					if _, err := q.Get(co); err != nil {
						return err
					}
				}
				return nil
			})
			return err
		})
		return ns, cpuNs, err
	},
}

// runInExecutor times RunInExecutor round trips through ex (the default pool if nil), each
// awaited before the next.
func runInExecutor(budget time.Duration, ex executor.Executor) (float64, float64, error) {
	return onLoop(budget, func(co *aio.Co, n int) error {
		for range n {
			if _, err := aio.Await(co, executor.RunInExecutor(co, ex, one)); err != nil {
				return err
			}
		}
		return nil
	})
}

// square is the process pool's function, registered at init in the parent and in its workers
// (this same program, started again).
func init() {
	executor.RegisterFunc(poolFunc, func(x int) (int, error) { return x * x, nil })
}

const poolFunc = "crosscheck-square"

// startPool starts a one-worker process pool and makes one call, so that the worker has
// started before any is timed.
func startPool() (*executor.ProcessPool, error) {
	p, err := executor.NewProcessPool(context.Background(), 1)
	if err != nil {
		return nil, err
	}
	if err := poolCalls(p, 1); err != nil {
		p.Close()
		return nil, err
	}
	return p, nil
}

// poolCalls makes n calls of square(3) to p, each awaited.
func poolCalls(p *executor.ProcessPool, n int) error {
	for range n {
		r, err := executor.Call[int, int](p, poolFunc, 3)
		if err != nil {
			return err
		}
		if r != 9 {
			return fmt.Errorf("square(3) = %d from the worker", r)
		}
	}
	return nil
}
