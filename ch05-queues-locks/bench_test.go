package main

import (
	"fmt"
	"testing"

	"github.com/concurrency-models/book/ch01-blocking/aio"
	"github.com/concurrency-models/book/ch02-executor/executor"
	"github.com/concurrency-models/book/ch05-queues-locks/queue"
	"github.com/concurrency-models/book/internal/compare/cputime"
	"github.com/stretchr/testify/require"
)

// Queue throughput: one producer and one consumer pass b.N items through each kind of queue, the
// producer running ahead while there is room (64 items), so a figure is the cost per item of a
// pipelined stream, not of one item's trip. The round trips below wait for each answer.

func BenchmarkQueueChannel(b *testing.B) {
	m := cputime.Start() // CPU per operation, for make compare
	ch := make(chan int, 64)
	go func() {
		for i := range b.N {
			ch <- i
		}
		close(ch)
	}()
	for range ch {
	}
	m.Report(b)
}

func BenchmarkQueueMutexFIFO(b *testing.B) {
	m := cputime.Start() // CPU per operation, for make compare
	ctx := b.Context()
	q := queue.NewFIFO[int](64)
	go func() {
		for i := range b.N {
			_ = q.Put(ctx, i)
		}
	}()
	var err error
	for range b.N {
		if _, err = q.Get(ctx); err != nil {
			break
		}
	}
	require.NoError(b, err)
	m.Report(b)
}

func BenchmarkQueueAsync(b *testing.B) {
	m := cputime.Start() // CPU per operation, for make compare
	err := aio.Main(func(co *aio.Co) error {
		q := queue.NewAsync[int](64)
		aio.Go(co, func(co *aio.Co) error {
			for i := range b.N {
				if err := q.Put(co, i); err != nil {
					return err
				}
			}
			return nil
		})
		for range b.N {
			if _, err := q.Get(co); err != nil {
				return err
			}
		}
		return nil
	})
	require.NoError(b, err)
	m.Report(b)
}

// BenchmarkQueueRoundTripGoroutine is one request and its answer between two goroutines: the
// string sent on one unbuffered channel, shouted by the other goroutine and sent back on
// another. Unlike the three benchmarks above, which pipeline items through a buffer, each
// request waits for its answer, so this is the like-for-like floor of the process round trip.
func BenchmarkQueueRoundTripGoroutine(b *testing.B) {
	requests, replies := make(chan string), make(chan string)
	go func() {
		for s := range requests {
			r, _ := shout(s)
			replies <- r
		}
	}()
	defer close(requests)
	for b.Loop() {
		requests <- "hello"
		<-replies
	}
}

// BenchmarkQueueRoundTripProcess is one request's round trip to a worker process and back, the
// way the queues demo sends its messages: gob-encoded, written to a pipe, read and decoded by the
// child, and the same way back. Compared with BenchmarkQueueRoundTripGoroutine, this is the cost
// of serialization and of crossing between processes.
func BenchmarkQueueRoundTripProcess(b *testing.B) {
	pool, err := executor.NewProcessPool(b.Context(), 1)
	require.NoError(b, err)
	defer pool.Close()
	for b.Loop() {
		if _, err = executor.Call[string, string](pool, "shout", "hello"); err != nil {
			break
		}
	}
	require.NoError(b, err)
}

// BenchmarkLockContention: the same 100,000 locked increments shared by more goroutines.
func BenchmarkLockContention(b *testing.B) {
	for _, g := range []int{1, 2, 8} {
		b.Run(fmt.Sprint("goroutines=", g), func(b *testing.B) {
			for b.Loop() {
				lockContention(g, 100_000)
			}
		})
	}
}

// BenchmarkPrimes: three of the large numbers, checked sequentially, by a pool of two
// goroutines and by a pool of two worker processes (started anew each time, as in the demo).
func BenchmarkPrimes(b *testing.B) {
	b.Run("Sequential", func(b *testing.B) {
		for b.Loop() {
			for _, n := range bigNumbers[:3] {
				_, _ = isPrime(b.Context(), n)
			}
		}
	})
	b.Run("GoroutinePool", func(b *testing.B) {
		for b.Loop() {
			goroutinePool(b.Context(), bigNumbers[:3], 2)
		}
	})
	b.Run("ProcessPool", func(b *testing.B) {
		var err error
		for b.Loop() {
			if _, err = processPool(b.Context(), bigNumbers[:3], 2); err != nil {
				break
			}
		}
		require.NoError(b, err)
	})
}
