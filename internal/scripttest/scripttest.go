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
//	    Like cmp, but WANT may hold placeholders for what a run measures ({{duration}},
//	    {{int}}, {{float}}, {{any}}, {{lines}}: see package shape). Everything else must match
//	    exactly, byte for byte. UPDATE_GOLDEN does not rewrite these files: they are written
//	    by hand.
//	nosurvivors
//	    Fail if any process is still running in the script's work directory (Linux only; a
//	    no-op elsewhere): every child a demo started must have been stopped and reaped.
//	tracenames FILE
//	    Print the user tasks and regions of a runtime/trace file, "task NAME" and "region NAME"
//	    one a line, for cmp to check; with !, succeed only if FILE is not a trace.
//
// Goldens outside the scripts are package golden's; the lesson's blocks are checked by package
// lessoncheck.
package scripttest

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/concurrency-models/book/internal/cli"
	"github.com/concurrency-models/book/internal/cli/early"
	"github.com/concurrency-models/book/internal/reexec"
	"github.com/rogpeppe/go-internal/testscript"
)

// Main registers app as a command named app.Name for the scripts, then runs the tests. When the
// test binary itself is re-executed as a worker (a unit test starting a child process), it runs
// the worker instead. m is usually the *testing.M of TestMain; a chapter may wrap it to check
// something after the tests have run (goroutine leaks, say).
//
// Main also turns off the second a race-enabled program sleeps as it exits (GORACE
// atexit_sleep_ms, 1000 by default, so that late reports get printed) for the test binary and
// everything it starts: the scripts' commands, the Python parity tests' Go runs, the programs a
// unit test starts. They all end only after their goroutines and children have, and a plain
// `go test -race` would otherwise spend a second on every one. A GORACE that sets
// atexit_sleep_ms itself is left alone. (The Makefile and .ci/run set the same for what they
// run; reexec.Command for a demo's workers.)
func Main(m testscript.TestingM, app *cli.App) {
	os.Setenv("GORACE", quietRaceExit(os.Getenv("GORACE")))
	if reexec.IsWorker(os.Args[1:]) {
		os.Exit(app.Main(os.Args[1:], os.Stdout, os.Stderr))
	}
	testscript.Main(testRun{m}, map[string]func(){
		app.Name: func() { os.Exit(app.Main(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// testRun is the test binary running its tests, not a chapter program: it gives SIGINT and
// SIGTERM back from package early (see early.Stop), so that go test's Ctrl-C ends it as before
// and the leak checks do not find early's goroutine. The scripts' commands, this binary run
// again as the chapter program, keep early's handler until app.Main claims the signals.
type testRun struct{ m testscript.TestingM }

func (r testRun) Run() int {
	early.Stop()
	return r.m.Run()
}

// Run runs every script in testdata/script.
func Run(t *testing.T) {
	t.Helper()
	testscript.Run(t, Params())
}

// scriptsDeadline bounds a chapter's whole TestScripts, every script included: they run two at
// a time on a 2-core machine, and a suite that takes half a minute with a CPU hog beside it took
// over two with the machine loaded twenty times over. A variable, so that a test can show a
// hanging script stopped in seconds (TestDeadlineStopsAHangingScript).
var scriptsDeadline = 5 * time.Minute

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
	}
}

// quietRaceExit returns gorace with atexit_sleep_ms=0 added, unless it sets atexit_sleep_ms.
func quietRaceExit(gorace string) string {
	if strings.Contains(gorace, "atexit_sleep_ms") {
		return gorace
	}
	return strings.TrimSpace(gorace + " atexit_sleep_ms=0")
}
