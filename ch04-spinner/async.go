package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/concurrency-models/book/ch01-blocking/aio"
)

// spin is the Python spin coroutine: draw a frame, sleep one tick on the loop; when the sleep
// is cancelled, stop, blank the line and return normally.
func spin(w io.Writer, msg string, tick time.Duration) func(co *aio.Co) error {
	return func(co *aio.Co) error { // line 15: pinned in testdata/exact.txtar and README.md
		var status string
		for i := 0; ; i++ {
			status = frame(i, msg)
			fmt.Fprint(w, status)
			if err := co.Sleep(tick); err != nil { // cancelled: asyncio.CancelledError
				break
			}
		}
		blankOut(w, status)
		return nil
	}
}

// slowCoro is the Python program's slow coroutine. Awaiting the loop's sleep lets the spinner run. The
// blocking variant is the source article's experiment: time.sleep inside a coroutine holds the loop (here
// a sleep that only Ctrl-C can cut short, but still not an await).
func slowCoro(ctx context.Context, d time.Duration, blocking bool) func(co *aio.Co) (int, error) {
	return func(co *aio.Co) (int, error) {
		if blocking {
			return slow(ctx, d) // holds the baton for d
		}
		if err := co.Sleep(d); err != nil {
			return 0, err
		}
		return 42, nil
	}
}

// asyncSupervisor is the Python program's supervisor coroutine: create the spinner task (scheduled, not
// yet running), show it, await slow() directly, cancel the spinner.
func asyncSupervisor(ctx context.Context, w io.Writer, blocking bool) func(co *aio.Co) (int, error) {
	return func(co *aio.Co) (int, error) {
		spinner := aio.Go(co, spin(w, config.msg, config.tick))
		fmt.Fprintf(w, "spinner object: %v\n", spinner)
		result, err := slowCoro(ctx, config.slow, blocking)(co) // await slow(): same task
		spinner.Cancel()
		return result, err
	}
}

// runAsync is main in the Python program's async version: asyncio.run(supervisor()). aio.RunContext
// cancels the supervisor on Ctrl-C and, like asyncio.run, cancels and finishes the spinner task
// before it returns, so the line is blanked before the answer is printed.
func runAsync(ctx context.Context, w io.Writer, blocking bool, opts ...aio.Option) (int, error) {
	result, err := aio.RunContext(ctx, asyncSupervisor(ctx, w, blocking), opts...)
	if err == nil && ctx.Err() != nil {
		err = ctx.Err() // the blocking sleep ignored the cancellation, but we were interrupted
	}
	return result, err
}

func asyncDemo(ctx context.Context, stdout io.Writer) error {
	return answer(stdout)(runAsync(ctx, stdout, false))
}

func asyncBlockingDemo(ctx context.Context, stdout io.Writer) error {
	return answer(stdout)(runAsync(ctx, stdout, true))
}
