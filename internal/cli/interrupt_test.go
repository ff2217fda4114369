//go:build unix

package cli

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/concurrency-models/book/internal/reexec"
	"github.com/concurrency-models/book/internal/testdeadline"
)

// program is a chapter program in miniature for the interrupt tests, which run this test binary
// as that program (CLI_TEST_PROGRAM=1), in a process group of its own, and signal it as a
// terminal would.
var program = &App{
	Name:    "chT",
	Default: "workers",
	Demos: []Demo{
		{Name: "workers", Run: workersDemo},
		{Name: "stubborn", Run: stubbornDemo},
		{Name: "flood", Run: floodDemo},
	},
	Workers: map[string]Worker{"nap": func(ctx context.Context, _ []string, _ io.Reader, out, _ io.Writer) error {
		fmt.Fprintln(out, "ready")
		<-ctx.Done()
		return ctx.Err()
	}},
}

func TestMain(m *testing.M) {
	if os.Getenv("CLI_TEST_PROGRAM") != "" { // the program, or one of its workers
		if d, err := time.ParseDuration(os.Getenv("CLI_TEST_STUCK_AFTER")); err == nil {
			stuckAfter = d
		}
		os.Exit(program.Main(os.Args[1:], os.Stdout, os.Stderr))
	}
	goleak.VerifyTestMain(m)
}

// workersDemo starts two workers, prints their PIDs and half a row, and waits: for the
// interrupt, or for a worker to die. It returns how the first worker to go ended.
func workersDemo(ctx context.Context, stdout io.Writer) error {
	var children []*reexec.Child
	defer func() {
		for _, c := range children {
			_ = c.Wait()
		}
	}()
	for range 2 {
		cmd, err := reexec.Command(ctx, "nap")
		if err != nil {
			return err
		}
		cmd.Stderr = os.Stderr // as a process pool's workers have: shared with the parent
		out, err := cmd.StdoutPipe()
		if err != nil {
			return err
		}
		c, err := reexec.Start(cmd)
		if err != nil {
			return err
		}
		children = append(children, c)
		if _, err := bufio.NewReader(out).ReadString('\n'); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "pids: %d %d\n", children[0].Pid(), children[1].Pid())
	fmt.Fprint(stdout, "row 1 |") // the cursor is left mid-line
	var gone *reexec.Child
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-children[0].Done():
		gone = children[0]
	case <-children[1].Done():
		gone = children[1]
	}
	for _, c := range children {
		_ = c.Kill()
	}
	return gone.Wait()
}

// stubbornDemo ignores its context: only a second interrupt stops it.
func stubbornDemo(ctx context.Context, stdout io.Writer) error {
	fmt.Fprintln(stdout, "pids: 0 0")
	<-ctx.Done()
	fmt.Fprint(stdout, "cancelled, but carrying on")
	time.Sleep(time.Hour)
	return nil
}

// floodDemo prints its "PIDs" and a megabyte in one Write, far more than a pipe holds, so that
// a reader who stops after the first line leaves it blocked in that Write, holding stdout; it
// carries on until its context is cancelled, which it can no longer see.
// It says on stderr when its context is cancelled, so that a test can tell that the first
// Ctrl-C has been handled before it sends a second (two sent at once may reach the program as
// one).
func floodDemo(ctx context.Context, stdout io.Writer) error {
	context.AfterFunc(ctx, func() { fmt.Fprintln(os.Stderr, "flood: cancelled") })
	flood := append([]byte("pids: 0 0\n"), bytes.Repeat([]byte("x"), 1<<20)...)
	for ctx.Err() == nil {
		if _, err := stdout.Write(flood); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// runProgram starts program with args in a new process group and returns it once it has
// printed its workers' PIDs, with its standard output so far.
func runProgram(t *testing.T, args ...string) (cmd *exec.Cmd, pids []int, stdout *bufio.Reader, stderr *bytes.Buffer) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("the workers' Done needs Linux")
	}
	self, err := os.Executable()
	require.NoError(t, err)
	cmd = exec.Command(self, args...)
	// A race-enabled program sleeps a second as it exits; this test binary, run as the
	// program, need not (reexec.Command sees to it for its workers).
	cmd.Env = append(os.Environ(), "CLI_TEST_PROGRAM=1", "GORACE=atexit_sleep_ms=0")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	stderr = new(bytes.Buffer)
	cmd.Stderr = stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) })
	stdout = bufio.NewReader(out)
	var line string
	testdeadline.Within(t, 10*time.Second, "the program to print its workers' PIDs", func() {
		line, err = stdout.ReadString('\n')
	})
	f := strings.Fields(strings.TrimPrefix(line, "pids: "))
	require.NoErrorf(t, err, "the program printed %q; want its workers' PIDs", line)
	require.Lenf(t, f, 2, "the program printed %q; want its workers' PIDs", line)
	for _, s := range f {
		pid, err := strconv.Atoi(s)
		require.NoError(t, err)
		pids = append(pids, pid)
	}
	return cmd, pids, stdout, stderr
}

