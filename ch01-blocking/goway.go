package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/concurrency-models/book/ch01-blocking/slowhttp"
	"github.com/concurrency-models/book/internal/cli"
)

// goCounter is the counter as a goroutine: time.Sleep is fine here, because a sleeping
// goroutine holds nothing that others need. It prints its first line, closes started, and
// counts only once begin is closed (see goRequest for why).
func goCounter(ctx context.Context, w io.Writer, tick time.Duration, started chan<- struct{}, begin <-chan struct{}) error {
	fmt.Fprintln(w, "started counter")
	close(started)
	select {
	case <-begin:
	case <-ctx.Done():
		return ctx.Err()
	}
	t := time.NewTicker(tick)
	defer t.Stop()
	for i := range 5 {
		select {
		case <-t.C:
		case <-ctx.Done():
			return ctx.Err()
		}
		fmt.Fprintf(w, "i is %d\n", i)
	}
	return nil
}

// goRequest is the source program written as Go would write it: the counter runs in its own
// goroutine, and the request is made with the very same blocking call as before. While the
// request waits for the network, its goroutine is parked and the counter runs.
//
// In asyncio, "started http request" comes before "i is 0" for certain: main runs on the loop's
// only thread until its blocking call, so no timer can fire before it prints. Goroutines promise
// no such thing: on a busy machine main may be paused longer than the counter's first tick. So
// the counter starts counting only once main has announced the request: the order is causal.
func goRequest(ctx context.Context, w io.Writer, tick time.Duration, fetch func(context.Context) error) error {
	w = cli.SyncWriter(w) // two goroutines print now: one line at a time
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	started, begin := make(chan struct{}), make(chan struct{})
	counted := make(chan error, 1)
	go func() { counted <- goCounter(ctx, w, tick, started, begin) }()
	<-started // like the source program's sleep(0): let the counter begin first
	fmt.Fprintln(w, "started http request")
	close(begin) // and only now may it count
	if err := fetch(ctx); err != nil {
		cancel()
		<-counted // never leave the counter behind
		return err
	}
	fmt.Fprintln(w, "ended http request")
	return <-counted
}

func goDemo(ctx context.Context, stdout io.Writer) error {
	url, stop, err := config.request.Open()
	if err != nil {
		return err
	}
	defer stop()
	return goRequest(ctx, stdout, config.tick, slowhttp.Fetcher(url, config.request.Timeout))
}
