package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/concurrency-models/book/ch01-blocking/timeline"
)

// goSpin is the spinner as Go would write it: a goroutine that stops when its context does.
func goSpin(ctx context.Context, w io.Writer, msg string, tick time.Duration) {
	rec := timeline.FromContext(ctx) // -timeline
	var status string
	for i := 0; ; i++ {
		rec.Running(spinnerUnit, "")
		status = frame(i, msg)
		fmt.Fprint(w, status)
		rec.Waiting(spinnerUnit, "a tick")
		select {
		case <-ctx.Done():
			rec.Running(spinnerUnit, "")
			blankColumns(w, status) // display columns, not code points: see blankOut
			rec.Done(spinnerUnit)
			return
		case <-time.After(tick):
		}
	}
}

// goSupervisor starts the spinner goroutine with a context of its own, computes, then cancels
// the context and waits for the goroutine to finish (so the line is clear before we print).
func goSupervisor(ctx context.Context, w io.Writer) (int, error) {
	rec := timeline.FromContext(ctx) // -timeline
	rec.Running(supervisorUnit, "")
	defer rec.Done(supervisorUnit)
	spinCtx, stop := context.WithCancel(ctx)
	defer stop()
	spun := make(chan struct{})
	fmt.Fprintln(w, "spinner object: none: a goroutine has no handle; we keep a cancel func and a channel")
	go func() {
		defer close(spun)
		goSpin(spinCtx, w, config.msg, config.tick)
	}()
	rec.Waiting(supervisorUnit, "slow()")
	result, err := slow(ctx, config.slow)
	rec.Running(supervisorUnit, "")
	stop()
	rec.Waiting(supervisorUnit, "the spinner to end")
	<-spun
	rec.Running(supervisorUnit, "")
	return result, err
}

func goDemo(ctx context.Context, stdout, _ io.Writer) error {
	return answer(stdout)(goSupervisor(ctx, stdout))
}
