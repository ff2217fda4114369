package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/concurrency-models/book/ch01-blocking/aio"
	"github.com/concurrency-models/book/ch02-executor/executor"
)

// futureLife prints a future's states as a worker thread completes it: first with a value, then
// with an error. The worker waits for a go-ahead, so the pending state is seen for certain.
func futureLife(ctx context.Context, w io.Writer) error {
	err := aio.MainContext(ctx, func(co *aio.Co) error {
		goAhead := make(chan struct{})
		fut := executor.RunInExecutor(co, nil, func() (int, error) {
			<-goAhead
			return 42, nil
		})
		fmt.Fprintf(w, "submitted:   %v (done: %t)\n", fut, fut.Done())
		close(goAhead)
		v, err := aio.Await(co, fut)
		fmt.Fprintf(w, "awaited:     %v (done: %t)\n", fut, fut.Done())
		fmt.Fprintf(w, "await gives: %d, %v\n", v, err)

		failing := executor.RunInExecutor(co, nil, func() (int, error) {
			return 0, errors.New("the answer is not ready")
		})
		fmt.Fprintf(w, "submitted:   %v\n", failing)
		_, err = aio.Await(co, failing)
		fmt.Fprintf(w, "awaited:     %v\n", failing)
		fmt.Fprintf(w, "await gives: error %q\n", err)

		panicky := executor.RunInExecutor(co, nil, func() (int, error) { panic("a bug in the job") })
		_, err = aio.Await(co, panicky)
		fmt.Fprintf(w, "a panic:     %v\n", panicky)
		var pe *executor.PanicError
		fmt.Fprintf(w, "await gives: a *PanicError: %t; the loop is still running\n", errors.As(err, &pe))
		return nil
	})
	return err
}

func futureDemo(ctx context.Context, stdout io.Writer) error { return futureLife(ctx, stdout) }
