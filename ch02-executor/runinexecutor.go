package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/concurrency-models/book/ch01-blocking/aio"
	"github.com/concurrency-models/book/ch01-blocking/counter"
	"github.com/concurrency-models/book/ch01-blocking/slowhttp"
	"github.com/concurrency-models/book/ch02-executor/executor"
	"github.com/concurrency-models/book/internal/cli"
)

// sendRequest is the source program's plain, blocking function: it prints, fetches, prints. It
// knows nothing about the loop. It closes started once it has printed its first line.
func sendRequest(ctx context.Context, w io.Writer, fetch func(context.Context) error, started chan<- struct{}) error {
	fmt.Fprintln(w, "started http request")
	close(started)
	if err := fetch(ctx); err != nil {
		return err
	}
	fmt.Fprintln(w, "ended http request")
	return nil
}

// executorRequest is the source program of §2: the same counter, and the request handed to an
// executor (nil: the loop's default one), whose future main awaits.
//
// In the source program, whether the worker thread prints "started http request" before the
// counter's first 1 ms tick prints "i is 0" is a race: a new thread usually starts within
// microseconds, but nothing makes it. Here main holds the loop until the worker has printed
// (microseconds, while the counter's timer cannot fire), so the order is causal.
func executorRequest(ctx context.Context, w io.Writer, tick time.Duration, ex executor.Executor, fetch func(context.Context) error) error {
	w = cli.SyncWriter(w) // the loop and a worker thread both print
	err := aio.MainContext(ctx, func(co *aio.Co) error {
		task := aio.Go(co, counter.Counter(w, tick))
		if err := co.Sleep(0); err != nil {
			return err
		}
		// loop.run_in_executor(None, send_request): nil means the default thread pool.
		started := make(chan struct{})
		fut := executor.RunInExecutor(co, ex, func() (aio.None, error) {
			return aio.None{}, sendRequest(ctx, w, fetch, started)
		})
		if !fut.Done() { // not refused by the executor
			select { // blocking, on purpose, while the worker starts
			case <-started:
			case <-ctx.Done():
			}
		}
		if _, err := aio.Await(co, fut); err != nil { // an await: the loop runs the counter meanwhile
			return err
		}
		_, err := aio.Await(co, task)
		return err
	})
	return err
}

func executorDemo(ctx context.Context, stdout io.Writer) error {
	url, stop, err := config.request.Open()
	if err != nil {
		return err
	}
	defer stop()
	return executorRequest(ctx, stdout, config.tick, nil, slowhttp.Fetcher(url, config.request.Timeout))
}
