package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/concurrency-models/book/ch01-blocking/slowhttp"
)

// fetchAll makes one blocking request per URL, each on its own goroutine, and returns what each
// one answered, in order. errgroup returns the first error and cancels the others' context:
// asyncio.TaskGroup (3.11+) over run_in_executor calls, without a loop or a pool.
// (asyncio.gather would raise the first error but leave the others running.)
func fetchAll(ctx context.Context, urls []string, timeout time.Duration) ([]string, error) {
	g, ctx := errgroup.WithContext(ctx)
	bodies := make([]string, len(urls))
	for i, url := range urls {
		g.Go(func() error {
			body, err := slowhttp.Get(ctx, url, timeout)
			bodies[i] = string(body)
			return err
		})
	}
	return bodies, g.Wait()
}

func goDemo(ctx context.Context, stdout io.Writer) error {
	url, stop, err := config.request.Open()
	if err != nil {
		return err
	}
	defer stop()
	local := config.request.URL == "" // then each request takes config.request.Delay
	fmt.Fprintln(stdout, "three blocking requests, one goroutine each, gathered by errgroup:")
	start := time.Now()
	bodies, err := fetchAll(ctx, []string{url, url, url}, config.request.Timeout)
	if err != nil {
		return err
	}
	took := time.Since(start)
	for i, b := range bodies {
		fmt.Fprintf(stdout, "request %d: %s", i+1, b)
	}
	fmt.Fprintf(stdout, "all three took %v", took.Round(10*time.Millisecond))
	switch {
	case !local:
	case took < 2*config.request.Delay:
		fmt.Fprint(stdout, ": about one request's time, not three")
	default:
		fmt.Fprint(stdout, ": more than two requests' time; they did not overlap")
	}
	fmt.Fprintln(stdout)

	fmt.Fprintln(stdout, "\nthe same, when one of them cannot connect:")
	start = time.Now()
	_, err = fetchAll(ctx, []string{url, "http://127.0.0.1:1/", url}, config.request.Timeout)
	took = time.Since(start)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	fmt.Fprintf(stdout, "errgroup returns the first error: %v\n", err)
	switch {
	case !local:
	case took < config.request.Delay/2:
		fmt.Fprintln(stdout, "and cancels the context of the other two: they stopped waiting at once, long before the server's answer")
	default:
		fmt.Fprintln(stdout, "but the other two waited for the server's answer")
	}
	return nil
}
