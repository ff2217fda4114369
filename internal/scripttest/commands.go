package scripttest

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
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
	"time"

	"github.com/concurrency-models/book/internal/cli"
	"github.com/concurrency-models/book/internal/shape"
	"github.com/concurrency-models/book/internal/tracefile"
	"github.com/rogpeppe/go-internal/testscript"
)

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

	// A program that exits 0, or with any status but the one the signal should give it, has
	// not stopped as a demo must.
	var good bool
	var ee *exec.ExitError
	if errors.As(waitErr, &ee) {
		status := ee.Sys().(syscall.WaitStatus)
		switch sig {
		case syscall.SIGKILL:
			good = status.Signaled() && status.Signal() == syscall.SIGKILL
		default:
			good = status.Exited() && status.ExitStatus() == cli.ExitInterrupted
		}
	}
	if good == neg {
		want := fmt.Sprintf("exit status %d", cli.ExitInterrupted)
		if sig == syscall.SIGKILL {
			want = "death by SIGKILL"
		}
		if neg {
			want = "anything but " + want
		}
		ts.Fatalf("signal: %s ended with %v after SIG%s, want %s", args[2], cmp.Or(waitErr, error(errExit0)), args[0], want)
	}
}

var errExit0 = errors.New("exit status 0")

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

func cmdCmpShape(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: cmpshape stdout|stderr|FILE WANT")
	}
	got := ts.ReadFile(args[0]) // stdout, stderr, or a file
	want := ts.ReadFile(args[1])
	if shape.Match(want, got) {
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
		if !shape.Match(w, g) {
			ts.Fatalf("cmpshape: %s line %d:\n  got:  %q\n  want: %q", args[0], i+1, g, w)
		}
	}
	ts.Fatalf("cmpshape: %s does not have the shape of %s", args[0], args[1])
}

// cmdTraceNames is the script command "tracenames FILE": it parses the trace and prints its
// user tasks ("task NAME") and regions ("region NAME"), one a line, for cmp to check.
func cmdTraceNames(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: tracenames FILE")
	}
	tasks, regions, err := tracefile.Names(ts.MkAbs(args[0]))
	if neg {
		if err == nil {
			ts.Fatalf("%s parsed as a trace", args[0])
		}
		return
	}
	ts.Check(err)
	var b strings.Builder
	for _, t := range tasks {
		fmt.Fprintf(&b, "task %s\n", t)
	}
	for _, r := range regions {
		fmt.Fprintf(&b, "region %s\n", r)
	}
	_, _ = io.WriteString(ts.Stdout(), b.String())
}
