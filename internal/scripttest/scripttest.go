// Package scripttest runs a chapter's golden transcripts (testdata/script/*.txtar) with
// testscript, against the very entry point a reader runs with "go run".
//
// In a chapter's script_test.go:
//
//	func TestMain(m *testing.M) { scripttest.Main(m, app) }
//	func TestScripts(t *testing.T) { scripttest.Run(t) }
//
// Set UPDATE_GOLDEN=1 (make update) to rewrite the expected output in the scripts' txtar sections.
//
// Besides testscript's built-in commands, scripts may use:
//
//	signal SIG REGEXP PROG [ARGS...]
//	    Start PROG, wait until its standard output matches REGEXP, send it SIG (INT, TERM or
//	    KILL) and wait for it to end. Its output becomes the script's stdout and stderr. It
//	    succeeds when PROG ended as that signal should end it: exit status 130 for INT and TERM,
//	    death by the signal for KILL.
//	cmpshape stdout|stderr|FILE WANT
//	    Like cmp, but FILE may hold placeholders for what a run measures: {{duration}} (a Go
//	    duration such as 1.5s or 250ms), {{int}}, {{float}}, {{any}} (the rest of a line
//	    up to the next literal text, never a line break) and, alone at the start of a line,
//	    {{lines}} (any number of whole lines, none included). Everything else must match
//	    exactly, byte for byte.
//	    UPDATE_GOLDEN does not rewrite these files: they are written by hand.
//	nosurvivors
//	    Fail if any process is still running in the script's work directory (Linux only; a
//	    no-op elsewhere): every child a demo started must have been stopped and reaped.
package scripttest

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/concurrency-models/book/internal/cli"
	"github.com/concurrency-models/book/internal/reexec"
	"github.com/rogpeppe/go-internal/testscript"
)

