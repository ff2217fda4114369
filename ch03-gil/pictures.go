package main

import (
	"context"
	"io"

	"github.com/concurrency-models/book/ch03-gil/gil"
	tl "github.com/concurrency-models/book/internal/timeline"
)

// Every demo's simulated interpreters report to the demo's timeline (-timeline, -trace), if it
// has one: the demos make their interpreters deep inside, so the recorder is set as the
// interpreters' default for the demo's duration rather than passed down. (The package name is
// imported as tl: this package has other things called timeline.)
func init() {
	for i := range app.Demos {
		run := app.Demos[i].Run
		app.Demos[i].Run = func(ctx context.Context, stdout, stderr io.Writer) error {
			gil.SetDefaultTimeline(tl.FromContext(ctx))
			defer gil.SetDefaultTimeline(nil)
			return run(ctx, stdout, stderr)
		}
	}
}
