package main

import (
	"context"
	"fmt"
	"testing"

	"github.com/concurrency-models/book/ch01-blocking/aio"
	"github.com/concurrency-models/book/ch05-queues-locks/queue"
)

// Queue throughput: one producer and one consumer pass b.N items through each kind of queue.

func BenchmarkQueueChannel(b *testing.B) {
	ch := make(chan int, 64)
	go func() {
		for i := range b.N {
			ch <- i
		}
		close(ch)
	}()
	for range ch {
	}
}

func BenchmarkQueueMutexFIFO(b *testing.B) {
	ctx := context.Background()
	q := queue.NewFIFO[int](64)
	go func() {
		for i := range b.N {
			_ = q.Put(ctx, i)
		}
	}()
	for range b.N {
		if _, err := q.Get(ctx); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkQueueLoop(b *testing.B) {
	_, err := aio.Run(func(co *aio.Co) (aio.None, error) {
		q := queue.NewLoop[int](64)
		aio.CreateTask(co, func(co *aio.Co) (aio.None, error) {
			for i := range b.N {
				if err := q.Put(co, i); err != nil {
					return aio.None{}, err
				}
			}
			return aio.None{}, nil
		})
		for range b.N {
			if _, err := q.Get(co); err != nil {
				return aio.None{}, err
			}
		}
		return aio.None{}, nil
	})
	if err != nil {
		b.Fatal(err)
	}
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

// BenchmarkPrimes: three of the large numbers, checked sequentially and by a pool of two
// goroutines. On two cores the pool takes about half as long.
func BenchmarkPrimes(b *testing.B) {
	b.Run("Sequential", func(b *testing.B) {
		for b.Loop() {
			for _, n := range bigNumbers[:3] {
				_, _ = isPrime(n)
			}
		}
	})
	b.Run("GoroutinePool", func(b *testing.B) {
		for b.Loop() {
			goroutinePool(bigNumbers[:3], 2)
		}
	})
}
