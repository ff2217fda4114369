package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/concurrency-models/book/ch01-blocking/aio"
	"github.com/concurrency-models/book/ch01-blocking/slowhttp"
)

// counter is the seed's counter coroutine: it prints a line, then five times sleeps on the loop
// for tick and prints i. Each sleep is an await, so the loop may run other tasks meanwhile.
func counter(w io.Writer, tick time.Duration) func(co *aio.Co) (aio.None, error) {
	return func(co *aio.Co) (aio.None, error) {
		fmt.Fprintln(w, "started counter")
		for i := range 5 {
			if err := co.Sleep(tick); err != nil { // (3): hand the loop back for tick
				return aio.None{}, err
			}
			fmt.Fprintf(w, "i is %d\n", i) // (6)
		}
		return aio.None{}, nil
	}
}

// blockingRequest is the seed's main coroutine. fetch is a plain, blocking function: it holds
// the baton — the loop's only thread of control — until it returns.
func blockingRequest(ctx context.Context, w io.Writer, tick time.Duration, fetch func(context.Context) error) error {
	_, err := aio.RunContext(ctx, func(co *aio.Co) (aio.None, error) {
		task := aio.CreateTask(co, counter(w, tick)) // (1): scheduled, not yet running
		if err := co.Sleep(0); err != nil {          // (2): let the counter start
			return aio.None{}, err
		}
		fmt.Fprintln(w, "started http request")
		if err := fetch(ctx); err != nil { // (4): blocks the loop and every task
			return aio.None{}, err
		}
		fmt.Fprintln(w, "ended http request")
		_, err := aio.Await(co, task) // (5): only now can the counter resume
		return aio.None{}, err
	})
	return err
}

// fetcher returns the blocking request the demos make: a plain GET of url.
func fetcher(url string, timeout time.Duration) func(context.Context) error {
	return func(ctx context.Context) error {
		_, err := slowhttp.Get(ctx, url, timeout)
		return err
	}
}

func requestDemo(ctx context.Context, stdout, _ io.Writer) error {
	url, stop, err := config.request.Open()
	if err != nil {
		return err
	}
	defer stop()
	return blockingRequest(ctx, stdout, config.tick, fetcher(url, config.request.Timeout))
}