// finish reads the rest of the program's output and waits for it, at most 10 seconds, and
// returns its exit status and the rest of its stdout.
func finish(t *testing.T, cmd *exec.Cmd, stdout io.Reader, what string) (int, string) {
	t.Helper()
	var rest []byte
	testdeadline.Within(t, 10*time.Second, what, func() {
		rest, _ = io.ReadAll(stdout)
		_ = cmd.Wait()
	})
	return cmd.ProcessState.ExitCode(), string(rest)
}

// Ctrl-C reaches the whole process group; SIGINT or SIGTERM may also reach the parent alone.
// Either way: exit status 130, one "interrupted" from the parent and nothing from the workers,
// the half row ended first, and the workers stopped and reaped.
func TestInterruptPrintsOneMessage(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	for _, tc := range []struct {
		name  string
		sig   syscall.Signal
		group bool
	}{
		{"Ctrl-C at a terminal (SIGINT to the group)", syscall.SIGINT, true},
		{"SIGINT to the parent alone", syscall.SIGINT, false},
		{"SIGTERM to the group", syscall.SIGTERM, true},
		{"SIGTERM to the parent alone", syscall.SIGTERM, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd, pids, stdout, stderr := runProgram(t, "workers")
			pid := cmd.Process.Pid
			if tc.group {
				pid = -pid
			}
			require.NoError(t, syscall.Kill(pid, tc.sig))
			code, rest := finish(t, cmd, stdout, "the program after "+tc.name)
			assert.Equal(t, ExitInterrupted, code, "exit status")
			assert.Equal(t, "chT: interrupted\n", stderr.String(), "stderr: want one message")
			assert.Equal(t, "row 1 |\n", rest, "the rest of stdout")
			for _, pid := range pids {
				assert.ErrorIsf(t, syscall.Kill(pid, 0), syscall.ESRCH, "worker %d: kill(pid, 0): want ESRCH: stopped and reaped", pid)
			}
		})
	}
}

// A worker killed by someone else is reported once, by the parent, with what happened.
func TestAKilledWorkerIsReportedOnce(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	cmd, pids, stdout, stderr := runProgram(t, "workers")
	require.NoError(t, syscall.Kill(pids[1], syscall.SIGKILL))
	code, rest := finish(t, cmd, stdout, "the program after its worker was killed")
	want := fmt.Sprintf("chT: worker nap (pid %d) killed by signal: killed\n", pids[1])
	assert.Equal(t, ExitFailure, code, "exit status")
	assert.Equal(t, want, stderr.String(), "stderr")
	assert.Equal(t, "row 1 |\n", rest, "the rest of stdout")
}

// A second Ctrl-C does not wait for a demo that ignores the first: exit 130 at once, and still
// one message, on a fresh line.
func TestASecondInterruptQuitsAtOnce(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	cmd, _, stdout, stderr := runProgram(t, "stubborn")
	require.NoError(t, syscall.Kill(-cmd.Process.Pid, syscall.SIGINT))
	buf := make([]byte, len("cancelled, but carrying on"))
	testdeadline.Within(t, 10*time.Second, "the stubborn demo to see the first interrupt", func() {
		_, _ = io.ReadFull(stdout, buf)
	})
	start := time.Now()
	require.NoError(t, syscall.Kill(-cmd.Process.Pid, syscall.SIGINT))
	code, rest := finish(t, cmd, stdout, "the program after a second Ctrl-C")
	t.Logf("exited %v after the second Ctrl-C", time.Since(start))
	assert.Equal(t, ExitInterrupted, code, "exit status")
	assert.Equal(t, "chT: interrupted\n", stderr.String(), "stderr: want one message")
	assert.Equal(t, "\n", rest, "the rest of stdout: want a newline")
}

