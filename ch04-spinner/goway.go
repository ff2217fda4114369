package main

import (
	"context"
	"fmt"
	"io"
	"time"
)

// goSpin is the spinner as Go would write it: a goroutine that stops when its context does.
func goSpin(ctx context.Context, w io.Writer, msg string, tick time.Duration) {
	var status string
	for i := 0; ; i++ {
		status = frame(i, msg)
		fmt.Fprint(w, status)
		select {
		case <-ctx.Done():
			blankColumns(w, status) // display columns, not code points: see blankOut
			return
		case <-time.After(tick):
		}
	}
}

// goSupervisor starts the spinner goroutine with a context of its own, computes, then cancels
// the context and waits for the goroutine to finish (so the line is clear before we print).
func goSupervisor(ctx context.Context, w io.Writer) (int, error) {
	spinCtx, stop := context.WithCancel(ctx)
	defer stop()
	spun := make(chan struct{})
	fmt.Fprintln(w, "spinner object: none: a goroutine has no handle; we keep a cancel func and a channel")
	go func() {
		defer close(spun)
		goSpin(spinCtx, w, config.msg, config.tick)
	}()
	result, err := slow(ctx, config.slow)
	stop()
	<-spun
	return result, err
}

func goDemo(ctx context.Context, stdout io.Writer) error {
	return answer(stdout)(goSupervisor(ctx, stdout))
}
