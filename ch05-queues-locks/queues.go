package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/concurrency-models/book/ch01-blocking/aio"
	"github.com/concurrency-models/book/ch02-executor/executor"
	"github.com/concurrency-models/book/ch05-queues-locks/queue"
)

// job is what the queue demos carry: a priority and a name.
type job struct {
	Priority int
	Name     string
}

var jobs = []job{{3, "write report"}, {1, "fix outage"}, {2, "review PR"}, {1, "page on-call"}, {3, "tidy desk"}}

// drainAll gets every item from q, in the queue's order.
func drainAll(ctx context.Context, q *queue.Queue[job]) ([]string, error) {
	var out []string
	for q.Len() > 0 {
		j, err := q.Get(ctx)
		if err != nil {
			return nil, err
		}
		out = append(out, fmt.Sprintf("%d %s", j.Priority, j.Name))
	}
	return out, nil
}

// shout is what the process in the queue demo does with each message: it crosses the pipe as
// bytes both ways.
func shout(s string) (string, error) { return strings.ToUpper(s) + "!", nil }

func init() { executor.RegisterFunc("shout", shout) }

func queuesDemo(ctx context.Context, stdout io.Writer) error {
	fmt.Fprintln(stdout, "put in this order:", describe(jobs))
	for _, kind := range []struct {
		name string
		q    *queue.Queue[job]
	}{
		{"FIFO (queue.Queue)", queue.NewFIFO[job](0)},
		{"LIFO (queue.LifoQueue)", queue.NewLIFO[job](0)},
		{"priority (queue.PriorityQueue)", queue.NewPriority(0, func(a, b job) bool { return a.Priority < b.Priority })},
	} {
		for _, j := range jobs {
			if err := kind.q.Put(ctx, j); err != nil {
				return err
			}
		}
		got, err := drainAll(ctx, kind.q)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%-31s %s\n", kind.name+":", strings.Join(got, ", "))
	}

	fmt.Fprintln(stdout, "\nasyncio.Queue(maxsize=2) on the event loop, a producer and a consumer:")
	if err := loopProducerConsumer(ctx, stdout); err != nil {
		return err
	}

	fmt.Fprintln(stdout, "\na round trip to another process: each message is encoded, piped to the worker and decoded; the answer comes back the same way")
	pool, err := executor.NewProcessPool(ctx, 1)
	if err != nil {
		return err
	}
	defer pool.Close()
	for _, msg := range []string{"hello", "queue"} {
		sent0, received0 := pool.Traffic()
		reply, err := executor.Call[string, string](pool, "shout", msg)
		if err != nil {
			return err
		}
		sent, received := pool.Traffic()
		fmt.Fprintf(stdout, "sent %q as %d bytes, received %q as %d bytes\n", msg, sent-sent0, reply, received-received0)
	}
	fmt.Fprintln(stdout, "(a string is one of gob's predeclared types, so no message describes a type and each costs the same; the frame around it adds a kind byte, the lengths and the function's name)")
	return pool.Close()
}

func describe(js []job) string {
	var parts []string
	for _, j := range js {
		parts = append(parts, fmt.Sprintf("%d %s", j.Priority, j.Name))
	}
	return strings.Join(parts, ", ")
}

// loopProducerConsumer is asyncio's producer/consumer on the loop queue. Each line is printed
// when what it says has happened (or, for a wait, just before the await that waits), and its
// place follows from the loop's FIFO order: no timing is involved. The loop runs on the virtual
// clock, which changes nothing here (nobody sleeps) except that a lost wake-up ends the demo
// with aio.ErrDeadlock instead of hanging it.
func loopProducerConsumer(ctx context.Context, w io.Writer) error {
	err := aio.MainContext(ctx, func(co *aio.Co) error {
		q := queue.NewAsync[int](2)
		prod := aio.Go(co, func(co *aio.Co) error {
			for i := range 5 {
				if q.Full() {
					fmt.Fprintf(w, "  producer: queue full, waits to put %d\n", i)
				}
				if err := q.Put(co, i); err != nil {
					return err
				}
				fmt.Fprintf(w, "  producer: put %d\n", i)
			}
			return nil
		})
		cons := aio.Go(co, func(co *aio.Co) error {
			for range 5 {
				if q.Len() == 0 {
					fmt.Fprintln(w, "  consumer: queue empty, waits")
				}
				v, err := q.Get(co)
				if err != nil {
					return err
				}
				fmt.Fprintf(w, "  consumer: got %d\n", v)
			}
			return nil
		})
		for _, t := range []*aio.Task[aio.None]{prod, cons} {
			if _, err := aio.Await(co, t); err != nil {
				return err
			}
		}
		return nil
	}, aio.Virtual())
	return err
}
