// Package cli is the plumbing every chapter program shares: the demo dispatcher, one-line usage
// errors, exit statuses and Ctrl-C handling. It is not itself taught; the chapters are.
//
// A chapter's main function is two lines:
//
//	func main() { os.Exit(app.Main(os.Args[1:], os.Stdout, os.Stderr)) }
//
// and the same app.Main is registered with testscript, so the golden tests run exactly what a
// reader runs.
//
// # Interrupts
//
// The first Ctrl-C (SIGINT) or SIGTERM cancels the demo's context; the demo tidies up (clears
// its spinner, stops and reaps its children) and returns, and Main prints "interrupted" once and
// exits 130. A second one does not wait for the demo: Main prints the same one message and
// exits 130 at once, as go test, docker and cargo do. Either way the message starts on a fresh
// line: the demo's stdout is handed to it through a writer that notes whether the last thing
// written left the cursor mid-line (see SetMidLine for output it cannot see). Worker processes
// (package reexec) never print it: they leave Ctrl-C to their parent.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/concurrency-models/book/internal/reexec"
)

// Exit statuses, the same in every chapter.
const (
	ExitOK          = 0   // the demo ran to the end
	ExitFailure     = 1   // the demo failed while running (an unreachable URL, a child that died)
	ExitUsage       = 2   // the command line was wrong (unknown demo, bad flag, negative duration)
	ExitInterrupted = 130 // Ctrl-C (SIGINT) or SIGTERM stopped the demo: 128 + SIGINT, as shells report it
)

// Worker is a hidden mode in which the program runs as a child process of itself: the type of
// App.Workers' values, the same as reexec.Worker, which owns the worker protocol.
type Worker = reexec.Worker

// UsageError reports a mistake on the command line. Main prints it with the usage and exits 2.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// Usagef returns a *UsageError with a formatted message.
func Usagef(format string, args ...any) error {
	return &UsageError{Msg: fmt.Sprintf(format, args...)}
}

// Demo is one runnable demonstration of a chapter, chosen by name on the command line.
type Demo struct {
	Name    string // what the reader types: go run ./ch01-blocking <Name>
	Summary string // one line for the usage text
	// Run performs the demo, writing its output to stdout. ctx is cancelled on Ctrl-C; a demo
	// that stops early because of it should tidy up (clear a spinner line, reap children) and
	// return ctx.Err().
	Run func(ctx context.Context, stdout, stderr io.Writer) error
}

// App describes a chapter program: its demos, its flags and its hidden workers.
type App struct {
	Name    string // the program's name in messages, e.g. "ch01-blocking"
	Summary string // one line: what the program shows
	Default string // the demo run when none is named
	Demos   []Demo
	// Flags registers the chapter's flags on fs. It is called once per Main.
	Flags func(fs *flag.FlagSet)
	// Check validates the parsed flags; a non-nil error is reported as a usage error.
	Check func() error
	// Workers are run when the program is started as "<prog> __worker <name> args..." (see
	// package reexec, which also runs the workers that packages register themselves).
	Workers map[string]Worker
	// Quick, if not nil, adds a -quick flag that sets each named flag to its value (flag name
	// to value, as typed on the command line) unless the command line sets that flag itself:
	// the short durations and sizes for a whole-chapter tour, "go run ./chNN all -quick".
	Quick map[string]string
	// All, when true, adds a demo named "all" that runs every demo in order.
	All bool
}

// Main parses args, runs the chosen demo and returns the exit status. It never panics on bad
// input: unknown demos and bad flags print one line and the usage on stderr and return 2.
// Started as a worker (reexec.WorkerArg), it runs the worker instead (reexec.Main).
//
// The first SIGINT or SIGTERM cancels the demo's context; a second one ends the program at once
// with status 130 (see the package comment).
func (a *App) Main(args []string, stdout, stderr io.Writer) int {
	if reexec.IsWorker(args) {
		return reexec.Main(a.Name, a.Workers, args)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r := a.newRun(stdout, stderr)
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-sigs:
			cancel()
		case <-done:
			return
		}
		select {
		case <-sigs:
			r.interrupted()
			os.Exit(ExitInterrupted) // children die with us: reexec's parent-death signal
		case <-done:
		}
	}()
	return r.main(ctx, args)
}

