package main

import (
	"context"
	"io"

	"github.com/concurrency-models/book/ch03-gil/gil"
	tl "github.com/concurrency-models/book/internal/timeline"
)

// pictured has a demo's simulated interpreters report to its timeline (-timeline, -trace), if
// it has one: the demos make their interpreters deep inside, so the recorder is set as the
// interpreters' default for the demo's duration rather than passed down. main.go wraps every
// demo in it. (The package name is imported as tl: this package has other things called
// timeline.)
func pictured(run func(ctx context.Context, stdout io.Writer) error) func(ctx context.Context, stdout io.Writer) error {
	return func(ctx context.Context, stdout io.Writer) error {
		gil.SetDefaultTimeline(tl.FromContext(ctx))
		defer gil.SetDefaultTimeline(nil)
		return run(ctx, stdout)
	}
}
