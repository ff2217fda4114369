package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/concurrency-models/book/ch04-spinner/threading"
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

// The done event crosses the process boundary as a pipe: the parent holds the write end and
// "sets" the event by closing it; in the child, one goroutine reads the other end and, when the
// read ends, sets an ordinary threading.Event. The child then spins exactly as the thread
// version does. If the parent dies, the kernel closes its end of the pipe, so the child stops
// then too.

// watchPipe is the child's half of the event: it blocks reading r until the parent closes its
// end (end of file), then sets done. It also returns, and sets done, when the child closes r
// itself or the read fails. The parent never writes, so data on the pipe is an error.
func watchPipe(r *os.File, done *threading.Event) error {
	defer done.Set()
	var b [1]byte
	n, err := r.Read(b[:])
	switch {
	case n > 0:
		return errors.New("spinner child: unexpected data on the done pipe")
	case errors.Is(err, io.EOF), errors.Is(err, os.ErrClosed):
		return nil
	}
	return err
}

// spinChild is the child's supervisor: it turns the pipe into an Event, and its parent's SIGTERM
// (ctx, which reexec.Main cancels on SIGTERM) into the same Event, then spins as the thread
// version does until the Event is set.
// Because the pipe is watched by a blocking read, not polled once per tick, the child sees the
// pipe close whatever the tick, even a tick so short that a per-frame deadline would always
// have passed before the read began.
//
// Both mean "stop", and the child stops the same way for each: it clears its line and returns
// nil, so it exits quietly. A terminal's Ctrl-C never reaches the child: internal/reexec starts
// it in a process group of its own, and reexec.Main ignores SIGINT. The parent gets the Ctrl-C,
// stops the child (it closes the pipe, and exec.Cmd.Cancel sends SIGTERM), and says
// "interrupted".
func spinChild(ctx context.Context, w io.Writer, msg string, tick time.Duration, pipe *os.File) error {
	done := new(threading.Event)
	watched := make(chan error, 1)
	go func() { watched <- watchPipe(pipe, done) }()
	stop := context.AfterFunc(ctx, done.Set)
	defer stop()
	threadSpin(w, msg, tick, done)
	pipe.Close() // if ctx set done, this ends the watcher's read
	return <-watched
}

// spinWorker is the child: it draws frames on its standard output — the parent's terminal,
// shared — until the done pipe closes, its parent sends SIGTERM, or the parent dies.
func spinWorker(ctx context.Context, args []string, _ io.Reader, stdout, _ io.Writer) error {
	if len(args) != 2 {
		return errors.New("spin worker: want MSG TICK")
	}
	tick, err := time.ParseDuration(args[1])
	if err != nil {
		return err
	}
	// The descriptor arrives in blocking mode; non-blocking lets the runtime poll it, which is
	// what lets the child's Close end the watcher's read.
	if err := syscall.SetNonblock(doneFD, true); err != nil {
		return fmt.Errorf("spin worker: no done pipe: %w", err)
	}
	return spinChild(ctx, stdout, args[0], tick, os.NewFile(doneFD, "done"))
}

// processSupervisor is the Python program's process version: a child process spins while this one
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
	up := &firstWrite{w: w, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = up, os.Stderr
	spinner := process{name: fmt.Sprintf("Process-%d", processSeq.Add(1)), parent: os.Getpid()}
	fmt.Fprintf(w, "spinner object: %v\n", spinner)
	child, err := reexec.Start(cmd)
	r.Close() // the child has its copy; ours would keep the pipe open after wr.Close
	if err != nil {
		return 0, err
	}
	spinning(ctx, up, child)
	result, err := slow(ctx, config.slow)
	wr.Close() // done.set()
	if werr := child.Wait(); werr != nil && err == nil {
		err = fmt.Errorf("spinner process: %v", werr)
	}
	return result, err
}

// firstWrite passes writes on to w and closes done at the first.
type firstWrite struct {
	w    io.Writer
	done chan struct{}
	once sync.Once
}

func (f *firstWrite) Write(p []byte) (int, error) {
	f.once.Do(func() { close(f.done) })
	return f.w.Write(p)
}

// spinning waits until the child has drawn its first frame (or has ended, or Ctrl-C). Python's
// start() returns as soon as the child exists, and a forked child draws at once; a re-executed
// Go program takes milliseconds to start, and far longer on a loaded machine, so slow() might
// be over before the spinner had drawn anything.
func spinning(ctx context.Context, up *firstWrite, child *reexec.Child) {
	select {
	case <-up.done:
	case <-child.Done():
	case <-ctx.Done():
	}
}

func processDemo(ctx context.Context, stdout io.Writer) error {
	return answer(stdout)(processSupervisor(ctx, stdout))
}
