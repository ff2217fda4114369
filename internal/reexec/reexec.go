// Package reexec starts the running program again as a child process, in one of its hidden
// worker modes, and owns the protocol for it: the hidden argument (WorkerArg), the registry of
// worker modes (Register), and the dispatch to them (Dispatch, Main). Go cannot fork a running
// program, so a "process pool" or a "spinner process" in this book is the same binary started
// with the arguments "__worker <name> ...".
//
// Every child is tied to its parent three ways: it gets SIGTERM when the context passed to
// Command is done (and SIGKILL GracePeriod later); on Linux it gets SIGKILL if the parent dies
// (PR_SET_PDEATHSIG); and Wait always reaps it. It runs in a process group of its own, so a
// Ctrl-C at the terminal reaches only the parent, which stops its children itself. Pdeathsig fires when the OS thread that started
// the child exits, not only when the whole process does, so Start launches the child from a
// goroutine that holds its OS thread locked until the child has exited.
//
// A race-enabled program sleeps a second as it exits (GORACE atexit_sleep_ms), so that late
// reports get printed; Command turns that off for children of a race-enabled program, which the
// parent always waits for. (scripttest.Main does the same for a test binary and all it starts.)
package reexec

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"
)

// GracePeriod is how long a cancelled child is given after SIGTERM before it is killed.
const GracePeriod = 2 * time.Second

// Command returns an *exec.Cmd that runs this program as the named worker. The caller may set
// its Stdin, Stdout, Stderr and ExtraFiles, or ask it for pipes, before passing it to Start; to
// add to its environment, append to cmd.Environ(), not to os.Environ(). When ctx is done the
// child gets SIGTERM, then SIGKILL after GracePeriod. The child has a process group of its own.
func Command(ctx context.Context, worker string, args ...string) (*exec.Cmd, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, self, append([]string{WorkerArg, worker}, args...)...)
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = GracePeriod
	if raceEnabled {
		cmd.Env = noExitSleep(os.Environ())
	}
	setProcessGroup(cmd)
	setDeathSignal(cmd)
	return cmd, nil
}

// noExitSleep sets atexit_sleep_ms=0 in env's GORACE, unless GORACE already says otherwise.
func noExitSleep(env []string) []string {
	const key = "GORACE="
	gorace := ""
	for _, kv := range env {
		if strings.HasPrefix(kv, key) {
			gorace = strings.TrimPrefix(kv, key) // the last one wins, as in exec.Cmd
		}
	}
	if strings.Contains(gorace, "atexit_sleep_ms") {
		return env
	}
	return append(env, key+strings.TrimSpace(gorace+" atexit_sleep_ms=0"))
}

// Child is a running worker process.
type Child struct {
	cmd    *exec.Cmd
	worker string
	exited chan struct{} // closed once the process has exited (see Done)
	once   sync.Once     // the one call of cmd.Wait
	err    error         // what cmd.Wait returned
}

// afterStart, when set by a test, runs on the goroutine that started a child, just after it.
var afterStart func()

// Start starts cmd (made by Command). On Linux it does so from a goroutine that keeps its OS
// thread locked until the child has exited, so that the parent-death signal means "the parent
// process died", not "some thread of it exited".
//
// The child's pipes (cmd.StdoutPipe and the like) stay open until Wait: read them to the end,
// then call Wait, as with exec.Cmd.
func Start(cmd *exec.Cmd) (*Child, error) {
	c := &Child{cmd: cmd, exited: make(chan struct{})}
	if len(cmd.Args) > 2 {
		c.worker = cmd.Args[2]
	}
	if !watchesExit {
		if err := cmd.Start(); err != nil {
			return nil, err
		}
		return c, nil
	}
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		if afterStart != nil {
			afterStart()
		}
		// Wait without reaping: exec.Cmd.Wait would also close the pipes, which are the
		// owner's to finish reading first. The owner reaps, with Wait.
		blockUntilExited(cmd.Process.Pid)
		close(c.exited)
	}()
	if err := <-started; err != nil {
		return nil, err
	}
	return c, nil
}

// Pid is the child's process ID.
func (c *Child) Pid() int { return c.cmd.Process.Pid }

// Done is closed once the child has exited; it is not reaped until Wait. (Outside Linux, it is
// closed by Wait.)
func (c *Child) Done() <-chan struct{} { return c.exited }

// Wait waits for the child to exit, reaps it, closes the pipes the exec.Cmd made for it and
// returns how it ended: nil, or an *ExitError. Call it once the child's output has been read;
// calling it again returns the same result.
func (c *Child) Wait() error {
	if watchesExit {
		<-c.exited // reap only after the locked goroutine has seen the exit
	}
	c.once.Do(func() {
		c.err = c.cmd.Wait()
		var ee *exec.ExitError
		if errors.As(c.err, &ee) {
			c.err = &ExitError{Worker: c.worker, Pid: c.Pid(), ExitError: ee}
		}
		if !watchesExit {
			close(c.exited)
		}
	})
	return c.err
}

// Kill stops the child at once with SIGKILL, waits for it and reaps it. Killing a child that
// has already ended does nothing.
func (c *Child) Kill() error {
	err := c.cmd.Process.Kill()
	_ = c.Wait()
	if errors.Is(err, os.ErrProcessDone) {
		err = nil
	}
	return err
}

// ExitError reports a worker that did not exit successfully: how it ended, and what it wrote on
// standard error when that was captured (by Output).
type ExitError struct {
	Worker string // the worker's name
	Pid    int
	*exec.ExitError
}

// Error says which worker ended how: "worker spin (pid 123) killed by signal: killed", or
// "worker spin (pid 123) exited with status 1: what it printed on standard error".
func (e *ExitError) Error() string {
	how := e.ExitError.Error()
	if ws, ok := e.Sys().(syscall.WaitStatus); ok {
		switch {
		case ws.Signaled():
			how = "killed by signal: " + ws.Signal().String()
		case ws.Exited():
			how = fmt.Sprintf("exited with status %d", ws.ExitStatus())
		}
	}
	msg := fmt.Sprintf("worker %s (pid %d) %s", e.Worker, e.Pid, how)
	if s := bytes.TrimSpace(e.Stderr); len(s) > 0 {
		msg += ": " + string(s)
	}
	return msg
}

// Unwrap returns the *exec.ExitError.
func (e *ExitError) Unwrap() error { return e.ExitError }

// Output runs this program as the named worker, with env added to its environment (later
// settings win), waits for it and returns what it wrote on standard output, like
// exec.Cmd.Output. If the worker fails, the error is an *ExitError that includes what it wrote
// on standard error; if ctx is done before it succeeds, the error is ctx.Err().
func Output(ctx context.Context, env []string, worker string, args ...string) ([]byte, error) {
	cmd, err := Command(ctx, worker, args...)
	if err != nil {
		return nil, err
	}
	cmd.Env = append(cmd.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	c, err := Start(cmd)
	if err != nil {
		return nil, err
	}
	err = c.Wait()
	if err != nil && ctx.Err() != nil {
		return stdout.Bytes(), ctx.Err()
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		ee.Stderr = stderr.Bytes()
	}
	return stdout.Bytes(), err
}
