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
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
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
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	c, err := Start(cmd)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Kill() })
	return c, out
}

func TestStartRunsTheWorkerAndWaitReapsIt(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	c, out := start(t, t.Context(), "echo", "hello", "child")
	var b []byte
	testdeadline.Within(t, 10*time.Second, "reading the echo worker's output", func() {
		var err error
		if b, err = io.ReadAll(out); err != nil {
			t.Errorf("reading the pipe: %v", err)
		}
	})
	testdeadline.Within(t, 10*time.Second, "waiting for the echo worker", func() {
		if err := c.Wait(); err != nil {
			t.Errorf("Wait() = %v, want nil", err)
		}
	})
	if got, want := string(b), fmt.Sprintf("hello child %d\n", os.Getpid()); got != want {
		t.Errorf("the worker printed %q, want %q (it ran as our child)", got, want)
	}
	if err := syscall.Kill(c.Pid(), 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("kill(%d, 0) = %v, want ESRCH: Wait reaps the child", c.Pid(), err)
	}
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
		if want := fmt.Sprintf("round %d %d\n", i, os.Getpid()); err != nil || string(b) != want {
			t.Fatalf("round %d: reading after the exit = %q, %v; want %q, nil", i, b, err, want)
		}
		if err := c.Wait(); err != nil {
			t.Fatalf("round %d: Wait() = %v", i, err)
		}
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
		if want := fmt.Sprintf("round %d %d\n", i, os.Getpid()); err != nil || string(b) != want {
			t.Fatalf("round %d: read %q, %v; want %q, nil", i, b, err, want)
		}
		if err := c.Wait(); err != nil {
			t.Fatalf("round %d: Wait() = %v", i, err)
		}
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
		if line, err := r.ReadString('\n'); line != "ready\n" {
			t.Errorf("the nap worker printed %q, %v; want ready", line, err)
		}
	})
	cancel()
	var rest []byte
	testdeadline.Within(t, GracePeriod/2, "the cancelled nap worker to exit (it had no SIGTERM?)", func() {
		rest, _ = io.ReadAll(r)
	})
	if string(rest) != "cancelled\n" {
		t.Errorf("after cancel the worker printed %q, want %q: it never saw its SIGTERM", rest, "cancelled\n")
	}
	var ee *ExitError
	if err := c.Wait(); !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGTERM {
		t.Errorf("Wait() = %v, want death by SIGTERM", err)
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
		err := c.Wait()
		if want := "killed by signal: terminated"; err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Wait() = %v, want it %s", err, want)
		}
	})
}

// A worker has a process group of its own: a Ctrl-C at the terminal, which signals the
// terminal's foreground group, reaches its parent alone, never a worker still starting up.
func TestAWorkerHasItsOwnProcessGroup(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	c, out := start(t, t.Context(), "nap")
	testdeadline.Within(t, 10*time.Second, "the nap worker to say it is ready", func() { _, _ = bufio.NewReader(out).ReadString('\n') })
	pgid, err := syscall.Getpgid(c.Pid())
	if err != nil || pgid != c.Pid() {
		t.Errorf("getpgid(worker %d) = %d, %v; want a group of its own, %d", c.Pid(), pgid, err, c.Pid())
	}
}

