package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/concurrency-models/book/ch04-spinner/threading"
)

// threadSpin is the Python program's spin function for threads: draw a frame, then wait one tick for the
// done event; stop as soon as it is set.
func threadSpin(w io.Writer, msg string, tick time.Duration, done *threading.Event) {
	var status string
	for i := 0; ; i++ {
		status = frame(i, msg)
		fmt.Fprint(w, status)
		if done.Wait(tick) { // true: set; false: the tick passed
			break
		}
	}
	blankOut(w, status)
}

// threadSupervisor is the Python program's supervisor: make the event and the thread, show the thread
// before it starts, start it, compute on this goroutine, then signal and join.
func threadSupervisor(ctx context.Context, w io.Writer) (int, error) {
	done := new(threading.Event)
	spinner := threading.NewThread("spin", func() { threadSpin(w, config.msg, config.tick, done) })
	fmt.Fprintf(w, "spinner object: %v\n", spinner)
	spinner.Start()
	result, err := slow(ctx, config.slow)
	done.Set()
	spinner.Join()
	return result, err
}

func threadDemo(ctx context.Context, stdout io.Writer) error {
	return answer(stdout)(threadSupervisor(ctx, stdout))
}
