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
// exits 130 at once, as go test, docker and cargo do. Nor does Main wait for a demo stuck
// writing to a stdout that nobody reads (a pipe into a pager that stopped reading): a Write
// still blocked a second after the interrupt counts as a second Ctrl-C. Either way the message
// starts on a fresh line: the demo's stdout is handed to it through a writer that notes whether
// the last thing written left the cursor mid-line (see SetMidLine for output it cannot see).
// Worker processes (package reexec) never print it: they leave Ctrl-C to their parent.
//
// A Ctrl-C or SIGTERM that comes before Main has begun, while the program is still starting, is
// answered the same way, "interrupted" and 130, by package early, which asks for the signals as
// the program's packages are initialised (but not in the very first instant: see there).
//
// # Write errors
//
// A demo's stdout that fails (a full disk, /dev/full) stops the demo as Ctrl-C would, and Main
// reports the first write error on one line and exits 1; so does a -trace file that cannot be
// written.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/concurrency-models/book/internal/cli/early"
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
	Run func(ctx context.Context, stdout io.Writer) error
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
// with status 130, and so does the first if stdout is blocked (see the package comment).
func (a *App) Main(args []string, stdout, stderr io.Writer) int {
	if reexec.IsWorker(args) {
		return reexec.Main(a.Name, a.Workers, args)
	}
	// The signals first, before anything else can take time. Package early has been
	// answering them since the program started; from here on they are Main's.
	sigs := make(chan os.Signal, 2)
	defer early.Claim(sigs)()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r := a.newRun(stdout, stderr)
	done := make(chan struct{})
	defer close(done)
	go r.watch(sigs, cancel, done)
	return r.main(ctx, args)
}

// Quitting, when waiting for the demo is no use.
var (
	// stuckAfter is how long a Write to stdout may go on after an interrupt before Main takes
	// it that nobody reads stdout (a full pipe, a pager that stopped reading), so that the
	// demo, stuck in that Write, can never tidy up and return: Main then quits as on a second
	// interrupt.
	stuckAfter = time.Second
	// quitWait bounds each step of quitting (ending the line on stdout, printing the message
	// on stderr), any of which a reader who stopped reading could block for ever.
	quitWait = 250 * time.Millisecond
)

// watch handles the signals: the first cancels the demo; after it, a second one, or a Write to
// stdout that stays blocked, quits at once.
func (r *run) watch(sigs <-chan os.Signal, cancel func(), done <-chan struct{}) {
	select {
	case <-sigs:
		cancel()
	case <-done:
		return
	}
	tick := time.NewTicker(stuckAfter / 10)
	defer tick.Stop()
	for {
		select {
		case <-sigs:
			r.quit()
		case <-tick.C:
			if r.stdout.blockedFor() >= stuckAfter {
				r.quit()
			}
		case <-done:
			return
		}
	}
}

// quit prints the one "interrupted" message, as far as stdout and stderr let it within
// quitWait each, and exits 130 without waiting for the demo. Its children die with it:
// reexec's parent-death signal.
func (r *run) quit() {
	within(quitWait, r.stdout.freshLine)
	within(quitWait, r.sayInterrupted)
	os.Exit(ExitInterrupted)
}

// within runs f and waits for it at most d; f may go on after that, as the program is ending.
func within(d time.Duration, f func()) {
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		f()
	}()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-finished:
	case <-t.C:
	}
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
	said   atomic.Bool // "interrupted" has been printed
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
		return r.report(ctx, nil)
	}
	if err != nil {
		fmt.Fprintf(r.stderr, "%s: %v\n", a.Name, err)
		a.usage(r.stderr)
		return ExitUsage
	}
	// A demo whose stdout fails stops, as on Ctrl-C, and report says why.
	demoCtx, stop := context.WithCancel(ctx)
	defer stop()
	r.stdout.whenFailed(stop)
	defer r.stdout.whenFailed(nil)
	return r.report(ctx, pics.runAll(demoCtx, a, demo, r.stdout))
}

// interrupted prints the one "interrupted" line, on a line of its own.
func (r *run) interrupted() {
	r.stdout.freshLine()
	r.sayInterrupted()
}

// sayInterrupted prints "interrupted" on stderr, unless it has been printed already.
func (r *run) sayInterrupted() {
	if r.said.CompareAndSwap(false, true) {
		fmt.Fprintf(r.stderr, "%s: interrupted\n", r.app.Name)
	}
}

// report turns how the demo ended into the exit status, and says why on stderr if it failed.
// ctx is the caller's: done means interrupted. A failed stdout comes before the demo's own
// error, which usually follows from it (a child killed by a broken pipe, say).
func (r *run) report(ctx context.Context, err error) int {
	a := r.app
	werr := r.stdout.failed()
	switch {
	case err == nil && werr == nil:
		return ExitOK
	case ctx.Err() != nil:
		// Interrupted: whatever the demo failed with (a cancelled request, a killed child)
		// followed from the interrupt, so report that.
		r.interrupted()
		return ExitInterrupted
	case werr != nil:
		fmt.Fprintf(r.stderr, "%s: standard output: %v\n", a.Name, werr)
		return ExitFailure
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
	// Main runs "all" itself (see pictures.runAll), one demo at a time.
	all := Demo{Name: "all", Summary: "every demo above, one after another"}
	return append(slices.Clone(a.Demos), all)
}

// newFlagSet makes the flags of one parse; quick is the -quick flag's value, false when the
// App has no Quick settings, and pics the -timeline and -trace flags every App has.
func (a *App) newFlagSet() (fs *flag.FlagSet, quick *bool, pics *pictures) {
	fs = flag.NewFlagSet(a.Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // Main prints its own one-line errors.
	if a.Flags != nil {
		a.Flags(fs)
		fs.VisitAll(decimalOnly)
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

// decimalOnly makes an integer flag take decimal digits alone. The flag package parses integers
// as Go literals, so that "-repeat 065" is 53 (octal) and "-increments 0x10" is 16: a reader who
// types a leading zero means a decimal number.
func decimalOnly(f *flag.Flag) {
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return
	}
	switch g.Get().(type) {
	case int, int64, uint, uint64:
		f.Value = decimal{g}
	}
}

// decimal is an integer flag's value that accepts decimal digits alone, with an optional sign.
type decimal struct{ flag.Getter }

func (d decimal) Set(s string) error {
	digits := strings.TrimLeft(s, "+-")
	if len(s)-len(digits) > 1 || digits == "" || strings.Trim(digits, "0123456789") != "" {
		return errors.New("not a decimal integer")
	}
	// Set the value in base 10: "065" is 65, not the octal it would be to the flag package.
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return errors.New("out of range")
	}
	return d.Getter.Set(strconv.FormatInt(n, 10))
}

func (d decimal) String() string {
	if d.Getter == nil { // the zero value, which flag.PrintDefaults makes to compare defaults with
		return "0"
	}
	return d.Getter.String()
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
	fs.VisitAll(func(f *flag.Flag) {
		if d, ok := f.Value.(decimal); ok {
			f.Value = d.Getter // so that PrintDefaults calls it an int, not a "value"
		}
	})
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

// Parse parses a command line as Main would — flags before or after the demo name, -quick
// applied, App.Check run — and returns the demo it names, without running it. Chapters' tests
// use it to see what their flags come to.
func (a *App) Parse(args []string) (demo string, err error) {
	d, _, err := a.parse(args)
	return d.Name, err
}