// Should a SIGINT reach a worker anyway (sent to its group, say), it ignores it and leaves the
// decision to its parent.
func TestAWorkerIgnoresSIGINT(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	c, out := start(t, t.Context(), "nap")
	r := bufio.NewReader(out)
	testdeadline.Within(t, 10*time.Second, "the nap worker to say it is ready", func() { _, _ = r.ReadString('\n') })
	if err := syscall.Kill(c.Pid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	// Ignored or not, the signal has been handled once a later SIGTERM is: signals of a
	// process are delivered lowest number first (SIGINT is 2, SIGTERM 15).
	if err := syscall.Kill(c.Pid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	testdeadline.Within(t, 10*time.Second, "the nap worker after SIGTERM", func() {
		b, _ := io.ReadAll(r)
		if string(b) != "cancelled\n" {
			t.Errorf("after SIGINT and SIGTERM the worker printed %q, want %q: SIGINT killed it", b, "cancelled\n")
		}
	})
}

func TestOutput(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	out, err := Output(t.Context(), nil, "echo", "one", "two")
	if want := fmt.Sprintf("one two %d\n", os.Getpid()); err != nil || string(out) != want {
		t.Errorf("Output(echo one two) = %q, %v; want %q, nil", out, err, want)
	}

	_, err = Output(t.Context(), nil, "fail")
	var ee *exec.ExitError
	if !errors.As(err, &ee) || !strings.HasSuffix(err.Error(), " exited with status 1: some detail\nreexec.test: it broke") {
		t.Errorf("Output(fail) error = %v, want an *exec.ExitError with its status and its stderr", err)
	}

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := Output(ctx, nil, "nap"); !errors.Is(err, context.Canceled) {
		t.Errorf("Output with a cancelled context = %v, want context.Canceled", err)
	}
}

func TestOutputAddsTheEnvironment(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	out, err := Output(t.Context(), []string{"REEXEC_TEST=1", "REEXEC_TEST=2"}, "env", "REEXEC_TEST")
	if err != nil || string(out) != "2" {
		t.Errorf("Output(env) = %q, %v; want the last setting, 2", out, err)
	}
}

func TestNoExitSleep(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	for _, tc := range []struct{ env, want []string }{
		{nil, []string{"GORACE=atexit_sleep_ms=0"}},
		{[]string{"GORACE=halt_on_error=1"}, []string{"GORACE=halt_on_error=1", "GORACE=halt_on_error=1 atexit_sleep_ms=0"}},
		{[]string{"GORACE=atexit_sleep_ms=5"}, []string{"GORACE=atexit_sleep_ms=5"}},
	} {
		if got := noExitSleep(tc.env); !cmp.Equal(got, tc.want) {
			t.Errorf("noExitSleep(%q) = %q, want %q", tc.env, got, tc.want)
		}
	}
}

func TestDispatch(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	err := Dispatch(t.Context(), nil, []string{"nope", "x"}, nil, io.Discard, io.Discard)
	if !errors.Is(err, ErrUnknownWorker) || err.Error() != `unknown worker "nope x"` {
		t.Errorf("Dispatch(nope x) = %v, want an unknown worker", err)
	}
	var got []string
	local := map[string]Worker{"echo": func(_ context.Context, args []string, _ io.Reader, _, _ io.Writer) error {
		got = args
		return nil
	}}
	if err := Dispatch(t.Context(), local, []string{"echo", "a"}, nil, io.Discard, io.Discard); err != nil || !cmp.Equal(got, []string{"a"}) {
		t.Errorf("Dispatch(echo a) = %v and ran with %q; want the local worker, with [a]", err, got)
	}
}

func TestKill(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	c, _ := start(t, t.Context(), "stubborn")
	testdeadline.Within(t, 10*time.Second, "killing a worker", func() {
		if err := c.Kill(); err != nil {
			t.Errorf("Kill() = %v", err)
		}
	})
	if err := syscall.Kill(c.Pid(), 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("kill(%d, 0) = %v, want ESRCH: Kill reaps", c.Pid(), err)
	}
	if err := c.Kill(); err != nil {
		t.Errorf("Kill() again = %v, want nil", err)
	}
}

// The goroutine that starts a child must keep its OS thread to itself until the child exits:
// were another goroutine to run on that thread and exit while locked to it, the thread would
// end, and the kernel would kill the child (Pdeathsig). So: just after the start, the starting
// goroutine notes its thread and parks (a test hook); meanwhile 32 goroutines lock themselves
// to threads at once, which takes every idle thread the runtime has. None may get that one.
func TestTheStartingGoroutineKeepsItsThread(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	if !watchesExit {
		t.Skip("no parent-death signal to keep a thread for")
	}
	tids, release := make(chan int), make(chan struct{})
	afterStart = func() {
		tids <- syscall.Gettid()
		<-release
		tids <- syscall.Gettid()
	}
	defer func() { afterStart = nil }()
	c, _ := start(t, t.Context(), "stubborn")
	var before, after int
	testdeadline.Within(t, 10*time.Second, "the starting goroutine's hook", func() { before = <-tids })

	const others = 32
	got, hold := make(chan int, others), make(chan struct{})
	var wg sync.WaitGroup
	for range others {
		wg.Go(func() {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			got <- syscall.Gettid()
			<-hold
		})
	}
	for range others {
		if tid := <-got; tid == before {
			t.Errorf("another goroutine ran on thread %d, which started the child: Start does not keep it locked", tid)
		}
	}
	close(hold)
	wg.Wait()
	close(release)
	testdeadline.Within(t, 10*time.Second, "the starting goroutine's hook", func() { after = <-tids })
	if after != before {
		t.Errorf("the starting goroutine went on on thread %d, not %d", after, before)
	}
	_ = c.Kill()
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
	if err != nil {
		t.Fatal(err)
	}
	parent := exec.CommandContext(t.Context(), self, "middle")
	parent.Stderr = os.Stderr
	out, err := parent.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := parent.Start(); err != nil {
		t.Fatal(err)
	}
	var pid int
	testdeadline.Within(t, 10*time.Second, "the middle process to print its worker's PID", func() {
		_, err = fmt.Fscan(out, &pid)
	})
	if err != nil {
		t.Fatalf("the middle process printed no PID: %v", err)
	}
	t.Cleanup(func() { _ = syscall.Kill(pid, syscall.SIGKILL) }) // should Pdeathsig fail
	if err := parent.Process.Kill(); err != nil {
		t.Fatal(err)
	}
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
		if !stopped || stderr.Len() != 0 {
			t.Fatalf("outcome = %d, stopped %v, stderr %q; want stopped, and nothing printed", code, stopped, stderr.String())
		}
	}
	// Without a SIGTERM, the worker's error is printed and the status says it failed.
	done := make(chan error, 1)
	done <- errors.New("boom")
	var stderr bytes.Buffer
	if code, stopped := outcome(context.Background(), done, "prog", &stderr); code != 1 || stopped || stderr.String() != "prog: boom\n" {
		t.Errorf("outcome = %d, stopped %v, stderr %q; want 1, not stopped, %q", code, stopped, stderr.String(), "prog: boom\n")
	}
}