// Main registers app as a command named app.Name for the scripts, then runs the tests. When the
// test binary itself is re-executed as a worker (a unit test starting a child process), it runs
// the worker instead. m is usually the *testing.M of TestMain; a chapter may wrap it to check
// something after the tests have run (goroutine leaks, say).
func Main(m testscript.TestingM, app *cli.App) {
	if reexec.IsWorker(os.Args[1:]) {
		os.Exit(app.Main(os.Args[1:], os.Stdout, os.Stderr))
	}
	testscript.Main(m, map[string]func(){
		app.Name: func() { os.Exit(app.Main(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// Run runs every script in testdata/script.
func Run(t *testing.T) {
	t.Helper()
	testscript.Run(t, Params())
}

// Params are the testscript parameters every chapter uses; a chapter may add to them.
func Params() testscript.Params {
	return testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		UpdateScripts:       os.Getenv("UPDATE_GOLDEN") != "",
		// A demo that hangs is stopped (SIGQUIT, then SIGKILL) and its script fails with its
		// output, well before go test's 10-minute timeout would end the binary.
		Deadline: time.Now().Add(scriptsDeadline),
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"signal":      cmdSignal,
			"nosurvivors": cmdNoSurvivors,
			"cmpshape":    cmdCmpShape,
			"tracenames":  cmdTraceNames,
		},
		Setup: func(env *testscript.Env) error {
			// A race-enabled program sleeps a second before it exits, so that late reports get
			// printed (GORACE atexit_sleep_ms, 1000 by default). The demos end only after their
			// goroutines and children have, so the scripts skip that second, unless asked.
			gorace := os.Getenv("GORACE")
			if !strings.Contains(gorace, "atexit_sleep_ms") {
				gorace = strings.TrimSpace(gorace + " atexit_sleep_ms=0")
			}
			env.Setenv("GORACE", gorace)
			return nil
		},
	}
}

// scriptsDeadline bounds a chapter's whole TestScripts, every script included: they run two at
// a time on a 2-core machine, and a suite that takes half a minute with a CPU hog beside it took
// over two with the machine loaded twenty times over.
const scriptsDeadline = 5 * time.Minute

// readyTimeout bounds how long signal waits for the text it was told to wait for. It is long
// because a loaded 2-core machine running the race detector can be slow; a healthy run takes
// milliseconds.
const readyTimeout = 60 * time.Second

var signals = map[string]syscall.Signal{"INT": syscall.SIGINT, "TERM": syscall.SIGTERM, "KILL": syscall.SIGKILL}

// forwarded are the environment variables a script may set with "env" that signal passes on.
var forwarded = []string{"WORK", "HOME", "TMPDIR", "GOMAXPROCS", "GODEBUG", "GORACE"}

// watchedBuffer is a LockedBuffer that reports when its contents first match a pattern.
type watchedBuffer struct {
	LockedBuffer
	re    *regexp.Regexp
	ready chan struct{}
	once  sync.Once
}

func (w *watchedBuffer) Write(p []byte) (int, error) {
	n, err := w.LockedBuffer.Write(p)
	if w.re != nil && w.re.MatchString(w.LockedBuffer.String()) {
		w.once.Do(func() { close(w.ready) })
	}
	return n, err
}

func cmdSignal(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 3 {
		ts.Fatalf("usage: signal SIG REGEXP PROG [ARGS...]")
	}
	sig, ok := signals[args[0]]
	if !ok {
		ts.Fatalf("signal: unknown signal %q (want INT, TERM or KILL)", args[0])
	}
	re, err := regexp.Compile(args[1])
	ts.Check(err)
	prog, err := exec.LookPath(args[2])
	ts.Check(err)
	cmd := exec.Command(prog, args[3:]...)
	cmd.Dir = ts.MkAbs(".")
	cmd.Env = os.Environ()
	for _, k := range forwarded {
		if v := ts.Getenv(k); v != "" {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
	}
	stdout := &watchedBuffer{re: re, ready: make(chan struct{})}
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = stdout, &stderr
	ts.Check(cmd.Start())
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	var waitErr error
	select {
	case <-stdout.ready:
		ts.Check(cmd.Process.Signal(sig))
		waitErr = <-exited
	case waitErr = <-exited:
		fmt.Fprint(ts.Stdout(), stdout.String())
		fmt.Fprint(ts.Stderr(), stderr.String())
		ts.Fatalf("signal: %s ended (%v) before its output matched %q", args[2], waitErr, args[1])
	case <-time.After(readyTimeout):
		_ = cmd.Process.Kill()
		<-exited
		ts.Fatalf("signal: %s printed no %q within %v; it printed %q", args[2], args[1], readyTimeout, stdout.String())
	}
	fmt.Fprint(ts.Stdout(), stdout.String())
	fmt.Fprint(ts.Stderr(), stderr.String())

	var ee *exec.ExitError
	if !errors.As(waitErr, &ee) {
		ts.Fatalf("signal: %s exited 0 after SIG%s (want it to stop)", args[2], args[0])
	}
	status := ee.Sys().(syscall.WaitStatus)
	var good bool
	switch sig {
	case syscall.SIGKILL:
		good = status.Signaled() && status.Signal() == syscall.SIGKILL
	default:
		good = status.Exited() && status.ExitStatus() == cli.ExitInterrupted
	}
	if good == neg {
		ts.Fatalf("signal: %s ended with %v after SIG%s", args[2], waitErr, args[0])
	}
}

// cmdNoSurvivors looks for processes whose working directory is the script's. Children of a
// demo inherit it, so any such process left over is a child that was not stopped and reaped.
// A child killed along with its parent may take a moment to go, so it looks for a while.
func cmdNoSurvivors(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) > 0 {
		ts.Fatalf("usage: nosurvivors")
	}
	if runtime.GOOS != "linux" {
		return
	}
	work, err := filepath.EvalSymlinks(ts.Getenv("WORK"))
	ts.Check(err)
	deadline := time.Now().Add(10 * time.Second)
	for {
		left := processesIn(work)
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			ts.Fatalf("nosurvivors: still running in %s: %s", work, strings.Join(left, "; "))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func processesIn(dir string) []string {
	entries, _ := os.ReadDir("/proc")
	var found []string
	self := os.Getpid()
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == self {
			continue
		}
		cwd, err := os.Readlink(filepath.Join("/proc", e.Name(), "cwd"))
		if err != nil || (cwd != dir && !strings.HasPrefix(cwd, dir+"/")) {
			continue
		}
		stat, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if f := strings.Fields(string(stat)); len(f) > 2 && slices.Contains([]string{"Z", "X"}, f[2]) {
			// A zombie is dead but not yet reaped by its (new) parent; if that parent is init,
			// it is reaped shortly. A zombie whose parent is the demo would have shown up as
			// the demo itself still running, since the demo has exited by now.
			continue
		}
		cmdline, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		found = append(found, fmt.Sprintf("pid %d: %s", pid, strings.ReplaceAll(strings.TrimRight(string(cmdline), "\x00"), "\x00", " ")))
	}
	return found
}

var placeholders = map[string]string{
	"{{duration}}": `(?:[0-9]+(?:\.[0-9]+)?(?:ns|µs|us|ms|s|m|h))+`,
	"{{int}}":      `-?[0-9]+`,
	"{{float}}":    `-?[0-9]+(?:\.[0-9]+)?`,
	"{{any}}":      `[^\n]*?`, // never more than the rest of its line
	"{{lines}}":    `(?:[^\n]*\n)*?`,
}

var placeholderRE = regexp.MustCompile(`\{\{(?:duration|int|float|any|lines)\}\}`)

// ShapeRegexp turns an expected text with placeholders into a regexp that matches the whole
// text. Exported for unit tests that check demo output the same way the scripts do.
func ShapeRegexp(want string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`(?s)\A`)
	last := 0
	for _, loc := range placeholderRE.FindAllStringIndex(want, -1) {
		b.WriteString(regexp.QuoteMeta(want[last:loc[0]]))
		b.WriteString(placeholders[want[loc[0]:loc[1]]])
		last = loc[1]
	}
	b.WriteString(regexp.QuoteMeta(want[last:]))
	b.WriteString(`\z`)
	return regexp.MustCompile(b.String())
}

func cmdCmpShape(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: cmpshape stdout|stderr|FILE WANT")
	}
	got := ts.ReadFile(args[0]) // stdout, stderr, or a file
	want := ts.ReadFile(args[1])
	if ShapeRegexp(want).MatchString(got) {
		return
	}
	// Show the first line that differs, to make the failure easy to read.
	gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(gl), len(wl)) {
		var g, w string
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if !ShapeRegexp(w).MatchString(g) {
			ts.Fatalf("cmpshape: %s line %d:\n  got:  %q\n  want: %q", args[0], i+1, g, w)
		}
	}
	ts.Fatalf("cmpshape: %s does not have the shape of %s", args[0], args[1])
}