// A demo blocked writing to a stdout that nobody reads (go run ./ch04-spinner go | less, and
// less stops reading) cannot tidy up and return, and Main's own line end would wait for the
// same stdout. Ctrl-C or SIGTERM still ends the program promptly, with status 130: once a Write
// has been blocked for stuckAfter after the interrupt, Main quits as on a second Ctrl-C, and
// quitting waits for no writer. Also when stderr is the same unread pipe, so that even the
// message cannot be written; and a second Ctrl-C, with the stuck check turned off, quits too.
func TestInterruptWithStdoutBlocked(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	if runtime.GOOS != "linux" {
		t.Skip("signals and pipes as on Linux")
	}
	for _, tc := range []struct {
		name        string
		sigs        []syscall.Signal
		stuckAfter  string // CLI_TEST_STUCK_AFTER
		stderrPiped bool   // stderr is the unread pipe too
	}{
		{"one Ctrl-C", []syscall.Signal{syscall.SIGINT}, "", false},
		{"one SIGTERM", []syscall.Signal{syscall.SIGTERM}, "", false},
		{"one Ctrl-C, stderr blocked too", []syscall.Signal{syscall.SIGINT}, "", true},
		{"two Ctrl-Cs, no stuck check", []syscall.Signal{syscall.SIGINT, syscall.SIGINT}, "1h", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			self, err := os.Executable()
			require.NoError(t, err)
			cmd := exec.Command(self, "flood")
			cmd.Env = append(os.Environ(), "CLI_TEST_PROGRAM=1", "GORACE=atexit_sleep_ms=0", "CLI_TEST_STUCK_AFTER="+tc.stuckAfter)
			cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
			r, w, err := os.Pipe()
			require.NoError(t, err)
			defer r.Close()
			cmd.Stdout, cmd.Stderr = w, w
			var stderr watchedStderr
			if !tc.stderrPiped {
				cmd.Stderr = nil
				pipe, err := cmd.StderrPipe()
				require.NoError(t, err)
				stderr.start(pipe)
			}
			require.NoError(t, cmd.Start())
			w.Close()
			t.Cleanup(func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) })
			// Read the first line, no more: the demo is then inside its megabyte Write.
			var line string
			testdeadline.Within(t, 10*time.Second, "the flood demo's first line", func() {
				line, err = bufio.NewReaderSize(r, 16).ReadString('\n')
			})
			require.Equalf(t, "pids: 0 0\n", line, "the flood demo's first line (error %v)", err)
			start := time.Now()
			for i, sig := range tc.sigs {
				if i > 0 { // a second signal only once the first has cancelled the demo
					testdeadline.Within(t, 10*time.Second, "the first signal to cancel the demo", func() { stderr.waitFor("flood: cancelled\n") })
				}
				require.NoError(t, syscall.Kill(-cmd.Process.Pid, sig))
			}
			testdeadline.Within(t, 10*time.Second, "the program, its stdout blocked, after "+tc.name, func() {
				stderr.wait()
				_ = cmd.Wait()
			})
			t.Logf("exited %v after the signal", time.Since(start))
			assert.Equalf(t, ExitInterrupted, cmd.ProcessState.ExitCode(), "exit status (%v)", cmd.ProcessState)
			// The demo's own line comes from another goroutine, maybe after Main's, maybe never.
			if got := stderr.String(); !tc.stderrPiped {
				assert.Equalf(t, "chT: interrupted\n", strings.Replace(got, "flood: cancelled\n", "", 1),
					"stderr %q: want one %q (and the demo's %q)", got, "chT: interrupted\n", "flood: cancelled\n")
			}
		})
	}
}

// watchedStderr collects a program's stderr from a pipe, and lets a test wait for a line.
type watchedStderr struct {
	mu   sync.Mutex
	buf  strings.Builder
	more chan struct{} // closed and replaced at every read
	done chan struct{} // closed at the end of the pipe
}

func (s *watchedStderr) start(r io.Reader) {
	s.more, s.done = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(s.done)
		b := make([]byte, 512)
		for {
			n, err := r.Read(b)
			s.mu.Lock()
			s.buf.Write(b[:n])
			close(s.more)
			s.more = make(chan struct{})
			s.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
}

// waitFor waits until what has been read contains text.
func (s *watchedStderr) waitFor(text string) {
	for {
		s.mu.Lock()
		found, more := strings.Contains(s.buf.String(), text), s.more
		s.mu.Unlock()
		if found {
			return
		}
		select {
		case <-more:
		case <-s.done:
			return
		}
	}
}

// wait waits for the end of the pipe, if there is one.
func (s *watchedStderr) wait() {
	if s.done != nil {
		<-s.done
	}
}

func (s *watchedStderr) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}
