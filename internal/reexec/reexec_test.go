//go:build unix

package reexec

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/concurrency-models/book/internal/testdeadline"
)

// The test binary doubles as the workers below (Main runs them) and, with the first argument
// "middle", as the parent in TestChildDiesWithItsParent.
func init() {
	Register("echo", func(_ context.Context, args []string, _ io.Reader, stdout, _ io.Writer) error {
		_, err := fmt.Fprintln(stdout, strings.Join(args, " "), os.Getppid())
		return err
	})
	Register("nap", func(ctx context.Context, _ []string, _ io.Reader, stdout, _ io.Writer) error {
		fmt.Fprintln(stdout, "ready")
		<-ctx.Done()
		fmt.Fprintln(stdout, "cancelled")
		return ctx.Err()
	})
	Register("stubborn", func(_ context.Context, _ []string, _ io.Reader, stdout, _ io.Writer) error {
		fmt.Fprintln(stdout, "ready")
		time.Sleep(time.Hour) // ignores its context
		return nil
	})
	Register("env", func(_ context.Context, args []string, _ io.Reader, stdout, _ io.Writer) error {
		_, err := fmt.Fprint(stdout, os.Getenv(args[0]))
		return err
	})
	Register("fail", func(_ context.Context, _ []string, _ io.Reader, _, stderr io.Writer) error {
		fmt.Fprintln(stderr, "some detail")
		return errors.New("it broke")
	})
}

func TestMain(m *testing.M) {
	if IsWorker(os.Args[1:]) {
		os.Exit(Main("reexec.test", nil, os.Args[1:]))
	}
	if len(os.Args) > 1 && os.Args[1] == "middle" {
		middle() // never returns
	}
	goleak.VerifyTestMain(m)
}

func start(t *testing.T, ctx context.Context, worker string, args ...string) (*Child, io.Reader) {
	t.Helper()
	cmd, err := Command(ctx, worker, args...)
	require.NoError(t, err)
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	c, err := Start(cmd)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Kill() })
	return c, out
}

func TestStartRunsTheWorkerAndWaitReapsIt(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	c, out := start(t, t.Context(), "echo", "hello", "child")
	var b []byte
	testdeadline.Within(t, 10*time.Second, "reading the echo worker's output", func() {
		var err error
		b, err = io.ReadAll(out)
		assert.NoError(t, err, "reading the pipe")
	})
	testdeadline.Within(t, 10*time.Second, "waiting for the echo worker", func() {
		assert.NoError(t, c.Wait(), "Wait()")
	})
	assert.Equal(t, fmt.Sprintf("hello child %d\n", os.Getpid()), string(b), "what the worker printed (it ran as our child)")
	assert.ErrorIsf(t, syscall.Kill(c.Pid(), 0), syscall.ESRCH, "kill(%d, 0): Wait reaps the child", c.Pid())
}

// The pipes belong to whoever reads them until Wait: a child that has exited (Done) has not
// had its pipes closed under the reader. Start used to call exec.Cmd.Wait as soon as the child
// exited, which closed the pipe ("read |0: file already closed") and could lose its output.
func TestThePipeOutlivesTheChildUntilWait(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	if !watchesExit {
		t.Skip("Done is closed by Wait outside Linux")
	}
	for i := range 5 {
		c, out := start(t, t.Context(), "echo", "round", strconv.Itoa(i))
		testdeadline.Within(t, 10*time.Second, "the echo worker to exit", func() { <-c.Done() })
		b, err := io.ReadAll(out)
		require.NoErrorf(t, err, "round %d: reading after the exit", i)
		require.Equalf(t, fmt.Sprintf("round %d %d\n", i, os.Getpid()), string(b), "round %d: reading after the exit", i)
		require.NoErrorf(t, c.Wait(), "round %d: Wait()", i)
	}
}

// The same, racing: read while the child exits, as ProcessPool does. Fifty rounds, so that the
// old lifecycle (a failure in about one round in eight) cannot pass by luck.
func TestReadingWhileTheChildExitsLosesNothing(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	rounds := 50
	if testing.Short() {
		rounds = 10
	}
	for i := range rounds {
		c, out := start(t, t.Context(), "echo", "round", strconv.Itoa(i))
		b, err := io.ReadAll(out)
		require.NoErrorf(t, err, "round %d: read", i)
		require.Equalf(t, fmt.Sprintf("round %d %d\n", i, os.Getpid()), string(b), "round %d: read", i)
		require.NoErrorf(t, c.Wait(), "round %d: Wait()", i)
	}
}

