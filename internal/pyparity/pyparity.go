// Package pyparity runs a chapter's Python programs beside their Go twins in tests, so the book
// can assert that both print the same thing. It is test plumbing, not taught.
//
// A parity test finds Python with [Python], runs a program with [RunPython] and the Go twin with
// [RunGo], each under its own deadline, and compares what they printed:
//
//	py := pyparity.RunPython(t, 10*time.Second, "python/spinner_thread.py", "-slow", "30ms")
//	goRes := pyparity.RunGo(t, app, 10*time.Second, "thread", "-slow", "30ms")
//
// Without a python3 of at least version 3.11 on PATH the tests skip with a message, so a machine
// with only Go still passes "go test ./...". In CI (the environment variable CI=true) a missing
// Python is a failure instead: CI must prove that the parity tests ran. Under -short they skip.
package pyparity

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/concurrency-models/book/internal/cli"
	"github.com/concurrency-models/book/internal/shape"
)

// MinMinor is the oldest Python 3 minor version the book's programs are written for (3.11).
const MinMinor = 11

var (
	findOnce sync.Once
	found    string // the path of a suitable python3, or ""
	whyNot   string // why there is none
)

// Python returns the path of a python3 of at least 3.11 on PATH. Without one it skips the test
// with a message, or fails it when CI=true. Under -short it skips: starting interpreters is
// too slow for the quick run.
func Python(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: the Python parity tests start interpreters; run without -short for them")
	}
	findOnce.Do(func() { found, whyNot = find() })
	if found == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but the Python parity test cannot run: %s", whyNot)
		}
		t.Skipf("skipping the Python parity test: %s", whyNot)
	}
	return found
}

var versionRE = regexp.MustCompile(`^Python 3\.(\d+)`)

func find() (path, why string) {
	path, err := exec.LookPath("python3")
	if err != nil {
		return "", "no python3 on PATH"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, path, "--version").CombinedOutput()
	if err != nil {
		return "", fmt.Sprintf("%s --version: %v", path, err)
	}
	m := versionRE.FindSubmatch(out)
	if m == nil {
		return "", fmt.Sprintf("%s --version printed %q", path, out)
	}
	if minor, _ := strconv.Atoi(string(m[1])); minor < MinMinor {
		return "", fmt.Sprintf("%s is %s; the book's Python programs need 3.%d or later",
			path, strings.TrimSpace(string(out)), MinMinor)
	}
	return path, ""
}

// Result is what a program printed and how it ended.
type Result struct {
	Stdout, Stderr string
	Code           int // the exit status
}

// RunPython runs python3 script args... in the test's directory (the chapter's folder) and
// returns its output. The program gets its own deadline: if it has not ended by then, it is
// killed and the test fails, naming the script. A non-zero exit status is left to the caller.
func RunPython(t testing.TB, timeout time.Duration, script string, args ...string) Result {
	t.Helper()
	return RunPythonEnv(t, timeout, nil, script, args...)
}

// RunPythonEnv is RunPython with extra environment variables ("NAME=value").
func RunPythonEnv(t testing.TB, timeout time.Duration, env []string, script string, args ...string) Result {
	t.Helper()
	return run(t, timeout, "python3 "+script+" "+strings.Join(args, " "), env, Python(t), append([]string{script}, args...)...)
}

// RunGo runs the chapter program as a child process, exactly as "go run ./chNN args..." would,
// with a deadline of its own: past it, the program is killed and the test fails. The program is
// the test binary under the chapter's name, which scripttest.Main (the chapter's TestMain) puts
// on PATH for the golden scripts: a fresh process for every run, as a reader's would be, so
// counters such as Python's Thread-1 and Process-1 start afresh.
func RunGo(t testing.TB, app *cli.App, timeout time.Duration, args ...string) Result {
	t.Helper()
	prog, err := exec.LookPath(app.Name)
	if err != nil {
		t.Fatalf("%v: the chapter's TestMain must be scripttest.Main, which puts %s on PATH", err, app.Name)
	}
	return run(t, timeout, app.Name+" "+strings.Join(args, " "), nil, prog, args...)
}

