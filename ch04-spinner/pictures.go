package main

import (
	"bytes"
	"context"
	"io"

	"github.com/concurrency-models/book/internal/timeline"
)

// -timeline and -trace for the thread, process and goroutine spinners, which have no event loop
// to report who runs when: their output says it. Each frame (and the final blank-out) is a
// write that starts with a carriage return, drawn by the spinner; the supervisor's one line,
// "spinner object: ...", comes just before it starts waiting for slow(), and the answer once it
// has the result and the spinner has stopped. So the demo's stdout is watched rather than the
// spinner's code instrumented, and the listings in the lesson stay as they are; main.go wraps
// those three demos in drawnBy. (The async versions' rows are the event loop's tasks.)

const supervisorRow = "supervisor"

// drawnBy wraps a demo so that, when its context carries a recorder, its stdout reports the
// spinner's frames and the supervisor's wait.
func drawnBy(spinner string, run func(ctx context.Context, stdout io.Writer) error) func(ctx context.Context, stdout io.Writer) error {
	return func(ctx context.Context, stdout io.Writer) error {
		rec := timeline.FromContext(ctx)
		if rec == nil {
			return run(ctx, stdout)
		}
		rec.Running(supervisorRow, "")
		err := run(ctx, &frameWatcher{w: stdout, rec: rec, spinner: spinner})
		rec.Done(spinner)
		rec.Done(supervisorRow)
		return err
	}
}

// frameWatcher passes writes on to w and reports them to rec.
type frameWatcher struct {
	w       io.Writer
	rec     *timeline.Recorder
	spinner string
}

func (f *frameWatcher) Write(p []byte) (int, error) {
	switch {
	case bytes.HasPrefix(p, []byte("\r")): // a frame, or the blank-out
		f.rec.Running(f.spinner, "")
		defer f.rec.Waiting(f.spinner, "a tick")
	case bytes.HasPrefix(p, []byte("spinner object:")):
		defer f.rec.Waiting(supervisorRow, "slow()")
	default: // the answer: the supervisor runs again
		f.rec.Running(supervisorRow, "")
	}
	return f.w.Write(p)
}
