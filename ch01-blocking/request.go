package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/concurrency-models/book/ch01-blocking/aio"
	"github.com/concurrency-models/book/ch01-blocking/counter"
	"github.com/concurrency-models/book/ch01-blocking/slowhttp"
)

// blockingRequest is the source program's main coroutine. fetch is a plain, blocking function: it holds
// the baton — the loop's only thread of control — until it returns.
func blockingRequest(ctx context.Context, w io.Writer, tick time.Duration, fetch func(context.Context) error) error {
	err := aio.MainContext(ctx, func(co *aio.Co) error {
		task := aio.Go(co, counter.Counter(w, tick)) // (1): scheduled, not yet running
		if err := co.Sleep(0); err != nil {          // (2): let the counter start
			return err
		}
		fmt.Fprintln(w, "started http request")
		if err := fetch(ctx); err != nil { // (4): blocks the loop and every task
			return err
		}
		fmt.Fprintln(w, "ended http request")
		_, err := aio.Await(co, task) // (5): only now can the counter resume
		return err
	})
	return err
}

func requestDemo(ctx context.Context, stdout io.Writer) error {
	url, stop, err := config.request.Open()
	if err != nil {
		return err
	}
	defer stop()
	return blockingRequest(ctx, stdout, config.tick, slowhttp.Fetcher(url, config.request.Timeout))
}
