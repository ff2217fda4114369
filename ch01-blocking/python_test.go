package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/concurrency-models/book/ch01-blocking/slowhttp"
	"github.com/concurrency-models/book/internal/golden"
	"github.com/concurrency-models/book/internal/loadavg"
	"github.com/concurrency-models/book/internal/pyparity"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// parityTimeout bounds each run of a program in the parity tests; a healthy run takes well under
// a second, even on a loaded machine.
const parityTimeout = 30 * time.Second

// TestPythonParityRequest runs the article's program in Python (python/blocking_request.py,
// with its own local server) and the Go demo, each with a 50 ms request, and checks that they
// print the same lines in the same order: the order is causal in both (the request holds the
// only thread), so it is compared exactly.
func TestPythonParityRequest(t *testing.T) {
	args := []string{"-delay", "50ms"}
	gores, pyres := pyparity.Both(t, parityTimeout, app, append([]string{"request"}, args...),
		"python/blocking_request.py", args...)
	pyparity.Same(t, "blocking_request.py -delay 50ms", gores.Stdout, pyres.Stdout)
	pyparity.Shape(t, "python/blocking_request.py", pyres.Stdout, `started counter
started http request
ended http request
i is 0
i is 1
i is 2
i is 3
i is 4
`)
}

// TestPythonAgainstTheGoServer points the Python program at the Go demo's own slow server
// (slowhttp), as -url lets a reader do: the Python client sees the same ordering.
func TestPythonAgainstTheGoServer(t *testing.T) {
	pyparity.Python(t)
	s, err := slowhttp.Start(30 * time.Millisecond)
	require.NoError(t, err)
	defer s.Close()
	gores := pyparity.RunGo(t, app, parityTimeout, "request", "-delay", "30ms")
	pyres := pyparity.RunPython(t, parityTimeout, "python/blocking_request.py", "-url", s.URL)
	pyparity.Ok(t, "python3 python/blocking_request.py -url "+s.URL, pyres)
	pyparity.Same(t, "blocking_request.py -url (Go's slowhttp)", gores.Stdout, pyres.Stdout)
}

// TestPythonAsyncioDebugFindsTheBlockingCall checks the lesson's "Try this" item: asyncio's debug
// mode (PYTHONASYNCIODEBUG=1) logs a step that held the loop longer than
// loop.slow_callback_duration (100 ms) — here main's step, which made the 150 ms request.
func TestPythonAsyncioDebugFindsTheBlockingCall(t *testing.T) {
	r := pyparity.RunPythonEnv(t, parityTimeout, []string{"PYTHONASYNCIODEBUG=1"},
		"python/blocking_request.py", "-delay", "150ms")
	require.Zerof(t, r.Code, "PYTHONASYNCIODEBUG=1 python3 python/blocking_request.py -delay 150ms: exit status; stderr:\n%s", r.Stderr)
	pyparity.Shape(t, "PYTHONASYNCIODEBUG=1 python3 python/blocking_request.py: stderr", r.Stderr,
		golden.Read(t, "testdata/python.txtar", "debug.txt"))
	m := regexp.MustCompile(` took (\d+\.\d+) seconds`).FindStringSubmatch(r.Stderr)
	if m == nil {
		return
	}
	took, _ := strconv.ParseFloat(m[1], 64)
	assert.GreaterOrEqualf(t, took, 0.150, "asyncio's debug mode says main's step took %ss, want at least the request's 0.150s", m[1])
}

// TestPythonCtrlCWaitsForTheBlockingCall checks what the lesson says of Ctrl-C in Python:
// asyncio.run's SIGINT handler only cancels the main task, and a task inside a blocking call
// cannot be cancelled until the call returns. So the program waits out the request, prints
// "ended http request", and only then stops, saying it was interrupted. The server here holds
// its answer until the test lets it go, so the request is certainly under way when the signal
// is sent, and the program cannot finish it before it has had the signal. (The Go demo, sent
// the same signal, exits at once: testdata/script/interrupt.txtar, with a one-hour request.)
func TestPythonCtrlCWaitsForTheBlockingCall(t *testing.T) {
	py := pyparity.Python(t)
	arrived, release := make(chan struct{}), make(chan struct{})
	arrive, letGo := sync.OnceFunc(func() { close(arrived) }), sync.OnceFunc(func() { close(release) })
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrive()
		<-release
		_, _ = io.WriteString(w, "hello")
	}))
	defer srv.Close()
	defer letGo() // before srv.Close, which waits for the handler

	if signal.Ignored(os.Interrupt) {
		// go test was started with SIGINT ignored (a background job of a script, say), and
		// the child would inherit that. A signal this process handles is reset to its default
		// in the child, and Python's own default is KeyboardInterrupt.
		c := make(chan os.Signal, 1)
		signal.Notify(c, os.Interrupt)
		defer signal.Stop(c)
	}
	ctx, cancel := context.WithTimeout(context.Background(), parityTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, py, "python/blocking_request.py", "-url", srv.URL)
	cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1")
	cmd.WaitDelay = time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Start())
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	var err error
	select {
	case <-arrived: // main has printed "started http request" and is blocked in the call
	case err = <-exited:
		t.Fatalf("python3 python/blocking_request.py -url %s ended before its request reached the server: %v\nstdout:\n%s\nstderr:\n%s",
			srv.URL, err, stdout.String(), stderr.String())
	}
	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	// Had Python stopped at Ctrl-C, it would do so now, with the answer still held. Half a
	// second only gives it the time to; however long the signal took, the test cannot fail
	// because of it.
	select {
	case err = <-exited:
		t.Fatalf("python3 python/blocking_request.py ended on Ctrl-C before its blocking call returned (%v): the lesson says it waits\nstdout:\n%s\nstderr:\n%s",
			err, stdout.String(), stderr.String())
	case <-time.After(500 * time.Millisecond):
	}
	letGo()
	err = <-exited
	require.NoErrorf(t, ctx.Err(), "python3 python/blocking_request.py: still running after %v, killed", parityTimeout)
	var exit *exec.ExitError
	if assert.ErrorAs(t, err, &exit, "python3 python/blocking_request.py, interrupted: want exit status 130") {
		assert.Equal(t, 130, exit.ExitCode(), "python3 python/blocking_request.py, interrupted: exit status")
	}
	pyparity.Shape(t, "python3 python/blocking_request.py, interrupted during the request: stdout", stdout.String(),
		"started counter\nstarted http request\nended http request\n")
	pyparity.Shape(t, "python3 python/blocking_request.py, interrupted during the request: stderr", stderr.String(),
		"blocking_request.py: interrupted\n")
}

