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

// sendRequest is the source program's plain, blocking function: it prints, fetches, prints. It knows
// nothing about the loop.
func sendRequest(ctx context.Context, w io.Writer, fetch func(context.Context) error) error {
	fmt.Fprintln(w, "started http request")
	if err := fetch(ctx); err != nil {
		return err
	}
	fmt.Fprintln(w, "ended http request")
	return nil
}

// executorRequest is the source program of §2: the same counter, and the request handed to the
// loop's default executor, whose future main awaits.
func executorRequest(ctx context.Context, w io.Writer, tick time.Duration, fetch func(context.Context) error) error {
	w = cli.SyncWriter(w) // the loop and a worker thread both print
	_, err := aio.RunContext(ctx, func(co *aio.Co) (aio.None, error) {
		task := aio.CreateTask(co, counter.Counter(w, tick))
		if err := co.Sleep(0); err != nil {
			return aio.None{}, err
		}
		// loop.run_in_executor(None, send_request): nil means the default thread pool.
		fut := executor.RunInExecutor(co, nil, func() (aio.None, error) {
			return aio.None{}, sendRequest(ctx, w, fetch)
		})
		if _, err := aio.Await(co, fut); err != nil { // an await: the loop runs the counter meanwhile
			return aio.None{}, err
		}
		_, err := aio.Await(co, task)
		return aio.None{}, err
	})
	return err
}

func executorDemo(ctx context.Context, stdout, _ io.Writer) error {
	url, stop, err := config.request.Open()
	if err != nil {
		return err
	}
	defer stop()
	return executorRequest(ctx, stdout, config.tick, slowhttp.Fetcher(url, config.request.Timeout))
}