// MainContext is Main with the caller's context in place of the signal handling. Started as a
// worker, it runs the worker with ctx (reexec.Dispatch).
func (a *App) MainContext(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return a.newRun(stdout, stderr).main(ctx, args)
}

// run is one run of an App: its output and the one interrupt message it may print.
type run struct {
	app    *App
	stdout *lineWriter
	stderr io.Writer
	once   sync.Once
}

func (a *App) newRun(stdout, stderr io.Writer) *run {
	return &run{app: a, stdout: trackLines(stdout), stderr: stderr}
}

func (r *run) main(ctx context.Context, args []string) int {
	a := r.app
	if reexec.IsWorker(args) {
		err := reexec.Dispatch(ctx, a.Workers, args[1:], os.Stdin, r.stdout, r.stderr)
		if errors.Is(err, reexec.ErrUnknownWorker) {
			fmt.Fprintf(r.stderr, "%s: %v\n", a.Name, err)
			return ExitUsage
		}
		return r.report(ctx, err)
	}
	demo, pics, err := a.parse(args)
	if errors.Is(err, flag.ErrHelp) {
		a.usage(r.stdout)
		return ExitOK
	}
	if err != nil {
		fmt.Fprintf(r.stderr, "%s: %v\n", a.Name, err)
		a.usage(r.stderr)
		return ExitUsage
	}
	if a.All && demo.Name == "all" && pics.wanted() {
		// One timeline (and one trace task) per demo: each starts its own clock and units.
		for _, d := range a.Demos {
			fmt.Fprintf(r.stdout, "== %s ==\n", d.Name)
			if err = pics.run(ctx, d, r.stdout, r.stderr); err != nil {
				break
			}
		}
	} else {
		err = pics.run(ctx, demo, r.stdout, r.stderr)
	}
	return r.report(ctx, err)
}

// interrupted prints the one "interrupted" line, on a line of its own.
func (r *run) interrupted() {
	r.once.Do(func() {
		r.stdout.freshLine()
		fmt.Fprintf(r.stderr, "%s: interrupted\n", r.app.Name)
	})
}

func (r *run) report(ctx context.Context, err error) int {
	a := r.app
	switch {
	case err == nil:
		return ExitOK
	case ctx.Err() != nil:
		// Interrupted: whatever the demo failed with (a cancelled request, a killed child)
		// followed from the interrupt, so report that.
		r.interrupted()
		return ExitInterrupted
	default:
		r.stdout.freshLine()
		var ue *UsageError
		if errors.As(err, &ue) {
			fmt.Fprintf(r.stderr, "%s: %v\n", a.Name, err)
			a.usage(r.stderr)
			return ExitUsage
		}
		fmt.Fprintf(r.stderr, "%s: %v\n", a.Name, err)
		return ExitFailure
	}
}

func (a *App) demos() []Demo {
	if !a.All {
		return a.Demos
	}
	all := Demo{Name: "all", Summary: "every demo above, one after another", Run: func(ctx context.Context, stdout, stderr io.Writer) error {
		for _, d := range a.Demos {
			fmt.Fprintf(stdout, "== %s ==\n", d.Name)
			if err := d.Run(ctx, stdout, stderr); err != nil {
				return err
			}
		}
		return nil
	}}
	return append(slices.Clone(a.Demos), all)
}

