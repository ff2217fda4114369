package reexec

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"
)

// WorkerArg is the hidden first argument with which a program re-executes itself as a worker
// (see Command). Readers never type it.
const WorkerArg = "__worker"

// Worker is a hidden mode in which the program runs as a child process of itself. Its context
// is cancelled when the parent stops it (see Main).
type Worker func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error

// ErrUnknownWorker is the error of Dispatch for a worker name nobody registered.
var ErrUnknownWorker = errors.New("unknown worker")

// StopGrace is how long a worker has, once its parent has sent SIGTERM, to return before Main
// ends the process anyway. It is short: a worker is cancelled only when its parent is stopping.
const StopGrace = 100 * time.Millisecond

var (
	registryMu sync.RWMutex
	registry   = map[string]Worker{}
)

// Register makes w runnable as the worker called name, in every process of the program. Call
// it from an init function, so that the parent and its children agree: a package that starts
// its own workers (a process pool, say) registers them itself. It panics if name is taken.
func Register(name string, w Worker) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, dup := registry[name]; dup {
		panic("reexec: worker registered twice: " + name)
	}
	registry[name] = w
}

func lookup(name string) Worker {
	registryMu.RLock()
	defer registryMu.RUnlock()
	return registry[name]
}

// IsWorker reports whether args, a program's arguments without its name (os.Args[1:]), start
// it as a worker.
func IsWorker(args []string) bool { return len(args) > 0 && args[0] == WorkerArg }

// Dispatch runs the worker that args name: args are what follows WorkerArg, the worker's name
// and then its own arguments. The name is looked up in workers first, then among the workers
// registered with Register. An unknown name is an error wrapping ErrUnknownWorker.
func Dispatch(ctx context.Context, workers map[string]Worker, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var w Worker
	if len(args) > 0 {
		if w = workers[args[0]]; w == nil {
			w = lookup(args[0])
		}
	}
	if w == nil {
		return fmt.Errorf("%w %q", ErrUnknownWorker, strings.Join(args, " "))
	}
	return w(ctx, args[1:], stdin, stdout, stderr)
}

// Main runs this process as a worker and returns its exit status: 0, 1 if the worker failed (it
// prints "prog: error" on standard error), 2 for an unknown worker. args are the program's
// arguments, os.Args[1:], beginning with WorkerArg.
//
// A worker is stopped by its parent, never directly by the terminal, and it says nothing about
// it: the parent, which knows whether it asked, is the one to report. So Main ignores SIGINT
// (Command keeps workers out of the terminal's process group, but a SIGINT may still be sent to
// a worker's own group; the parent decides), and on SIGTERM, which is how a cancelled Command
// stops a worker, it cancels the worker's context, gives it StopGrace to return, and then dies
// of that SIGTERM without a word, whether or not the worker has returned.
func Main(prog string, workers map[string]Worker, args []string) int {
	signal.Ignore(os.Interrupt)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- Dispatch(ctx, workers, args[1:], os.Stdin, os.Stdout, os.Stderr) }()
	code, stopped := outcome(ctx, done, prog, os.Stderr)
	if stopped {
		stop()
		return dieOf(syscall.SIGTERM)
	}
	return code
}

// outcome waits for the worker's result on done, or for ctx, which SIGTERM cancels. It reports
// stopped if a SIGTERM came — then it says nothing, once the worker has returned or StopGrace
// has passed — and otherwise the exit status, having printed the worker's error, if any.
func outcome(ctx context.Context, done <-chan error, prog string, stderr io.Writer) (code int, stopped bool) {
	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
		select {
		case <-done:
		case <-time.After(StopGrace):
		}
		return 0, true
	}
	// A worker that returns as soon as SIGTERM cancels its context (with ctx.Err(), say) may
	// have its result ready by the time the select above chooses, and select chooses at
	// random between ready cases: stopped all the same, and quiet.
	if ctx.Err() != nil {
		return 0, true
	}
	switch {
	case err == nil:
		return 0, false
	case errors.Is(err, ErrUnknownWorker):
		fmt.Fprintf(stderr, "%s: %v\n", prog, err)
		return 2, false
	default:
		fmt.Fprintf(stderr, "%s: %v\n", prog, err)
		return 1, false
	}
}

// dieOf ends the process by sig with its default action, so that the parent's Wait sees the
// signal; should that somehow not happen, it returns 128+sig, as a shell would report it.
func dieOf(sig syscall.Signal) int {
	signal.Reset(sig)
	if p, err := os.FindProcess(os.Getpid()); err == nil {
		_ = p.Signal(sig)
		time.Sleep(time.Second) // the signal is delivered long before this ends
	}
	return 128 + int(sig)
}
