package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

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
		if time.Now().After(deadline) {
			t.Fatalf("after %v: %s", childDeadline, what)
		}
		time.Sleep(time.Millisecond)
	}
}

// Kill the process version's parent with SIGKILL while its child is stopped (SIGSTOP): the
// child cannot react to its done pipe closing, so only the parent-death signal that
// internal/reexec asks Linux for (Pdeathsig: SIGKILL) can end it. Without it the child would
// stay behind, stopped, for ever. (kill.txtar kills the parent of a running child, which stops
// anyway when the kernel closes the parent's end of the pipe, and so cannot tell.)
func TestKilledParentTakesItsStoppedChildWithIt(t *testing.T) {
	defer goleak.VerifyNone(t)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	parent := exec.Command(self, "process", "-slow", "1h", "-tick", "1h")
	parent.Args[0] = app.Name // testscript.Main runs the app for this name (see script_test.go)
	parent.Stdout = w         // Stderr stays nil, /dev/null: a pipe there would make Wait wait for the child
	if err := parent.Start(); err != nil {
		t.Fatal(err)
	}
	w.Close() // the parent and its child hold the write end now
	reaped := false
	defer func() {
		if !reaped {
			parent.Process.Kill()
			parent.Wait()
		}
	}()
	drawn := make(chan struct{})
	go func() { // close drawn at the child's first frame; read until the last writer dies
		var seen []byte
		b := make([]byte, 512)
		for {
			n, err := r.Read(b)
			if seen = append(seen, b[:n]...); drawn != nil && bytes.Contains(seen, []byte("thinking!")) {
				close(drawn)
				drawn = nil
			}
			if err != nil {
				return
			}
		}
	}()
	select {
	case <-drawn:
	case <-time.After(childDeadline):
		t.Fatalf("the process demo's child drew no frame within %v", childDeadline)
	}
	child, ok := childOf(parent.Process.Pid)
	if !ok {
		t.Fatalf("the process demo (pid %d) has no child", parent.Process.Pid)
	}
	defer syscall.Kill(child, syscall.SIGKILL) // if the test fails, leave no stopped orphan
	if err := syscall.Kill(child, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	waitFor(t, fmt.Sprintf("the child (pid %d) did not stop on SIGSTOP", child), func() bool {
		state, _, ok := procState(child)
		return ok && state == "T"
	})
	if err := parent.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	parent.Wait()
	reaped = true
	waitFor(t, fmt.Sprintf("the stopped child (pid %d) outlived its SIGKILLed parent: no parent-death signal (Pdeathsig)?", child), func() bool {
		state, _, ok := procState(child)
		return !ok || state == "Z" // gone, or dead and waiting for init to reap it
	})
}