// TestPythonSecondCtrlCInterruptsTheBlockingCall checks the other half of the lesson's claim:
// only the first Ctrl-C waits for the blocking call. CPython 3.11's asyncio.Runner, which
// asyncio.run uses, cancels the main task on the first SIGINT and raises KeyboardInterrupt on
// the next, wherever the main thread is: inside the blocking call too. The server holds its
// answer for the whole test, so the program can end only by being interrupted mid-request. The
// test sends one Ctrl-C, checks that the program is still running half a second later, then
// sends Ctrl-C again, every 2 s until it ends: a signal is lost if it arrives before Python has
// handled the one before, and one that arrives after the program has caught its
// KeyboardInterrupt kills it, so the test sends them slowly.
func TestPythonSecondCtrlCInterruptsTheBlockingCall(t *testing.T) {
	py := pyparity.Python(t)
	arrived, release := make(chan struct{}), make(chan struct{})
	arrive, letGo := sync.OnceFunc(func() { close(arrived) }), sync.OnceFunc(func() { close(release) })
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrive()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer letGo()

	if signal.Ignored(os.Interrupt) { // as in TestPythonCtrlCWaitsForTheBlockingCall
		c := make(chan os.Signal, 1)
		signal.Notify(c, os.Interrupt)
		defer signal.Stop(c)
	}
	ctx, cancel := context.WithTimeout(context.Background(), parityTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, py, "python/blocking_request.py", "-url", srv.URL)
	cmd.Env = append(os.Environ(), "PYTHONDONTWRITEBYTECODE=1")
	cmd.WaitDelay = time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Start())
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	var err error
	select {
	case <-arrived:
	case err = <-exited:
		t.Fatalf("python3 python/blocking_request.py ended before its request reached the server: %v\nstderr:\n%s", err, stderr.String())
	}
	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	select { // the first Ctrl-C only cancels the main task, which is stuck in the call
	case err = <-exited:
		t.Fatalf("python3 python/blocking_request.py ended at the first Ctrl-C (%v), want it to wait for the blocking call\nstderr:\n%s", err, stderr.String())
	case <-time.After(500 * time.Millisecond):
	}
	sent := 1
	tick := time.NewTicker(2 * time.Second)
	defer tick.Stop()
wait:
	for {
		if err := cmd.Process.Signal(os.Interrupt); err == nil {
			sent++
		}
		select {
		case err = <-exited:
			break wait
		case <-tick.C:
		}
	}
	require.NoErrorf(t, ctx.Err(), "python3 python/blocking_request.py: still running after %v, killed", parityTimeout)
	var exit *exec.ExitError
	if assert.ErrorAs(t, err, &exit, "python3 python/blocking_request.py, interrupted twice: want exit status 130") {
		assert.Equal(t, 130, exit.ExitCode(), "python3 python/blocking_request.py, interrupted twice: exit status")
	}
	pyparity.Shape(t, "python3 python/blocking_request.py, interrupted twice during the request: stdout", stdout.String(),
		"started counter\nstarted http request\n")
	pyparity.Shape(t, "python3 python/blocking_request.py, interrupted twice during the request: stderr", stderr.String(),
		"blocking_request.py: interrupted\n")
	t.Logf("ended after %d Ctrl-C, the request still unanswered", sent)
}

// TestPythonBusyWarningIsGos checks python/loadavg.py, the busy-machine warning of the Python
// programs that time something (later chapters import it), against the Go demos' own
// (internal/loadavg): for a quiet, a busy and an unreadable load average, given by LOADAVG_FILE
// to both, the two print the same line, or both nothing. (Not parallel: it sets LOADAVG_FILE
// for the Go side too.)
func TestPythonBusyWarningIsGos(t *testing.T) {
	pyparity.Python(t)
	dir := t.TempDir()
	for _, load := range []string{"0.00 0.01 0.05 1/100 1", "999.00 999.00 999.00 1/100 1", "nonsense", ""} {
		file := filepath.Join(dir, "loadavg")
		require.NoError(t, os.WriteFile(file, []byte(load+"\n"), 0o644))
		t.Setenv(loadavg.EnvFile, file)
		want := loadavg.Warning(runtime.NumCPU())
		if want != "" {
			want += "\n"
		}
		r := pyparity.RunPythonEnv(t, parityTimeout, []string{loadavg.EnvFile + "=" + file}, "python/loadavg.py")
		pyparity.Ok(t, "python3 python/loadavg.py", r)
		assert.Equalf(t, want, r.Stdout, "load %q: python3 python/loadavg.py printed what the Go demos do not (expected: Go's)", load)
	}
}
