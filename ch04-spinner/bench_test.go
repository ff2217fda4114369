package main

import (
	"context"
	"runtime"
	"testing"

	"github.com/concurrency-models/book/ch01-blocking/aio"
	"github.com/concurrency-models/book/ch04-spinner/threading"
	"github.com/concurrency-models/book/internal/compare/cputime"
	"github.com/concurrency-models/book/internal/reexec"
	"github.com/stretchr/testify/require"
)

// The cost of starting a unit of execution and waiting for it to finish, for each kind the
// chapter uses. The unit does nothing, so this is the overhead alone.

// BenchmarkStartStopGoroutine: go f(), then wait on a channel it closes.
func BenchmarkStartStopGoroutine(b *testing.B) {
	m := cputime.Start() // CPU per operation, for make compare
	for b.Loop() {
		done := make(chan struct{})
		go close(done)
		<-done
	}
	m.Report(b)
}

// BenchmarkStartStopThread: the chapter's Thread (a goroutine behind a Start/Join API).
func BenchmarkStartStopThread(b *testing.B) {
	for b.Loop() {
		t := threading.NewThread("noop", func() {})
		t.Start()
		t.Join()
	}
}

// BenchmarkStartStopOSThread: a goroutine that locks an OS thread and exits without unlocking,
// which makes the runtime throw that thread away, so every iteration really starts a new one.
func BenchmarkStartStopOSThread(b *testing.B) {
	m := cputime.Start() // CPU per operation, for make compare
	for b.Loop() {
		done := make(chan struct{})
		go func() {
			runtime.LockOSThread()
			close(done)
			// Returning while locked terminates the thread.
		}()
		<-done
	}
	m.Report(b)
}

// BenchmarkStartStopLoopTask: create a task on the event loop and await it.
func BenchmarkStartStopLoopTask(b *testing.B) {
	err := aio.Main(func(co *aio.Co) error {
		for b.Loop() {
			t := aio.Go(co, func(*aio.Co) error { return nil })
			if _, err := aio.Await(co, t); err != nil {
				return err
			}
		}
		return nil
	})
	require.NoError(b, err)
}

// BenchmarkStartStopProcess: start this program again as a child that exits at once, and reap
// it. (It runs the spin worker with a missing done pipe, which fails immediately.)
func BenchmarkStartStopProcess(b *testing.B) {
	m := cputime.Start() // CPU per operation, for make compare
	var err error
	for b.Loop() {
		if err = startStopProcess(); err != nil {
			break
		}
	}
	require.NoError(b, err)
	m.Report(b)
}

// startStopProcess starts the child and reaps it; the child's own failure, which is by design,
// is not an error here.
func startStopProcess() error {
	cmd, err := reexec.Command(context.Background(), "spin", "x", "1s")
	if err != nil {
		return err
	}
	c, err := reexec.Start(cmd)
	if err != nil {
		return err
	}
	_ = c.Wait() // exits with an error, by design
	return nil
}
