package main

import (
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"

	"github.com/concurrency-models/book/ch01-blocking/aio"
)

// cpu is a deterministic single-core scheduler for simulated threads: exactly one thread runs
// at a time, and Preempt hands the core to the next live thread in turn — a timer interrupt
// that fires exactly where the program says. Real threads are interrupted at places nobody
// chooses; this one picks the worst place every time, so the damage is exact.
type cpu struct {
	turn []chan struct{}
	live []bool // touched only by the thread holding the core
}

func newCPU(threads int) *cpu {
	c := &cpu{turn: make([]chan struct{}, threads), live: make([]bool, threads)}
	for i := range c.turn {
		c.turn[i] = make(chan struct{})
		c.live[i] = true
	}
	return c
}

// next is the next live thread after i, or -1.
func (c *cpu) next(i int) int {
	for k := 1; k <= len(c.turn); k++ {
		if j := (i + k) % len(c.turn); c.live[j] && j != i {
			return j
		}
	}
	return -1
}

// Preempt switches from thread i to the next live one and waits to be switched back.
func (c *cpu) Preempt(i int) {
	if j := c.next(i); j >= 0 {
		c.turn[j] <- struct{}{}
		<-c.turn[i]
	}
}

// Run runs each body as a thread, thread 0 first, and returns when all have finished.
func (c *cpu) Run(bodies ...func(i int)) {
	var wg sync.WaitGroup
	for i, body := range bodies {
		wg.Go(func() {
			<-c.turn[i]
			body(i)
			c.live[i] = false
			if j := c.next(i); j >= 0 {
				c.turn[j] <- struct{}{}
			}
		})
	}
	c.turn[0] <- struct{}{}
	wg.Wait()
}

// checkCtxEvery is how many increments a simulated thread makes between looks at its context:
// about a millisecond of handing the core back and forth, so that Ctrl-C stops even a million
// increments at once.
const checkCtxEvery = 1 << 10

// lostUpdates runs two threads that each add 1 to a shared counter n times, reading and writing
// it in two steps, and are preempted between the two. The loads and stores are atomic, so Go
// sees no data race; the updates are lost all the same, because read-modify-write as a whole
// is not atomic. Once ctx is done, each thread stops at its next look, and lostUpdates returns
// ctx's error.
func lostUpdates(ctx context.Context, n int) (int64, error) {
	var counter atomic.Int64
	c := newCPU(2)
	inc := func(i int) {
		for k := range n {
			if k%checkCtxEvery == 0 && ctx.Err() != nil {
				return
			}
			v := counter.Load()
			c.Preempt(i) // the other thread reads the same v
			counter.Store(v + 1)
			c.Preempt(i)
		}
	}
	c.Run(inc, inc)
	return counter.Load(), ctx.Err()
}

// lockedUpdates is the same with a mutex around the read-modify-write. A thread that finds the
// mutex held cannot go on, so it gives up the core, as a blocked thread does.
func lockedUpdates(ctx context.Context, n int) (int64, error) {
	var counter atomic.Int64
	var mu sync.Mutex
	c := newCPU(2)
	inc := func(i int) {
		for k := range n {
			if k%checkCtxEvery == 0 && ctx.Err() != nil {
				return // between updates, so never holding the mutex
			}
			for !mu.TryLock() {
				c.Preempt(i)
			}
			v := counter.Load()
			c.Preempt(i) // the other thread runs, but cannot enter
			counter.Store(v + 1)
			mu.Unlock()
			c.Preempt(i)
		}
	}
	c.Run(inc, inc)
	return counter.Load(), ctx.Err()
}

// loopUpdates runs the same two increments as tasks on the event loop. A plain int is safe:
// only the task holding the loop runs. With an await between the read and the write, the
// other task runs there, and updates are lost exactly as between threads.
func loopUpdates(ctx context.Context, n int, awaitInside bool) (int, error) {
	return aio.RunContext(ctx, func(co *aio.Co) (int, error) {
		counter := 0
		inc := func(co *aio.Co) error {
			for range n {
				v := counter
				if awaitInside {
					if err := co.Yield(); err != nil {
						return err
					}
				}
				counter = v + 1
				if err := co.Yield(); err != nil {
					return err
				}
			}
			return nil
		}
		a, b := aio.Go(co, inc), aio.Go(co, inc)
		for _, t := range []*aio.Task[aio.None]{a, b} {
			if _, err := aio.Await(co, t); err != nil {
				return 0, err
			}
		}
		return counter, nil
	})
}

func raceDemo(ctx context.Context, stdout io.Writer) error {
	n := config.increments
	lost := func(got int64) string {
		if want := int64(2 * n); got < want {
			return fmt.Sprintf(" (%d updates lost)", want-got)
		}
		return ""
	}
	fmt.Fprintf(stdout, "two threads, %d increments each, switched between read and write:\n", n)
	v, err := lostUpdates(ctx, n)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "  no lock:              counter = %d%s\n", v, lost(v))
	if v, err = lockedUpdates(ctx, n); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "  sync.Mutex:           counter = %d%s\n", v, lost(v))
	if ctx.Err() != nil {
		return ctx.Err()
	}
	fmt.Fprintf(stdout, "two coroutines on the event loop, %d increments each:\n", n)
	for _, tc := range []struct {
		name  string
		await bool
	}{{"no await inside:", false}, {"await inside:", true}} {
		got, err := loopUpdates(ctx, n, tc.await)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "  %-21s counter = %d%s\n", tc.name, got, lost(int64(got)))
	}
	return nil
}
