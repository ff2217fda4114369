package main

import (
	"context"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/concurrency-models/book/internal/golden"
	"github.com/concurrency-models/book/internal/pyparity"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// parityTimeout bounds each run of a program in the parity tests; a healthy run takes well under
// a second, even on a loaded machine.
const parityTimeout = 30 * time.Second

// The Python programs and the Go demos they port.
var spinnerTwins = []struct{ demo, script string }{
	{"thread", "python/spinner_thread.py"},
	{"process", "python/spinner_proc.py"},
	{"async", "python/spinner_async.py"},
	{"async-blocking", "python/spinner_async_blocking.py"},
}

var (
	parentPID = regexp.MustCompile(`parent=\d+ `)
	coroAt    = regexp.MustCompile(`running at [^ >]+:\d+>>`)
)

// normalize replaces what cannot be equal between the two programs, as the lesson says: the
// parent's process ID and the coroutine's file and line. Every other byte is kept.
func normalize(out string) string {
	out = parentPID.ReplaceAllString(out, "parent=PID ")
	return coroAt.ReplaceAllString(out, "running at FILE:LINE>>")
}

// framesOut replaces each run of frames with "[frames]", after checking that the run cycles
// \ | / - from the backslash: how many frames a real clock lets through is the one thing that
// may differ between two runs of the same program.
func framesOut(t *testing.T, out string) string {
	t.Helper()
	return frameRun.ReplaceAllStringFunc(out, func(run string) string {
		for i, p := range strings.Split(run, "\r")[1:] {
			assert.Equalf(t, string(frames[i%len(frames)]), string(p[0]), "frames out of order at %d: %q", i, run)
		}
		return "[frames]"
	})
}

// TestPythonParitySpinnerBytes runs each Python spinner and its Go twin with a tick far longer
// than the wait (-slow 30ms -tick 1s), so each draws exactly one frame — none at all for the
// blocking-sleep experiment — and compares every byte of the two outputs, carriage returns
// included, after normalizing the parent's PID and the coroutine's file and line; and it checks
// the Python output against testdata/python.txtar, which the lesson shows.
func TestPythonParitySpinnerBytes(t *testing.T) {
	args := []string{"-slow", "30ms", "-tick", "1s"}
	for _, tw := range spinnerTwins {
		t.Run(tw.demo, func(t *testing.T) {
			t.Parallel()
			gores, pyres := pyparity.Both(t, parityTimeout, app, append([]string{tw.demo}, args...), tw.script, args...)
			got, gotPy := normalize(gores.Stdout), normalize(pyres.Stdout)
			pyparity.Same(t, tw.script+" "+strings.Join(args, " "), got, gotPy)
			pyparity.Shape(t, "python3 "+tw.script+" "+strings.Join(args, " ")+" | cat -v",
				strings.ReplaceAll(pyres.Stdout, "\r", "^M"), golden.Read(t, "testdata/python.txtar", tw.demo+".txt"))
		})
	}
}

// TestPythonParitySpinnerFrames runs each pair for real, about ten frames of 20 ms, and compares
// the outputs with each run of frames counted out: the frames must cycle from the backslash,
// and everything else must be byte for byte the same.
func TestPythonParitySpinnerFrames(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: runs every spinner in real time")
	}
	args := []string{"-slow", "200ms", "-tick", "20ms", "-msg", "생각 중!"}
	for _, tw := range spinnerTwins {
		t.Run(tw.demo, func(t *testing.T) {
			t.Parallel()
			gores, pyres := pyparity.Both(t, parityTimeout, app, append([]string{tw.demo}, args...), tw.script, args...)
			pyparity.Same(t, tw.script+" "+strings.Join(args, " "),
				framesOut(t, normalize(gores.Stdout)), framesOut(t, normalize(pyres.Stdout)))
		})
	}
}

// startPython starts a Python spinner with its own deadline and returns once its output holds
// marker (past the deadline the program is killed and the read ends): by then the program has
// installed its signal handling. Its standard output is unbuffered, so that what it printed so
// far can be read; the rest of its output and its stderr are returned by wait.
func startPython(t *testing.T, marker, script string, args ...string) (cmd *exec.Cmd, wait func() (stdout, stderr string)) {
	t.Helper()
	py := pyparity.Python(t)
	ctx, cancel := context.WithTimeout(t.Context(), parityTimeout)
	t.Cleanup(cancel)
	cmd = exec.CommandContext(ctx, py, append([]string{script}, args...)...)
	cmd.Env = append(os.Environ(), "PYTHONUNBUFFERED=1")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	pipe, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	var seen []byte
	buf := make([]byte, 256)
	for !strings.Contains(string(seen), marker) {
		n, err := pipe.Read(buf)
		seen = append(seen, buf[:n]...)
		if err != nil {
			_ = cmd.Wait()
		}
		require.NoErrorf(t, err, "python3 %s: no %q in its output, which ended %q", script, marker, tail(seen))
	}
	return cmd, func() (string, string) {
		rest, _ := io.ReadAll(pipe)
		_ = cmd.Wait()
		require.NoErrorf(t, ctx.Err(), "python3 %s: still running after %v, killed; its output ended %q", script, parityTimeout, tail(append(seen, rest...)))
		return string(append(seen, rest...)), stderr.String()
	}
}

