package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// procState returns the state letter of process pid (R, S, T for stopped, Z for a zombie ...)
// and its parent's pid, or ok false once the process is gone.
func procState(pid int) (state string, ppid int, ok bool) {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return "", 0, false
	}
	// pid (comm) state ppid ...: comm may hold spaces, so split after its closing paren.
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	ppid, _ = strconv.Atoi(f[1])
	return f[0], ppid, true
}

// childOf returns the pid of a child of parent, looking through /proc.
func childOf(parent int) (int, bool) {
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if _, ppid, ok := procState(pid); ok && ppid == parent {
			return pid, true
		}
	}
	return 0, false
}

// waitFor polls cond every millisecond until it holds, and fails the test with what if it
// has not held within childDeadline.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(childDeadline)
	for !cond() {
		require.Falsef(t, time.Now().After(deadline), "after %v: %s", childDeadline, what)
		time.Sleep(time.Millisecond)
	}
}

// appRun is the chapter program started as a process of its own, its standard output read
// by a goroutine.
type appRun struct {
	cmd    *exec.Cmd
	drawn  chan struct{} // closed once the output shows a frame
	stdout chan string   // everything written to standard output, once every writer is gone
	stderr *os.File      // a file, not a pipe, so that Wait need not wait for a stopped child
	frames atomic.Int64  // how many frames the output shows so far
}

// startApp starts this test binary as the chapter program (testscript.Main runs the app when
// the program's name is app.Name) with args, in a process group of its own if group is true.
// Its children inherit its standard output, so stdout is complete only once they are gone.
func startApp(t *testing.T, group bool, args ...string) *appRun {
	t.Helper()
	self, err := os.Executable()
	require.NoError(t, err)
	r, w, err := os.Pipe()
	require.NoError(t, err)
	a := &appRun{cmd: exec.Command(self, args...), drawn: make(chan struct{}), stdout: make(chan string, 1)}
	a.cmd.Args[0] = app.Name
	a.stderr, err = os.Create(filepath.Join(t.TempDir(), "stderr"))
	require.NoError(t, err)
	t.Cleanup(func() { a.stderr.Close() })
	a.cmd.Stdout, a.cmd.Stderr = w, a.stderr
	a.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: group}
	require.NoError(t, a.cmd.Start())
	w.Close() // the program and its children hold the write end now
	go func() {
		defer r.Close()
		var seen []byte
		b := make([]byte, 512)
		drawn := a.drawn
		for {
			n, err := r.Read(b)
			seen = append(seen, b[:n]...)
			a.frames.Store(int64(bytes.Count(seen, []byte("thinking!"))))
			if drawn != nil && bytes.Contains(seen, []byte("thinking!")) {
				close(drawn)
				drawn = nil
			}
			if err != nil {
				a.stdout <- string(seen)
				return
			}
		}
	}()
	select {
	case <-a.drawn:
	case <-time.After(childDeadline):
		a.cmd.Process.Kill()
		a.cmd.Wait()
		t.Fatalf("%s %q drew no frame within %v", app.Name, args, childDeadline)
	}
	return a
}

// wait waits for the program to end and returns its wait error, failing the test if it takes
// longer than childDeadline.
func (a *appRun) wait(t *testing.T) error {
	t.Helper()
	ended := make(chan error, 1)
	go func() { ended <- a.cmd.Wait() }()
	select {
	case err := <-ended:
		return err
	case <-time.After(childDeadline):
		a.cmd.Process.Kill()
		<-ended
		t.Fatalf("%s %q still running %v after it was signalled", app.Name, a.cmd.Args[1:], childDeadline)
		return nil
	}
}

// A terminal's Ctrl-C sends SIGINT to every process of the foreground process group. The
// process version's child is not in it (internal/reexec gives it a group of its own), so the
// parent alone gets the signal: it stops its child (the done pipe closes, and exec.Cmd.Cancel
// sends SIGTERM), which clears its line and exits quietly; the parent reports the interrupt,
// once, and exits 130. The other versions are one process each and behave the same.
func TestCtrlCToTheProcessGroup(t *testing.T) {
	defer goleak.VerifyNone(t)
	for _, demo := range []string{"process", "thread", "async", "go"} {
		a := startApp(t, true, demo, "-slow", "1h")
		require.NoError(t, syscall.Kill(-a.cmd.Process.Pid, syscall.SIGINT))
		err := a.wait(t)
		var ee *exec.ExitError
		if assert.ErrorAsf(t, err, &ee, "%s: Ctrl-C to the group: want exit status 130", demo) {
			assert.Equalf(t, 130, ee.ExitCode(), "%s: Ctrl-C to the group: exit status", demo)
		}
		b, _ := os.ReadFile(a.stderr.Name())
		assert.Equalf(t, "ch04-spinner: interrupted\n", string(b), "%s: Ctrl-C to the group: stderr", demo)
		out := <-a.stdout
		assert.Truef(t, strings.HasSuffix(out, "thinking!\r           \r") || strings.HasSuffix(out, "thinking!\r            \r"),
			"%s: Ctrl-C to the group: stdout ends %q, want a frame, then the blank-out", demo, out[max(0, len(out)-30):])
	}
}

// Kill the process version's parent with SIGKILL while its child is stopped (SIGSTOP): the
// child cannot react to its done pipe closing, so only the parent-death signal that
// internal/reexec asks Linux for (Pdeathsig: SIGKILL) can end it. Without it the child would
// stay behind, stopped, for ever. (kill.txtar kills the parent of a running child, which stops
// anyway when the kernel closes the parent's end of the pipe, and so cannot tell.)
func TestKilledParentTakesItsStoppedChildWithIt(t *testing.T) {
	defer goleak.VerifyNone(t)
	a := startApp(t, false, "process", "-slow", "1h", "-tick", "1h")
	parent := a.cmd
	reaped := false
	defer func() {
		if !reaped {
			parent.Process.Kill()
			parent.Wait()
		}
	}()
	child, ok := childOf(parent.Process.Pid)
	require.Truef(t, ok, "the process demo (pid %d) has no child", parent.Process.Pid)
	defer syscall.Kill(child, syscall.SIGKILL) // if the test fails, leave no stopped orphan
	require.NoError(t, syscall.Kill(child, syscall.SIGSTOP))
	waitFor(t, fmt.Sprintf("the child (pid %d) did not stop on SIGSTOP", child), func() bool {
		state, _, ok := procState(child)
		return ok && state == "T"
	})
	require.NoError(t, parent.Process.Kill())
	parent.Wait()
	reaped = true
	defer func() { <-a.stdout }() // the reader ends once the child is gone
	waitFor(t, fmt.Sprintf("the stopped child (pid %d) outlived its SIGKILLed parent: no parent-death signal (Pdeathsig)?", child), func() bool {
		state, _, ok := procState(child)
		return !ok || state == "Z" // gone, or dead and waiting for init to reap it
	})
}
