// Package early installs the chapter programs' Ctrl-C handler as the program starts, long before
// main runs. Package cli imports it, so every chapter program has it.
//
// Until a handler is installed, the Go runtime answers SIGINT and SIGTERM with their default
// action, and the program dies of the signal without a word. Package cli installs its handler
// when App.Main begins, after every package has been initialised — milliseconds after the
// program starts, tens of them on a loaded machine (GODEBUG=inittrace=1 shows when) — and a
// Ctrl-C in that window would kill a demo silently. So this package's init asks for the signals
// first thing, and until App.Main claims them (Claim) it answers one as App.Main answers a
// Ctrl-C that comes before the demo has done anything: "PROG: interrupted" on standard error
// and exit status 130, for SIGTERM too. PROG is the program's file name, which for a chapter
// program, run or built, is the chapter's name.
//
// Go initialises a package once its imports are, and among the packages ready at the same
// time, the one whose import path sorts first. This package imports nothing but os, os/signal,
// strings, sync and syscall, so it is ready as soon as they are, before any other package of
// the book, each of which imports more: TestInitialisedFirst checks, in every chapter program,
// that it is initialised before all of them. But the standard-library packages that are ready
// by then and sort before "github.com/" (crypto/..., compress/... for a program that imports
// net/http) are initialised before it, and a signal that comes while the runtime and those
// packages start still ends the program with no word, as it would any Go program.
//
// A test binary that imports package cli, and is not re-executed as a chapter program, calls
// Stop first (scripttest.Main does it for every chapter): see Stop.
//
// A worker process (the program started again with reexec's hidden first argument) is left
// alone: the worker protocol (package reexec) handles its signals, and a worker stopped before
// it has begun dies of the SIGTERM, as it must, without a word.
package early

import (
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
)

// ExitInterrupted is the exit status after an unclaimed signal: cli.ExitInterrupted, 128 +
// SIGINT, as shells report a Ctrl-C.
const ExitInterrupted = 130

// workerArg is reexec.WorkerArg, which this package may not import (it would then wait for
// reexec's own imports); a test in package cli checks that they agree.
const workerArg = "__worker"

var (
	// sigs receives SIGINT and SIGTERM from the moment init runs until Stop.
	sigs = make(chan os.Signal, 2)

	mu sync.Mutex
	// on is whether this package has the signals: from init, unless the process is a worker,
	// until Stop.
	on bool
	// claims are the channels of the App.Mains running now, which get every signal instead
	// of the default answer below; a test binary may run more than one at once.
	claims = map[chan<- os.Signal]bool{}
)

func init() {
	if len(os.Args) > 1 && os.Args[1] == workerArg {
		return
	}
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	on = true
	go forward()
}

// forward hands each signal to the claimants, or, when there are none, ends the program as
// App.Main would. It holds mu while it decides, so a Claim made at the same moment comes either
// before the signal (and the claimant gets it) or never returns. It ends when Stop closes sigs.
func forward() {
	for sig := range sigs {
		mu.Lock()
		if len(claims) == 0 {
			os.Stderr.WriteString(progName() + ": interrupted\n")
			os.Exit(ExitInterrupted)
		}
		for c := range claims {
			select { // as package signal sends: a full channel misses the signal
			case c <- sig:
			default:
			}
		}
		mu.Unlock()
	}
}

// Claim makes c receive SIGINT and SIGTERM, as signal.Notify(c, os.Interrupt, syscall.SIGTERM)
// would, instead of this package answering them; release undoes it, as signal.Stop would. While
// no claim is held, a signal ends the program with status 130. c should be buffered.
func Claim(c chan<- os.Signal) (release func()) {
	mu.Lock()
	defer mu.Unlock()
	if !on {
		signal.Notify(c, os.Interrupt, syscall.SIGTERM)
		return func() { signal.Stop(c) }
	}
	claims[c] = true
	return func() {
		mu.Lock()
		defer mu.Unlock()
		delete(claims, c)
	}
}

// Stop gives SIGINT and SIGTERM back: to the channels of signal.Notify, if any, else to their
// default action, which ends the program at once. It is for a process that imports package cli
// but is no chapter program — a test binary running its tests, which go test's Ctrl-C must end
// as before and whose leak checks must not find this package's goroutine (it ends), or a
// stand-in program in a test that handles its signals itself. It does nothing while a claim is
// held, and after the first time. A signal that came before Stop is answered, with status 130.
func Stop() {
	mu.Lock()
	if !on || len(claims) > 0 {
		mu.Unlock()
		return
	}
	on = false
	mu.Unlock()
	signal.Stop(sigs) // once it returns, sigs gets nothing more
	close(sigs)
}

// progName is the program's file name without a directory or ".exe": "ch01-blocking" for go run
// ./ch01-blocking, for a binary built from it, and for the command the golden scripts run.
func progName() string {
	name := os.Args[0]
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	return strings.TrimSuffix(name, ".exe")
}