// Cancelling the context sends SIGTERM first: the worker's context is cancelled (it prints
// "cancelled"), and it dies of that SIGTERM, silently. With a plain kill it would print nothing.
func TestCancelSendsSIGTERMFirst(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	c, out := start(t, ctx, "nap")
	r := bufio.NewReader(out)
	testdeadline.Within(t, 10*time.Second, "the nap worker to say it is ready", func() {
		line, err := r.ReadString('\n')
		assert.Equalf(t, "ready\n", line, "what the nap worker printed (error %v)", err)
	})
	cancel()
	var rest []byte
	testdeadline.Within(t, GracePeriod/2, "the cancelled nap worker to exit (it had no SIGTERM?)", func() {
		rest, _ = io.ReadAll(r)
	})
	assert.Equal(t, "cancelled\n", string(rest), "what the worker printed after cancel: if not this, it never saw its SIGTERM")
	var ee *ExitError
	if err := c.Wait(); assert.ErrorAs(t, err, &ee, "Wait(): want death by SIGTERM") {
		assert.Equal(t, syscall.SIGTERM, ee.Sys().(syscall.WaitStatus).Signal(), "Wait(): the signal that ended the worker")
	}
}

// A worker that ignores its context still goes at once on SIGTERM: Main ends it after
// StopGrace, long before the parent's GracePeriod would send SIGKILL.
func TestAStubbornWorkerStillStopsOnSIGTERM(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	ctx, cancel := context.WithCancel(t.Context())
	c, out := start(t, ctx, "stubborn")
	testdeadline.Within(t, 10*time.Second, "the stubborn worker to say it is ready", func() { _, _ = bufio.NewReader(out).ReadString('\n') })
	cancel()
	testdeadline.Within(t, GracePeriod/2, "a worker that ignores its context, after SIGTERM", func() {
		assert.ErrorContains(t, c.Wait(), "killed by signal: terminated", "Wait()")
	})
}

// A worker has a process group of its own: a Ctrl-C at the terminal, which signals the
// terminal's foreground group, reaches its parent alone, never a worker still starting up.
func TestAWorkerHasItsOwnProcessGroup(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	c, out := start(t, t.Context(), "nap")
	testdeadline.Within(t, 10*time.Second, "the nap worker to say it is ready", func() { _, _ = bufio.NewReader(out).ReadString('\n') })
	pgid, err := syscall.Getpgid(c.Pid())
	assert.NoErrorf(t, err, "getpgid(worker %d)", c.Pid())
	assert.Equalf(t, c.Pid(), pgid, "getpgid(worker %d): want a group of its own", c.Pid())
}

// Should a SIGINT reach a worker anyway (sent to its group, say), it ignores it and leaves the
// decision to its parent.
func TestAWorkerIgnoresSIGINT(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	c, out := start(t, t.Context(), "nap")
	r := bufio.NewReader(out)
	testdeadline.Within(t, 10*time.Second, "the nap worker to say it is ready", func() { _, _ = r.ReadString('\n') })
	require.NoError(t, syscall.Kill(c.Pid(), syscall.SIGINT))
	// Ignored or not, the signal has been handled once a later SIGTERM is: signals of a
	// process are delivered lowest number first (SIGINT is 2, SIGTERM 15).
	require.NoError(t, syscall.Kill(c.Pid(), syscall.SIGTERM))
	testdeadline.Within(t, 10*time.Second, "the nap worker after SIGTERM", func() {
		b, _ := io.ReadAll(r)
		assert.Equal(t, "cancelled\n", string(b), "what the worker printed after SIGINT and SIGTERM: if not this, SIGINT killed it")
	})
}

func TestOutput(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	out, err := Output(t.Context(), nil, "echo", "one", "two")
	assert.NoError(t, err, "Output(echo one two)")
	assert.Equal(t, fmt.Sprintf("one two %d\n", os.Getpid()), string(out), "Output(echo one two)")

	_, err = Output(t.Context(), nil, "fail")
	var ee *exec.ExitError
	if assert.ErrorAs(t, err, &ee, "Output(fail): want an *exec.ExitError") {
		assert.Truef(t, strings.HasSuffix(err.Error(), " exited with status 1: some detail\nreexec.test: it broke"),
			"Output(fail) error = %v, want its status and its stderr", err)
	}

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err = Output(ctx, nil, "nap")
	assert.ErrorIs(t, err, context.Canceled, "Output with a cancelled context")
}

func TestOutputAddsTheEnvironment(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	out, err := Output(t.Context(), []string{"REEXEC_TEST=1", "REEXEC_TEST=2"}, "env", "REEXEC_TEST")
	assert.NoError(t, err, "Output(env)")
	assert.Equal(t, "2", string(out), "Output(env): want the last setting")
}

