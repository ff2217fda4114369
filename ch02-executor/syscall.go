package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/concurrency-models/book/internal/timeline"
)

// blockedReaders shows the Go runtime doing what run_in_executor does by hand. With one P
// (GOMAXPROCS=1), n goroutines call read(2) on empty pipes and block inside the kernel. Each
// blocked goroutine keeps its thread, but the thread gives up the P (entersyscall, then sysmon's
// retake and handoffp in runtime/proc.go), so the one P goes on running other goroutines: here,
// a counter. The readers cannot return before the counter has finished, because only then are
// their pipes written to.
func blockedReaders(ctx context.Context, w io.Writer, n int, tick time.Duration) error {
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)

	pipes := make([]rawPipe, n)
	for i := range pipes {
		var fds [2]pipeFD
		if err := syscall.Pipe(fds[:]); err != nil { // blocking fds: read(2) sleeps in the kernel
			return err
		}
		pipes[i] = rawPipe{fds[0], fds[1]}
	}
	defer func() {
		for _, p := range pipes {
			_ = syscall.Close(p.r)
			_ = syscall.Close(p.w)
		}
	}()
	rec := timeline.FromContext(ctx) // -timeline: who waits in read(2), who runs
	entering := make(chan struct{}, n)
	returned := make(chan error, n)
	for i, p := range pipes {
		reader := fmt.Sprintf("reader %d", i+1)
		rec.Waiting(reader, "read(2)")
		go func() {
			buf := make([]byte, 1)
			entering <- struct{}{}
			_, err := syscall.Read(p.r, buf)
			rec.Done(reader)
			returned <- err
		}()
	}
	for range n {
		<-entering
	}
	fmt.Fprintf(w, "GOMAXPROCS=1; %d goroutines are calling read(2) on empty pipes\n", n)
	for i := range 5 {
		rec.Waiting("counter", "a timer")
		select {
		case <-time.After(tick):
		case <-ctx.Done():
			wake(pipes)
			return ctx.Err()
		}
		rec.Running("counter", fmt.Sprintf("tick %d", i))
		fmt.Fprintf(w, "counter: tick %d\n", i)
	}
	rec.Done("counter")
	if t, ok := liveThreads(); ok {
		// sysmon has a thread of its own, without a P (newm(sysmon, nil, -1) in runtime.main).
		fmt.Fprintf(w, "threads in this process: %d (at least %d: %d blocked in read(2), 1 running Go code, 1 for sysmon)\n", t, n+2, n)
	}
	wake(pipes)
	for range n {
		if err := <-returned; err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "the %d reads returned only now, after the counter finished\n", n)
	return nil
}

// rawPipe is a pipe's two file descriptors, used with raw system calls.
type rawPipe struct{ r, w pipeFD }

// wake writes a byte into every pipe, so that every reader returns.
func wake(pipes []rawPipe) {
	for _, p := range pipes {
		_, _ = syscall.Write(p.w, []byte{1})
	}
}

// liveThreads reads the process's thread count from /proc (Linux only).
func liveThreads() (int, bool) {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for line := range strings.SplitSeq(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "Threads:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			return n, err == nil
		}
	}
	return 0, false
}

func syscallDemo(ctx context.Context, stdout io.Writer) error {
	return blockedReaders(ctx, stdout, 4, 20*time.Millisecond)
}
