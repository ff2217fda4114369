package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/trace"

	"github.com/concurrency-models/book/internal/timeline"
)

// pictures are the -timeline and -trace flags that every App has: a text timeline of who ran
// when, printed after the demo's own output, and a runtime/trace file for go tool trace. The
// demo finds the recorder in its context (timeline.FromContext) and hands it to whatever runs
// its units: the event loop, a pool, the GIL simulator.
type pictures struct {
	timeline bool
	trace    string
}

func (p *pictures) register(fs *flag.FlagSet) {
	fs.BoolVar(&p.timeline, "timeline", false, "after the demo's output, draw a timeline of who ran when")
	fs.StringVar(&p.trace, "trace", "", "write a runtime/trace `file` with the demo's tasks and regions, for go tool trace")
}

func (p *pictures) wanted() bool { return p.timeline || p.trace != "" }

func (p *pictures) check() error {
	if p.trace == "-" {
		return Usagef("-trace needs a file name, not -")
	}
	return nil
}

// run runs demo, with a recorder in its context if a picture was asked for.
func (p *pictures) run(ctx context.Context, demo Demo, stdout, stderr io.Writer) (err error) {
	if !p.wanted() {
		return demo.Run(ctx, stdout, stderr)
	}
	rec := timeline.New()
	ctx = timeline.NewContext(ctx, rec)
	if p.trace != "" {
		ctx = context.WithValue(ctx, traceFileKey{}, p.trace)
		stop, tctx, err := startTrace(ctx, p.trace, demo.Name)
		if err != nil {
			return err
		}
		defer func() { err = errors.Join(err, stop()) }()
		ctx = tctx
		rec.Trace(ctx)
	}
	err = demo.Run(ctx, stdout, stderr)
	rec.Close()
	if p.timeline && err == nil {
		fmt.Fprintf(stdout, "\ntimeline of %s:\n", demo.Name)
		err = rec.Render(stdout, timeline.Width)
	}
	return err
}

type traceFileKey struct{}

// TraceFile returns the file that -trace is writing, or "" if none. A demo whose work happens
// in child processes can have each child write a trace of its own beside it.
func TraceFile(ctx context.Context) string {
	f, _ := ctx.Value(traceFileKey{}).(string)
	return f
}

// startTrace starts writing a runtime trace to file, inside a trace task named after the demo.
func startTrace(ctx context.Context, file, name string) (stop func() error, _ context.Context, _ error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, nil, fmt.Errorf("-trace: %v", err)
	}
	if err := trace.Start(f); err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("-trace: %v", err)
	}
	ctx, task := trace.NewTask(ctx, "demo "+name)
	return func() error {
		task.End()
		trace.Stop()
		return f.Close()
	}, ctx, nil
}
