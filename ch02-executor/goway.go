package main

import (
	"cmp"
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
	// The book's local server, unless -url names another: it counts the requests that wait
	// for it at once, which is what shows the overlap.
	url := config.request.URL
	var server *slowhttp.Server
	if url == "" {
		s, err := slowhttp.Start(config.request.Delay)
		if err != nil {
			return err
		}
		defer s.Close()
		server, url = s, s.URL
	}
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
	// The verdicts follow from what the server and the requests saw, not from the times, which
	// a busy machine stretches.
	if server != nil {
		if n := server.MostWaiting(); n == len(bodies) {
			fmt.Fprint(stdout, ": the server had all three waiting at once, so about one request's time, not three")
		} else {
			fmt.Fprintf(stdout, ": the server had at most %d of them waiting at once; they did not all overlap", n)
		}
	}
	fmt.Fprintln(stdout)

	fmt.Fprintln(stdout, "\nthe same, when one of them cannot connect:")
	start = time.Now()
	bodies, err = fetchAll(ctx, []string{url, "http://127.0.0.1:1/", url}, config.request.Timeout)
	took = time.Since(start)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	fmt.Fprintf(stdout, "errgroup returns the first error: %v\n", err)
	switch answered := cmp.Or(bodies[0], bodies[2]); {
	case server == nil:
	case answered == "":
		fmt.Fprintf(stdout, "and cancels the context of the other two: they stopped waiting after %v, without the server's answer\n",
			took.Round(time.Millisecond))
	default:
		fmt.Fprintf(stdout, "but the other two had the server's answer before the error came: %s", answered)
	}
	return nil
}
