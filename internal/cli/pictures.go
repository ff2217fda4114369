package cli

import (
	"cmp"
	"context"
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

// runAll runs demo, or every demo one after another for "all", with -trace's one trace file
// around the whole run (each demo a trace task of its own) and -timeline's picture after each
// demo. A failed trace file is reported after the demos, if nothing failed before.
func (p *pictures) runAll(ctx context.Context, a *App, demo Demo, stdout io.Writer) (err error) {
	if p.trace != "" {
		ctx = context.WithValue(ctx, traceFileKey{}, p.trace)
		stop, serr := startTrace(p.trace)
		if serr != nil {
			return serr
		}
		defer func() { err = cmp.Or(err, stop()) }()
	}
	if !a.All || demo.Name != "all" {
		return p.run(ctx, demo, stdout)
	}
	for _, d := range a.Demos {
		fmt.Fprintf(stdout, "== %s ==\n", d.Name)
		if err := p.run(ctx, d, stdout); err != nil {
			return err
		}
	}
	return nil
}

// run runs demo, with a recorder in its context if a picture was asked for.
func (p *pictures) run(ctx context.Context, demo Demo, stdout io.Writer) (err error) {
	if !p.wanted() {
		return demo.Run(ctx, stdout)
	}
	rec := timeline.New()
	ctx = timeline.NewContext(ctx, rec)
	if p.trace != "" {
		var task *trace.Task
		ctx, task = trace.NewTask(ctx, "demo "+demo.Name)
		defer task.End()
		rec.Trace(ctx)
	}
	err = demo.Run(ctx, stdout)
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

// startTrace starts writing a runtime trace to file. stop ends it and reports whether every
// byte reached the file: runtime/trace drops its writer's errors, so they are kept here.
func startTrace(file string) (stop func() error, _ error) {
	f, err := os.Create(file)
	if err != nil {
		return nil, fmt.Errorf("-trace: %v", err)
	}
	w := &errWriter{w: f}
	if err := trace.Start(w); err != nil {
		f.Close()
		return nil, fmt.Errorf("-trace: %v", err)
	}
	return func() error {
		trace.Stop() // returns once every write is done
		if err := cmp.Or(w.err, f.Close()); err != nil {
			return fmt.Errorf("-trace: %v", err)
		}
		return nil
	}, nil
}

// errWriter keeps the first error of w and writes nothing after it. Only runtime/trace's one
// reader goroutine writes to it, and trace.Stop waits for that goroutine.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}