func TestNoExitSleep(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	for _, tc := range []struct{ env, want []string }{
		{nil, []string{"GORACE=atexit_sleep_ms=0"}},
		{[]string{"GORACE=halt_on_error=1"}, []string{"GORACE=halt_on_error=1", "GORACE=halt_on_error=1 atexit_sleep_ms=0"}},
		{[]string{"GORACE=atexit_sleep_ms=5"}, []string{"GORACE=atexit_sleep_ms=5"}},
	} {
		if d := cmp.Diff(tc.want, noExitSleep(tc.env)); d != "" {
			t.Errorf("noExitSleep(%q) (-want +got):\n%s", tc.env, d)
		}
	}
}

func TestDispatch(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	err := Dispatch(t.Context(), nil, []string{"nope", "x"}, nil, io.Discard, io.Discard)
	assert.ErrorIs(t, err, ErrUnknownWorker, "Dispatch(nope x)")
	assert.EqualError(t, err, `unknown worker "nope x"`, "Dispatch(nope x)")
	var got []string
	local := map[string]Worker{"echo": func(_ context.Context, args []string, _ io.Reader, _, _ io.Writer) error {
		got = args
		return nil
	}}
	assert.NoError(t, Dispatch(t.Context(), local, []string{"echo", "a"}, nil, io.Discard, io.Discard), "Dispatch(echo a)")
	if d := cmp.Diff([]string{"a"}, got); d != "" {
		t.Errorf("Dispatch(echo a): the local worker's arguments (-want +got):\n%s", d)
	}
}

func TestKill(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	c, _ := start(t, t.Context(), "stubborn")
	testdeadline.Within(t, 10*time.Second, "killing a worker", func() {
		assert.NoError(t, c.Kill(), "Kill()")
	})
	assert.ErrorIsf(t, syscall.Kill(c.Pid(), 0), syscall.ESRCH, "kill(%d, 0): Kill reaps", c.Pid())
	assert.NoError(t, c.Kill(), "Kill() again")
}

// middle is the parent process of TestChildDiesWithItsParent: it starts a worker that sleeps
// for an hour, prints its PID and waits to be killed.
func middle() {
	cmd, err := Command(context.Background(), "stubborn")
	if err == nil {
		_, err = Start(cmd)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(cmd.Process.Pid)
	time.Sleep(time.Hour)
	os.Exit(1)
}

// SIGKILL a parent: its worker dies too, killed by the kernel (the parent-death signal), not by
// noticing anything: it sleeps for an hour and reads nothing.
func TestChildDiesWithItsParent(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	if !watchesExit {
		t.Skip("PR_SET_PDEATHSIG is Linux-only")
	}
	self, err := os.Executable()
	require.NoError(t, err)
	parent := exec.CommandContext(t.Context(), self, "middle")
	parent.Stderr = os.Stderr
	out, err := parent.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, parent.Start())
	var pid int
	testdeadline.Within(t, 10*time.Second, "the middle process to print its worker's PID", func() {
		_, err = fmt.Fscan(out, &pid)
	})
	require.NoError(t, err, "the middle process printed no PID")
	t.Cleanup(func() { _ = syscall.Kill(pid, syscall.SIGKILL) }) // should Pdeathsig fail
	require.NoError(t, parent.Process.Kill())
	_ = parent.Wait()
	testdeadline.Within(t, 10*time.Second, fmt.Sprintf("worker %d outliving its killed parent", pid), func() {
		for alive(pid) {
			time.Sleep(5 * time.Millisecond)
		}
	})
}

// alive reports whether pid is a process that has not died (a zombie has died; whoever
// inherited it reaps it).
func alive(pid int) bool {
	stat, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return false
	}
	// The state follows the command name in parentheses, which may itself contain spaces.
	f := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
	return len(f) > 0 && f[0] != "Z" && f[0] != "X"
}

// A worker that returns at once when SIGTERM cancels its context can have its result ready
// before Main's select chooses between it and the context; either way the worker was stopped
// and says nothing. (Seen in a 50-run under load: "chT: context canceled" before the parent's
// "interrupted".) Both cases are ready here, so a select that trusted the result would print,
// about every other time.
func TestAWorkerStoppedBySIGTERMSaysNothing(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for range 200 {
		done := make(chan error, 1)
		done <- ctx.Err()
		var stderr bytes.Buffer
		code, stopped := outcome(ctx, done, "prog", &stderr)
		require.Truef(t, stopped, "outcome = %d, stopped %v, stderr %q; want stopped, and nothing printed", code, stopped, stderr.String())
		require.Emptyf(t, stderr.String(), "outcome = %d, stopped %v: want stopped, and nothing printed", code, stopped)
	}
	// Without a SIGTERM, the worker's error is printed and the status says it failed.
	done := make(chan error, 1)
	done <- errors.New("boom")
	var stderr bytes.Buffer
	code, stopped := outcome(context.Background(), done, "prog", &stderr)
	assert.Equal(t, 1, code, "outcome's status")
	assert.False(t, stopped, "outcome: stopped")
	assert.Equal(t, "prog: boom\n", stderr.String(), "outcome's stderr")
}
