// Package reexec starts the running program again as a child process, in one of its hidden
// worker modes. Go cannot fork a running program, so a "process pool" or a "spinner process"
// in this book is the same binary started with the arguments "__worker <name> ...".
//
// Every child is tied to its parent three ways: it is killed when the context passed to Start is
// done; on Linux it receives SIGKILL if the parent dies (PR_SET_PDEATHSIG); and Wait always reaps
// it. Pdeathsig fires when the OS thread that started the child exits, not only when the whole
// process does, so Start launches the child from a goroutine that holds its OS thread locked
// until the child has been reaped.
package reexec

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"runtime"
	"syscall"
	"time"

	"github.com/concurrency-models/book/internal/cli"
)

// GracePeriod is how long a cancelled child is given after SIGTERM before it is killed.
const GracePeriod = 2 * time.Second

// Child is a running worker process.
type Child struct {
	cmd  *exec.Cmd
	done chan struct{}
	err  error
}

// Command returns an *exec.Cmd that runs this program as the named worker. The caller may set
// its Stdin, Stdout, Stderr and ExtraFiles, or ask it for pipes, before passing it to Start.
// It is killed (SIGTERM, then SIGKILL after GracePeriod) when ctx is done.
func Command(ctx context.Context, worker string, args ...string) (*exec.Cmd, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, self, append([]string{cli.WorkerArg, worker}, args...)...)
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = GracePeriod
	setDeathSignal(cmd)
	return cmd, nil
}

// Start starts cmd (made by Command) from a goroutine that keeps its OS thread locked until the
// child has exited, so that the parent-death signal means "the parent process died".
func Start(cmd *exec.Cmd) (*Child, error) {
	c := &Child{cmd: cmd, done: make(chan struct{})}
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		defer close(c.done)
		if err := cmd.Start(); err != nil {
			c.err = err
			started <- err
			return
		}
		started <- nil
		c.err = cmd.Wait()
	}()
	if err := <-started; err != nil {
		return nil, err
	}
	return c, nil
}

// Pid is the child's process ID.
func (c *Child) Pid() int { return c.cmd.Process.Pid }

// Wait waits for the child to exit and returns how it ended; the child is reaped either way.
func (c *Child) Wait() error {
	<-c.done
	return c.err
}

// Done is closed once the child has exited and been reaped.
func (c *Child) Done() <-chan struct{} { return c.done }

// Kill stops the child at once with SIGKILL and reaps it.
func (c *Child) Kill() error {
	err := c.cmd.Process.Kill()
	<-c.done
	if errors.Is(err, os.ErrProcessDone) {
		err = nil
	}
	return err
}