// newFlagSet makes the flags of one parse; quick is the -quick flag's value, false when the
// App has no Quick settings, and pics the -timeline and -trace flags every App has.
func (a *App) newFlagSet() (fs *flag.FlagSet, quick *bool, pics *pictures) {
	fs = flag.NewFlagSet(a.Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // Main prints its own one-line errors.
	if a.Flags != nil {
		a.Flags(fs)
	}
	pics = &pictures{}
	pics.register(fs)
	quick = new(bool)
	if a.Quick != nil {
		var settings []string
		for _, name := range slices.Sorted(maps.Keys(a.Quick)) {
			settings = append(settings, "-"+name+" "+a.Quick[name])
		}
		fs.BoolVar(quick, "quick", false, "short durations and sizes, for a tour of every demo in a second or two:\n"+
			strings.Join(settings, " ")+" (flags given on the command line win)")
	}
	return fs, quick, pics
}

// applyQuick sets each flag of a.Quick that the command line did not set.
func (a *App) applyQuick(fs *flag.FlagSet) error {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	for _, name := range slices.Sorted(maps.Keys(a.Quick)) {
		if given[name] {
			continue
		}
		if err := fs.Set(name, a.Quick[name]); err != nil {
			return fmt.Errorf("-quick: setting -%s to %q: %v", name, a.Quick[name], err)
		}
	}
	return nil
}

// parse accepts flags before and after the demo name: "prog -delay 1s request" and
// "prog request -delay 1s" both work.
func (a *App) parse(args []string) (Demo, *pictures, error) {
	demo, pics, err := a.parseFlags(args)
	if err == nil {
		err = pics.check()
	}
	return demo, pics, err
}

func (a *App) parseFlags(args []string) (Demo, *pictures, error) {
	fs, quick, pics := a.newFlagSet()
	if err := fs.Parse(args); err != nil {
		return Demo{}, pics, flagError(err)
	}
	rest := fs.Args()
	name := a.Default
	if len(rest) > 0 {
		name = rest[0]
		if err := fs.Parse(rest[1:]); err != nil {
			return Demo{}, pics, flagError(err)
		}
		if fs.NArg() > 0 {
			return Demo{}, pics, Usagef("unexpected argument %q after demo %q", fs.Arg(0), name)
		}
	}
	i := slices.IndexFunc(a.demos(), func(d Demo) bool { return d.Name == name })
	if i < 0 {
		return Demo{}, pics, Usagef("unknown demo %q", name)
	}
	if *quick {
		if err := a.applyQuick(fs); err != nil {
			return Demo{}, pics, err
		}
	}
	if a.Check != nil {
		if err := a.Check(); err != nil {
			return Demo{}, pics, err
		}
	}
	return a.demos()[i], pics, nil
}

func flagError(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	return &UsageError{Msg: err.Error()}
}

func (a *App) usage(w io.Writer) {
	fmt.Fprintf(w, "usage: go run ./%s [demo] [flags]\n", a.Name)
	if a.Summary != "" {
		fmt.Fprintf(w, "%s\n", a.Summary)
	}
	fmt.Fprintf(w, "demos (default %s):\n", a.Default)
	for _, d := range a.demos() {
		fmt.Fprintf(w, "  %-16s %s\n", d.Name, d.Summary)
	}
	fs, _, _ := a.newFlagSet()
	var hasFlags bool
	fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		fmt.Fprintln(w, "flags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
}

// Between returns a usage error unless lo <= v <= hi: every numeric flag has bounds, since a
// value beyond them is a typo that would make a demo run for hours or say nothing. Chapters call
// it from App.Check; durations print as they are typed ("1h", not "1h0m0s").
func Between[T ~int | ~int64](name string, v, lo, hi T) error {
	if v >= lo && v <= hi {
		return nil
	}
	return Usagef("-%s must be between %s and %s, not %s", name, show(lo), show(hi), show(v))
}

// show prints a flag's value the way a reader would type it.
func show[T ~int | ~int64](v T) string {
	d, ok := any(v).(time.Duration)
	if !ok {
		return fmt.Sprint(v)
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// FirstError returns the first non-nil error of errs: App.Check reports one problem at a time,
// on one line.
func FirstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Parse parses a command line as Main would — flags before or after the demo name, -quick
// applied, App.Check run — and returns the demo it names, without running it. Chapters' tests
// use it to see what their flags come to.
func (a *App) Parse(args []string) (demo string, err error) {
	d, _, err := a.parse(args)
	return d.Name, err
}