// tail is the end of a long output, enough to see how a spinner ended.
func tail(b []byte) []byte { return b[max(0, len(b)-200):] }

// TestPythonSpinnersCtrlC: on Ctrl-C (SIGINT, to the program as the terminal sends it to the
// foreground job) the thread, process and task spinners stop at once, as the Go ones do: the
// line is wiped, "interrupted" goes to stderr, the exit status is 130. The process version's
// child ignores SIGINT and is stopped through its Event, then joined.
func TestPythonSpinnersCtrlC(t *testing.T) {
	for _, tw := range spinnerTwins[:3] {
		t.Run(tw.demo, func(t *testing.T) {
			t.Parallel()
			// The third frame, two ticks after the first: by then the main thread is deep in
			// its sleep. (A SIGINT that lands between the last check for signals and the sleep's
			// system call waits for the sleep to end: CPython's time.sleep checks for signals
			// only when the call is interrupted.)
			cmd, wait := startPython(t, "\r/ thinking!", tw.script, "-slow", "1h")
			require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
			stdout, stderr := wait()
			assert.Equalf(t, 130, cmd.ProcessState.ExitCode(), "python3 %s after SIGINT: exit status", tw.script)
			assert.Truef(t, strings.HasSuffix(stdout, "\r            \r"), "python3 %s after SIGINT: stdout %q, want the line wiped", tw.script, stdout)
			assert.Truef(t, strings.HasSuffix(stderr, "interrupted\n"), "python3 %s after SIGINT: stderr %q, want \"interrupted\"", tw.script, stderr)
		})
	}
}

// TestPythonBlockingSleepOutlastsCtrlC checks what the lesson says about Ctrl-C during the
// experiment's blocking sleep in Python. asyncio.run (3.11 and later: asyncio.Runner) answers the
// first SIGINT by cancelling the main task, which cannot happen until the coroutine awaits: the
// time.sleep runs to its end, and only then does the program stop, with KeyboardInterrupt and no
// answer. Another SIGINT raises KeyboardInterrupt at once.
func TestPythonBlockingSleepOutlastsCtrlC(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: waits for a one-second sleep")
	}
	t.Run("one", func(t *testing.T) {
		t.Parallel()
		const slow = time.Second
		start := time.Now()
		cmd, wait := startPython(t, "spinner object", "python/spinner_async_blocking.py", "-slow", slow.String())
		require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
		stdout, stderr := wait()
		took := time.Since(start)
		assert.Equal(t, 130, cmd.ProcessState.ExitCode(), "after one SIGINT: exit status")
		assert.GreaterOrEqualf(t, took, slow, "after one SIGINT: the exit, want after the whole %v sleep", slow)
		assert.NotContains(t, stdout, "Answer", "after one SIGINT: stdout, want no answer")
		assert.Truef(t, strings.HasSuffix(stderr, "interrupted\n"), "after one SIGINT: stderr %q, want \"interrupted\"", stderr)
	})
	t.Run("more", func(t *testing.T) {
		t.Parallel()
		cmd, wait := startPython(t, "spinner object", "python/spinner_async_blocking.py", "-slow", "1h")
		// A SIGINT every 100 ms until the program ends: the first cancels the main task, the next
		// one that arrives after Python has handled the first raises KeyboardInterrupt.
		done := make(chan struct{})
		go func() {
			defer close(done)
			for cmd.Process.Signal(syscall.SIGINT) == nil {
				time.Sleep(100 * time.Millisecond)
			}
		}()
		_, stderr := wait()
		<-done
		// A SIGINT that arrives while the interpreter is shutting down, after the program said
		// "interrupted" and returned 130, kills it by the signal: either way it stopped.
		ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
		code := cmd.ProcessState.ExitCode()
		assert.Truef(t, code == 130 || (ws.Signaled() && ws.Signal() == syscall.SIGINT),
			"after repeated SIGINTs: exit status %d (%v); want 130 (or a SIGINT during shutdown) long before -slow 1h", code, cmd.ProcessState)
		assert.Contains(t, stderr, "interrupted\n", "after repeated SIGINTs: stderr")
	})
}
