package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/concurrency-models/book/ch01-blocking/timeline"
	"github.com/concurrency-models/book/ch04-spinner/threading"
)

// threadSpin is the Python program's spin function for threads: draw a frame, then wait one tick for the
// done event; stop as soon as it is set.
func threadSpin(w io.Writer, msg string, tick time.Duration, done *threading.Event, rec *timeline.Recorder) {
	var status string
	for i := 0; ; i++ {
		rec.Running(spinnerUnit, "")
		status = frame(i, msg)
		fmt.Fprint(w, status)
		rec.Waiting(spinnerUnit, "a tick")
		if done.Wait(tick) { // true: set; false: the tick passed
			break
		}
	}
	rec.Running(spinnerUnit, "")
	blankOut(w, status)
	rec.Done(spinnerUnit)
}

// threadSupervisor is the Python program's supervisor: make the event and the thread, show the thread
// before it starts, start it, compute on this goroutine, then signal and join.
func threadSupervisor(ctx context.Context, w io.Writer) (int, error) {
	rec := timeline.FromContext(ctx) // -timeline
	rec.Running(supervisorUnit, "")
	done := new(threading.Event)
	spinner := threading.NewThread("spin", func() { threadSpin(w, config.msg, config.tick, done, rec) })
	fmt.Fprintf(w, "spinner object: %v\n", spinner)
	spinner.Start()
	rec.Waiting(supervisorUnit, "slow()")
	result, err := slow(ctx, config.slow)
	rec.Running(supervisorUnit, "")
	done.Set()
	rec.Waiting(supervisorUnit, "the spinner to end")
	spinner.Join()
	rec.Done(supervisorUnit)
	return result, err
}

func threadDemo(ctx context.Context, stdout, _ io.Writer) error {
	return answer(stdout)(threadSupervisor(ctx, stdout))
}
