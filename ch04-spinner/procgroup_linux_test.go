package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"go.uber.org/goleak"

	"github.com/concurrency-models/book/internal/pyparity"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pgidOf returns the process group of pid, from /proc/pid/stat.
func pgidOf(t *testing.T, pid int) int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	require.NoError(t, err)
	// pid (comm) state ppid pgrp ...: comm may hold spaces, so split after its closing paren.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	pgid, err := strconv.Atoi(f[2])
	require.NoError(t, err)
	return pgid
}

// What the lesson's "Ctrl-C" section says of the process version: the child runs in a process
// group of its own, so a terminal's Ctrl-C never reaches it, and it ignores SIGINT should one be
// sent to it: a SIGINT to the child alone changes nothing, and it keeps drawing frames. A SIGINT
// to the parent stops both: the parent stops its child, reaps it, and exits 130.
func TestSIGINTToTheSpinnerChildAloneDoesNothing(t *testing.T) {
	defer goleak.VerifyNone(t)
	a := startApp(t, true, "process", "-slow", "1h", "-tick", "20ms")
	parent := a.cmd.Process.Pid
	child, ok := childOf(parent)
	if !ok {
		a.cmd.Process.Kill()
		a.wait(t)
	}
	require.Truef(t, ok, "the process demo (pid %d) has no child", parent)
	pg, cpg := pgidOf(t, parent), pgidOf(t, child)
	assert.NotEqualf(t, pg, cpg, "parent's process group %d, child's %d: want the child to lead a group of its own", pg, cpg)
	assert.Equalf(t, child, cpg, "parent's process group %d, child's %d: want the child to lead a group of its own", pg, cpg)
	require.NoError(t, syscall.Kill(child, syscall.SIGINT))
	// An ignored signal is dropped when it is sent; had it killed the child, no frame would follow.
	n := a.frames.Load()
	waitFor(t, fmt.Sprintf("no frame after a SIGINT to the child (pid %d) alone: did it die of it?", child), func() bool {
		return a.frames.Load() >= n+2
	})
	state, _, ok := procState(child)
	assert.True(t, ok, "after a SIGINT to the child alone, the child is gone")
	assert.NotEqual(t, "Z", state, "after a SIGINT to the child alone, the child's state: a zombie")
	require.NoError(t, syscall.Kill(parent, syscall.SIGINT))
	err := a.wait(t)
	var ee *exec.ExitError
	if assert.ErrorAs(t, err, &ee, "Ctrl-C to the parent: want exit status 130") {
		assert.Equal(t, 130, ee.ExitCode(), "Ctrl-C to the parent: exit status")
	}
	out := <-a.stdout
	assert.Truef(t, strings.HasSuffix(out, "thinking!\r            \r"), "Ctrl-C to the parent: stdout ends %q, want a frame, then the child's blank-out", out[max(0, len(out)-30):])
	_, _, ok = procState(child)
	assert.Falsef(t, ok, "the child (pid %d) is still there after its parent exited", child)
}

// Python's contrast: a multiprocessing child stays in its parent's process group, so a
// terminal's Ctrl-C reaches it too. That is why spinner_proc.py's child sets SIGINT to SIG_IGN:
// with the whole group signalled, as a terminal does, only the parent reacts — it prints
// "interrupted" and exits 130 — and the child, told through its Event, wipes its line. Without
// SIG_IGN the child would die of KeyboardInterrupt, with a traceback on stderr.
func TestPythonProcessSpinnerChildSharesTheGroup(t *testing.T) {
	py := pyparity.Python(t)
	ctx, cancel := context.WithTimeout(t.Context(), parityTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, py, "python/spinner_proc.py", "-slow", "1h", "-tick", "20ms")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // a group of its own, like a terminal's job
	cmd.Env = append(os.Environ(), "PYTHONUNBUFFERED=1")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	pipe, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	var seen []byte
	buf := make([]byte, 256)
	for strings.Count(string(seen), "thinking!") < 3 { // the child is spinning, SIGINT ignored
		n, err := pipe.Read(buf)
		seen = append(seen, buf[:n]...)
		if err != nil {
			_ = cmd.Wait()
		}
		require.NoErrorf(t, err, "spinner_proc.py drew no frames: %q", seen)
	}
	parent := cmd.Process.Pid
	child, ok := childOf(parent)
	require.Truef(t, ok, "spinner_proc.py (pid %d) has no child", parent)
	assert.Equal(t, pgidOf(t, parent), pgidOf(t, child), "the process groups of Python's parent and child: want the same group")
	require.NoError(t, syscall.Kill(-parent, syscall.SIGINT)) // the whole group, as Ctrl-C
	rest := make([]byte, 0, 1024)
	for {
		n, err := pipe.Read(buf)
		rest = append(rest, buf[:n]...)
		if err != nil {
			break
		}
	}
	_ = cmd.Wait()
	require.NoErrorf(t, ctx.Err(), "spinner_proc.py still running %v after Ctrl-C", parityTimeout)
	out := string(append(seen, rest...))
	assert.Equal(t, 130, cmd.ProcessState.ExitCode(), "after Ctrl-C to the group: exit status")
	assert.Equal(t, "spinner_proc.py: interrupted\n", stderr.String(), "after Ctrl-C to the group: stderr, want only \"interrupted\"")
	assert.Truef(t, strings.HasSuffix(out, "\r            \r"), "after Ctrl-C to the group: stdout ends %q, want the line wiped", out[max(0, len(out)-30):])
}
