package executor

import (
	"context"
	"io"
	"os"
	"runtime"
	"sync"
	"testing"

	"github.com/concurrency-models/book/internal/reexec"
)

// The floors: what the cheapest possible version of each round trip costs on this machine, so
// that a pool's figure can be read against what no design can beat.

// echoWorker is a child process that writes back every byte it reads: the far end of
// BenchmarkFloorPipeRoundTrip.
const echoWorker = "pipe-echo"

func init() {
	reexec.Register(echoWorker, func(_ context.Context, _ []string, stdin io.Reader, stdout, _ io.Writer) error {
		var b [1]byte
		for {
			if _, err := stdin.Read(b[:]); err != nil {
				return nil
			}
			if _, err := stdout.Write(b[:]); err != nil {
				return err
			}
		}
	})
}

// BenchmarkFloorChannelHandoff is a round trip between two goroutines over unbuffered
// channels: two handoffs, no OS thread woken if the scheduler can avoid it.
func BenchmarkFloorChannelHandoff(b *testing.B) {
	ping, pong := make(chan struct{}), make(chan struct{})
	go func() {
		for range ping {
			pong <- struct{}{}
		}
	}()
	defer close(ping)
	for b.Loop() {
		ping <- struct{}{}
		<-pong
	}
}

// BenchmarkFloorLockedThreads is a round trip between two goroutines each locked to its own OS
// thread: every handoff wakes a parked thread, which is what a pool of real threads pays.
func BenchmarkFloorLockedThreads(b *testing.B) {
	ping, pong := make(chan struct{}), make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		for range ping {
			pong <- struct{}{}
		}
	}()
	var wg sync.WaitGroup
	wg.Go(func() {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		for b.Loop() {
			ping <- struct{}{}
			<-pong
		}
		close(ping)
	})
	wg.Wait()
	<-done
}

// BenchmarkFloorGoJoin starts a goroutine and waits for it to end: the floor of any
// start-and-join, and of a goroutine per job.
func BenchmarkFloorGoJoin(b *testing.B) {
	var wg sync.WaitGroup
	for b.Loop() {
		wg.Go(func() {})
		wg.Wait()
	}
}

// BenchmarkFloorPipeRoundTrip sends one byte to a child process over a pipe and reads it back:
// two processes woken, four system calls — the floor of a call to a worker process.
func BenchmarkFloorPipeRoundTrip(b *testing.B) {
	cmd, err := reexec.Command(b.Context(), echoWorker)
	if err != nil {
		b.Fatal(err)
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	child, err := reexec.Start(cmd)
	if err != nil {
		b.Fatal(err)
	}
	buf := []byte{1}
	// The first byte waits for the child to start up: not part of a round trip.
	if _, err := stdin.Write(buf); err != nil {
		b.Fatal(err)
	}
	if _, err := io.ReadFull(stdout, buf); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := stdin.Write(buf); err != nil {
			b.Fatal(err)
		}
		if _, err := io.ReadFull(stdout, buf); err != nil {
			b.Fatal(err)
		}
	}
	_ = stdin.Close()
	if err := child.Wait(); err != nil {
		b.Fatal(err)
	}
}
