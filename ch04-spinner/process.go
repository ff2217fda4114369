package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/concurrency-models/book/internal/reexec"
)

// doneFD is the file descriptor on which a spinner child finds the read end of its done pipe
// (the first of cmd.ExtraFiles is 3, after stdin, stdout and stderr).
const doneFD = 3

var processSeq atomic.Int64 // names processes Process-1, Process-2, ... as Python does

// process describes a child before it starts, as Python's multiprocessing.Process prints itself.
type process struct {
	name   string
	parent int
}

func (p process) String() string {
	return fmt.Sprintf("<Process name='%s' parent=%d initial>", p.name, p.parent)
}

// pipeEvent is the done signal across a process boundary: the parent holds the write end and
// "sets" the event by closing it; the child waits by reading, at most one tick. A read that
// ends with EOF means set. If the parent dies, the kernel closes the write end too, so the child
// also stops.
type pipeEvent struct{ r *os.File }

// wait reports true once the write end is closed, false when timeout passes first.
func (e pipeEvent) wait(timeout time.Duration) (bool, error) {
	if err := e.r.SetReadDeadline(time.Now().Add(timeout)); err != nil {
		return false, err
	}
	var b [1]byte
	_, err := e.r.Read(b[:])
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded):
		return false, nil
	case errors.Is(err, io.EOF):
		return true, nil
	case err != nil:
		return false, err
	}
	return false, errors.New("spinner child: unexpected data on the done pipe")
}

// spinWorker is the child: it draws frames on its standard output — the parent's terminal,
// shared — until the done pipe closes, Ctrl-C arrives, or the parent dies.
func spinWorker(ctx context.Context, args []string, _ io.Reader, stdout, _ io.Writer) error {
	if len(args) != 2 {
		return errors.New("spin worker: want MSG TICK")
	}
	tick, err := time.ParseDuration(args[1])
	if err != nil {
		return err
	}
	// The descriptor arrives in blocking mode; non-blocking lets the runtime poll it, which is
	// what makes read deadlines work.
	if err := syscall.SetNonblock(doneFD, true); err != nil {
		return fmt.Errorf("spin worker: no done pipe: %w", err)
	}
	done := pipeEvent{os.NewFile(doneFD, "done")}
	defer done.r.Close()
	var status string
	for i := 0; ; i++ {
		status = frame(i, args[0])
		fmt.Fprint(stdout, status)
		set, err := done.wait(tick)
		if err != nil || set || ctx.Err() != nil {
			blankOut(stdout, status)
			if err == nil {
				err = ctx.Err()
			}
			return err
		}
	}
}

// processSupervisor is the seed's process version: a child process spins while this one
// computes; closing the pipe is done.set(), and Wait is join() — and it reaps the child.
func processSupervisor(ctx context.Context, w io.Writer) (int, error) {
	r, wr, err := os.Pipe()
	if err != nil {
		return 0, err
	}
	defer wr.Close()
	cmd, err := reexec.Command(ctx, "spin", config.msg, config.tick.String())
	if err != nil {
		r.Close()
		return 0, err
	}
	cmd.ExtraFiles = []*os.File{r}
	cmd.Stdout, cmd.Stderr = w, os.Stderr
	spinner := process{name: fmt.Sprintf("Process-%d", processSeq.Add(1)), parent: os.Getpid()}
	fmt.Fprintf(w, "spinner object: %v\n", spinner)
	child, err := reexec.Start(cmd)
	r.Close() // the child has its copy; ours would keep the pipe open after wr.Close
	if err != nil {
		return 0, err
	}
	result, err := slow(ctx, config.slow)
	wr.Close() // done.set()
	if werr := child.Wait(); werr != nil && err == nil {
		err = fmt.Errorf("spinner process: %v", werr)
	}
	return result, err
}

func processDemo(ctx context.Context, stdout, _ io.Writer) error {
	return answer(stdout)(processSupervisor(ctx, stdout))
}
