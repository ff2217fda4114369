package main

import (
	"bufio"
	"context"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/concurrency-models/book/internal/pyparity"
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

// countFrames replaces each run of frames with "[frames]", after checking that the run cycles
// \ | / - from the backslash: how many frames a real clock lets through is the one thing that
// may differ between two runs of the same program.
func countFrames(t *testing.T, out string) string {
	t.Helper()
	return frameRun.ReplaceAllStringFunc(out, func(run string) string {
		for i, p := range strings.Split(run, "\r")[1:] {
			if p[0] != frames[i%len(frames)] {
				t.Errorf("frames out of order at %d: %q", i, run)
			}
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
				strings.ReplaceAll(pyres.Stdout, "\r", "^M"), pyparity.Golden(t, "testdata/python.txtar", tw.demo+".txt"))
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
				countFrames(t, normalize(gores.Stdout)), countFrames(t, normalize(pyres.Stdout)))
		})
	}
}

// TestPythonBlockingSleepOutlastsCtrlC checks what the lesson says about Ctrl-C during the
// experiment's blocking sleep in Python. asyncio.run (3.11 and later: asyncio.Runner) answers the
// first SIGINT by cancelling the main task, which cannot happen until the coroutine awaits: the
// time.sleep runs to its end, and only then does the program stop, with KeyboardInterrupt and no
// answer. (A second Ctrl-C would raise KeyboardInterrupt at once.)
func TestPythonBlockingSleepOutlastsCtrlC(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: waits for a one-second sleep")
	}
	py := pyparity.Python(t)
	ctx, cancel := context.WithTimeout(t.Context(), parityTimeout)
	defer cancel()
	const slow = time.Second
	cmd := exec.CommandContext(ctx, py, "python/spinner_async_blocking.py", "-slow", slow.String())
	cmd.Env = append(os.Environ(), "PYTHONUNBUFFERED=1") // the first line must come out before the sleep
	var stderr strings.Builder
	cmd.Stderr = &stderr
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait for the supervisor's first line: by then asyncio.run has installed its SIGINT handler
	// and the supervisor is about to sleep. (Past the deadline the program is killed, and the
	// read ends.)
	r := bufio.NewReader(pipe)
	first, err := r.ReadString('\n')
	if !strings.HasPrefix(first, "spinner object") {
		t.Fatalf("first line %q (%v), want \"spinner object: ...\"", first, err)
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	rest, _ := io.ReadAll(r)
	err = cmd.Wait()
	took := time.Since(start)
	if ctx.Err() != nil {
		t.Fatalf("still running %v after one SIGINT", parityTimeout)
	}
	if code := cmd.ProcessState.ExitCode(); code != 130 || took < slow {
		t.Errorf("after one SIGINT: exit status %d after %v (%v), want 130 after the whole %v sleep", code, took, err, slow)
	}
	if strings.Contains(string(rest), "Answer") || !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("stdout %q, stderr %q: want no answer, and \"interrupted\"", rest, stderr.String())
	}
}
