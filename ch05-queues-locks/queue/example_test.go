package queue_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/concurrency-models/book/ch01-blocking/aio"
	"github.com/concurrency-models/book/ch05-queues-locks/queue"
)

func ExampleNewFIFO() {
	ctx := context.Background()
	q := queue.NewFIFO[string](0)
	for _, s := range []string{"a", "b", "c"} {
		_ = q.Put(ctx, s)
	}
	for q.Len() > 0 {
		s, _ := q.Get(ctx)
		fmt.Print(s, " ")
	}
	fmt.Println()
	// Output: a b c
}

func ExampleNewLIFO() {
	ctx := context.Background()
	q := queue.NewLIFO[string](0)
	for _, s := range []string{"a", "b", "c"} {
		_ = q.Put(ctx, s)
	}
	for q.Len() > 0 {
		s, _ := q.Get(ctx)
		fmt.Print(s, " ")
	}
	fmt.Println()
	// Output: c b a
}

// Python puts (priority, item) tuples into a PriorityQueue; here the priority is part of the
// item and less compares it. Equal priorities keep the order they were put in.
func ExampleNewPriority() {
	type task struct {
		prio int
		name string
	}
	ctx := context.Background()
	q := queue.NewPriority(0, func(a, b task) bool { return a.prio < b.prio })
	for _, t := range []task{{2, "lunch"}, {1, "deploy"}, {2, "email"}, {1, "rollback"}} {
		_ = q.Put(ctx, t)
	}
	for q.Len() > 0 {
		t, _ := q.Get(ctx)
		fmt.Println(t.prio, t.name)
	}
	// Output:
	// 1 deploy
	// 1 rollback
	// 2 lunch
	// 2 email
}

// Workers take jobs and mark each one Done; Join returns once all are. Then the workers, idle
// in Get, are stopped by cancelling their context.
func ExampleQueue_Join() {
	ctx, cancel := context.WithCancel(context.Background())
	q := queue.NewFIFO[int](0)
	results := make(chan int, 3)
	for i := 1; i <= 3; i++ {
		_ = q.Put(ctx, i)
	}
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for {
				n, err := q.Get(ctx)
				if err != nil {
					return // cancelled
				}
				results <- n * n
				q.Done()
			}
		})
	}
	_ = q.Join(ctx) // every job has been marked done: all three squares are in
	cancel()
	wg.Wait()
	fmt.Println(<-results + <-results + <-results)
	// Output: 14
}

// Shutdown stops workers without a poison pill: each takes what is left, then its Get fails
// with ErrShutDown and it returns.
func ExampleQueue_Shutdown() {
	ctx := context.Background()
	q := queue.NewFIFO[int](0)
	for i := 1; i <= 4; i++ {
		_ = q.Put(ctx, i)
	}
	q.Shutdown(false)
	var sum atomic.Int64
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for {
				n, err := q.Get(ctx)
				if errors.Is(err, queue.ErrShutDown) {
					return
				}
				sum.Add(int64(n))
			}
		})
	}
	wg.Wait()
	fmt.Println(sum.Load(), q.Put(ctx, 5))
	// Output: 10 queue: shut down
}

// asyncio.Queue: a consumer task awaits Get until the producer has put something.
func ExampleAsync() {
	_, _ = aio.Run(func(co *aio.Co) (aio.None, error) {
		q := queue.NewAsync[string](0)
		consumer := aio.Go(co, func(co *aio.Co) error {
			for range 2 {
				s, err := q.Get(co) // awaits: the producer runs meanwhile
				if err != nil {
					return err
				}
				fmt.Println("got", s)
			}
			return nil
		})
		for _, s := range []string{"ping", "pong"} {
			fmt.Println("put", s)
			_ = q.Put(co, s)
		}
		return aio.Await(co, consumer)
	})
	// Output:
	// put ping
	// put pong
	// got ping
	// got pong
}
