package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/concurrency-models/book/ch04-spinner/threading"
)

// frames are the spinner's characters, in the seed's order: backslash, bar, slash, dash.
const frames = `\|/-`

// frame returns the i-th status line: a carriage return (back to the start of the line), the
// i-th character of the cycle, a space and the message.
func frame(i int, msg string) string {
	return "\r" + string(frames[i%len(frames)]) + " " + msg
}

// blankOut clears the last status: back to the start, as many spaces as the status has
// characters (its \r included, as in the seed), and back to the start again.
func blankOut(w io.Writer, status string) {
	fmt.Fprint(w, "\r"+strings.Repeat(" ", utf8.RuneCountInString(status))+"\r")
}

// slow is the seed's slow function: it takes d to find the answer. Ctrl-C (ctx) cuts it short.
func slow(ctx context.Context, d time.Duration) (int, error) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return 42, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// threadSpin is the seed's spin function for threads: draw a frame, then wait one tick for the
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

// threadSupervisor is the seed's supervisor: make the event and the thread, show the thread
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

func threadDemo(ctx context.Context, stdout, _ io.Writer) error {
	return answer(stdout)(threadSupervisor(ctx, stdout))
}

// answer returns the function that prints the seed's last line, or passes the error on.
func answer(w io.Writer) func(int, error) error {
	return func(result int, err error) error {
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "Answer: %d\n", result)
		return nil
	}
}

// goSpin is the spinner as Go would write it: a goroutine that stops when its context does.
func goSpin(ctx context.Context, w io.Writer, msg string, tick time.Duration) {
	var status string
	for i := 0; ; i++ {
		status = frame(i, msg)
		fmt.Fprint(w, status)
		select {
		case <-ctx.Done():
			blankOut(w, status)
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

func goDemo(ctx context.Context, stdout, _ io.Writer) error {
	return answer(stdout)(goSupervisor(ctx, stdout))
}
