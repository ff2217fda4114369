// Package cli is the plumbing every chapter program shares: the demo dispatcher, one-line usage
// errors, exit statuses and Ctrl-C handling. It is not itself taught; the chapters are.
//
// A chapter's main function is two lines:
//
//	func main() { os.Exit(app.Main(os.Args[1:], os.Stdout, os.Stderr)) }
//
// and the same app.Main is registered with testscript, so the golden tests run exactly what a
// reader runs.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"
)

// Exit statuses, the same in every chapter.
const (
	ExitOK          = 0   // the demo ran to the end
	ExitFailure     = 1   // the demo failed while running (an unreachable URL, a child that died)
	ExitUsage       = 2   // the command line was wrong (unknown demo, bad flag, negative duration)
	ExitInterrupted = 130 // Ctrl-C (SIGINT) or SIGTERM stopped the demo: 128 + SIGINT, as shells report it
)

// WorkerArg is the hidden first argument with which a chapter program re-executes itself as a
// child process (see package reexec). Readers never type it.
const WorkerArg = "__worker"

// ErrInterrupted is returned by a demo that stopped because its context was cancelled by a
// signal. Demos may also simply return ctx.Err(): once the context is cancelled, Main reports
// any error as an interrupt (exit status 130), since the interrupt is what caused it.
var ErrInterrupted = errors.New("interrupted")

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

// Worker is a hidden mode in which the program runs as a child process of itself.
type Worker func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error

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
	// Workers are run when the program is started as "<prog> __worker <name> args...".
	Workers map[string]Worker
	// All, when true, adds a demo named "all" that runs every demo in order.
	All bool
}

// Main parses args, runs the chosen demo and returns the exit status. It never panics on bad
// input: unknown demos and bad flags print one line and the usage on stderr and return 2.
func (a *App) Main(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return a.MainContext(ctx, args, stdout, stderr)
}

// MainContext is Main with the caller's context in place of the signal handling.
func (a *App) MainContext(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == WorkerArg {
		return a.runWorker(ctx, args[1:], stdout, stderr)
	}
	demo, err := a.parse(args)
	if errors.Is(err, flag.ErrHelp) {
		a.usage(stdout)
		return ExitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", a.Name, err)
		a.usage(stderr)
		return ExitUsage
	}
	err = demo.Run(ctx, stdout, stderr)
	return a.report(ctx, err, stderr)
}

func (a *App) report(ctx context.Context, err error, stderr io.Writer) int {
	switch {
	case err == nil:
		return ExitOK
	case ctx.Err() != nil:
		// Interrupted: whatever the demo failed with (a cancelled request, a killed child)
		// followed from the interrupt, so report that.
		fmt.Fprintf(stderr, "%s: interrupted\n", a.Name)
		return ExitInterrupted
	default:
		var ue *UsageError
		if errors.As(err, &ue) {
			fmt.Fprintf(stderr, "%s: %v\n", a.Name, err)
			a.usage(stderr)
			return ExitUsage
		}
		fmt.Fprintf(stderr, "%s: %v\n", a.Name, err)
		return ExitFailure
	}
}

func (a *App) runWorker(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || a.Workers[args[0]] == nil {
		fmt.Fprintf(stderr, "%s: unknown worker %q\n", a.Name, strings.Join(args, " "))
		return ExitUsage
	}
	err := a.Workers[args[0]](ctx, args[1:], os.Stdin, stdout, stderr)
	return a.report(ctx, err, stderr)
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

func (a *App) newFlagSet() *flag.FlagSet {
	fs := flag.NewFlagSet(a.Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // Main prints its own one-line errors.
	if a.Flags != nil {
		a.Flags(fs)
	}
	return fs
}

// parse accepts flags before and after the demo name: "prog -delay 1s request" and
// "prog request -delay 1s" both work.
func (a *App) parse(args []string) (Demo, error) {
	fs := a.newFlagSet()
	if err := fs.Parse(args); err != nil {
		return Demo{}, flagError(err)
	}
	rest := fs.Args()
	name := a.Default
	if len(rest) > 0 {
		name = rest[0]
		if err := fs.Parse(rest[1:]); err != nil {
			return Demo{}, flagError(err)
		}
		if fs.NArg() > 0 {
			return Demo{}, Usagef("unexpected argument %q after demo %q", fs.Arg(0), name)
		}
	}
	i := slices.IndexFunc(a.demos(), func(d Demo) bool { return d.Name == name })
	if i < 0 {
		return Demo{}, Usagef("unknown demo %q", name)
	}
	if a.Check != nil {
		if err := a.Check(); err != nil {
			return Demo{}, err
		}
	}
	return a.demos()[i], nil
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
	fs := a.newFlagSet()
	var any bool
	fs.VisitAll(func(*flag.Flag) { any = true })
	if any {
		fmt.Fprintln(w, "flags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
}

// NonNegative returns a usage error if d is negative. Chapters call it from App.Check for each
// duration flag.
func NonNegative(name string, d time.Duration) error {
	if d < 0 {
		return Usagef("-%s must not be negative", name)
	}
	return nil
}
