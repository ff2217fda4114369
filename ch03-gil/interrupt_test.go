package main

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/concurrency-models/book/internal/cli"
	"github.com/concurrency-models/book/internal/scripttest"
)

// interruptDeadline bounds how long a cancelled computation may go on: about 100µs on an idle
// machine (a step is a tenth of a millisecond), far more on a loaded one.
const interruptDeadline = 2 * time.Second

// The first Ctrl-C stops the cpu demo promptly: the test cancels the demo's context (what
// cli.Main does on SIGINT; interrupt.txtar sends a real one) while it computes units that
// would take hours, and wants exit status 130 within the deadline.
func TestInterruptStopsTheCPUDemoPromptly(t *testing.T) {
	defer goleak.VerifyNone(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var out scripttest.LockedBuffer
	code := make(chan int, 1)
	go func() {
		code <- app.MainContext(ctx, []string{"cpu", "-work", "10000", "-repeat", "1"}, &out, io.Discard)
	}()
	for !strings.HasPrefix(out.String(), "CPU-bound") {
		select {
		case c := <-code:
			t.Fatalf("the demo ended (status %d) before it began to compute:\n%s", c, out.String())
		case <-time.After(time.Millisecond):
		}
	}
	cancel()
	select {
	case c := <-code:
		if c != cli.ExitInterrupted {
			t.Errorf("exit status %d, want %d", c, cli.ExitInterrupted)
		}
	case <-time.After(interruptDeadline):
		t.Fatalf("the cpu demo was still computing %v after the cancel:\n%s", interruptDeadline, out.String())
	}
}

// Every way of running the units stops soon after its context is cancelled in the middle of
// the work, however long the units are: each step checks the context, and a worker process
// stops its unit on SIGTERM.
func TestEveryWayStopsWhenCancelled(t *testing.T) {
	defer goleak.VerifyNone(t)
	if testing.Short() {
		t.Skip("starts worker processes")
	}
	const huge = 10_000 // ten seconds a unit, four units
	for name, run := range map[string]func(context.Context){
		"sequential":  func(ctx context.Context) { runSequential(ctx, 4, huge) },
		"GIL threads": func(ctx context.Context) { runThreads(ctx, 4, 2, huge, 5*time.Millisecond, unitOnThread) },
		"native code": func(ctx context.Context) { runThreads(ctx, 4, 2, huge, 5*time.Millisecond, unitInNativeCode) },
		"goroutines":  func(ctx context.Context) { runGoroutines(ctx, 4, 2, huge) },
		"processes":   func(ctx context.Context) { _, _, _ = runProcesses(ctx, 4, 2, huge) },
	} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			done := make(chan struct{})
			go func() { defer close(done); run(ctx) }()
			time.Sleep(20 * time.Millisecond) // into the work; no ordering depends on it
			cancel()
			select {
			case <-done:
			case <-time.After(interruptDeadline):
				t.Fatalf("%s: still computing %v after the cancel", name, interruptDeadline)
			}
		})
	}
}