// run runs prog args... with extra environment variables and a deadline.
func run(t testing.TB, timeout time.Duration, what string, env []string, prog string, args ...string) Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, prog, args...)
	// Python's output goes to a pipe, block-buffered, as when a reader pipes it into cat -v:
	// PYTHONUNBUFFERED is dropped from the environment, so the tests see what readers see.
	// (A race-enabled Go program's exit sleep is off: scripttest.Main, the chapter's TestMain,
	// sets GORACE for everything the test binary starts.)
	cmd.Env = append(append(slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "PYTHONUNBUFFERED=")
	}), "PYTHONDONTWRITEBYTECODE=1"), env...)
	cmd.WaitDelay = time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%s: still running after %v, killed\nstdout:\n%s\nstderr:\n%s", what, timeout, stdout.String(), stderr.String())
	}
	code := 0
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("%s: %v", what, err)
	}
	return Result{Stdout: stdout.String(), Stderr: stderr.String(), Code: code}
}

// Both runs the Python program and the Go demo at the same time, each with its own deadline, and
// fails the test unless both exit with status 0 and print nothing on stderr.
func Both(t *testing.T, timeout time.Duration, app *cli.App, goArgs []string, script string, pyArgs ...string) (gores, pyres Result) {
	t.Helper()
	Python(t) // skip before starting anything
	done := make(chan pyResult, 1)
	go func() { done <- runPythonNoFatal(timeout, script, pyArgs...) }()
	gores = RunGo(t, app, timeout, goArgs...)
	pr := <-done
	if pr.err != "" {
		t.Fatal(pr.err)
	}
	Ok(t, "go run ./"+app.Name+" "+strings.Join(goArgs, " "), gores)
	Ok(t, "python3 "+script+" "+strings.Join(pyArgs, " "), pr.Result)
	return gores, pr.Result
}

// Ok fails the test unless r ended with status 0 and an empty stderr.
func Ok(t testing.TB, what string, r Result) {
	t.Helper()
	if r.Code != 0 || r.Stderr != "" {
		t.Fatalf("%s: exit status %d, stderr:\n%s\nstdout:\n%s", what, r.Code, r.Stderr, r.Stdout)
	}
}

type pyResult struct {
	Result
	err string
}

// runPythonNoFatal is RunPython for another goroutine, where t.Fatal must not be called.
func runPythonNoFatal(timeout time.Duration, script string, args ...string) (r pyResult) {
	ft := &fatalCatcher{}
	defer func() {
		if ft.msg != "" {
			r.err = ft.msg
		}
		if v := recover(); v != nil && v != errFatal {
			panic(v)
		}
	}()
	r.Result = RunPython(ft, timeout, script, args...)
	return r
}

var errFatal = errors.New("fatal")

// fatalCatcher is the little of testing.TB that RunPython uses, recording a failure instead of
// ending a goroutine that is not the test's.
type fatalCatcher struct {
	testing.TB
	msg string
}

func (f *fatalCatcher) Helper() {}
func (f *fatalCatcher) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	panic(errFatal)
}
func (f *fatalCatcher) Skipf(format string, args ...any) { f.Fatalf(format, args...) }

// Same fails the test unless the Go and the Python program printed the same text, and shows
// the two side by side when they did not.
func Same(t testing.TB, what, goOut, pyOut string) {
	t.Helper()
	if goOut != pyOut {
		t.Errorf("%s: Go and Python printed different text\n--- Go:\n%s--- Python:\n%s--- diff (-Go +Python):\n%s",
			what, goOut, pyOut, cmp.Diff(strings.Split(goOut, "\n"), strings.Split(pyOut, "\n")))
	}
}

// Shape fails the test unless out has the shape want, which may hold the placeholders of
// package shape ({{duration}}, {{int}}, {{float}}, {{any}}); everything else must match exactly.
func Shape(t testing.TB, what, out, want string) {
	t.Helper()
	if !shape.Match(want, out) {
		t.Errorf("%s printed:\n%s--- which does not have the shape:\n%s", what, out, want)
	}
}
