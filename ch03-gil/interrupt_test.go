package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/concurrency-models/book/internal/cli"
	"github.com/concurrency-models/book/internal/scripttest"
	"github.com/concurrency-models/book/internal/testdeadline"
	tl "github.com/concurrency-models/book/internal/timeline"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// interruptDeadline bounds how long a cancelled computation may go on: about 100µs on an idle
// machine (a step is a tenth of a millisecond), far more on a loaded one.
const interruptDeadline = 2 * time.Second

// prefixWriter is a LockedBuffer that closes seen once what has been written begins with
// prefix: the test learns that a demo has begun without polling its output.
type prefixWriter struct {
	scripttest.LockedBuffer
	prefix string
	once   sync.Once
	seen   chan struct{}
}

func (w *prefixWriter) Write(p []byte) (int, error) {
	n, err := w.LockedBuffer.Write(p)
	if strings.HasPrefix(w.String(), w.prefix) {
		w.once.Do(func() { close(w.seen) })
	}
	return n, err
}

// interruptOnceBegun runs the program with args, cancels its context (what cli.Main does on
// SIGINT; interrupt.txtar sends a real one) as soon as its output begins with begun, and wants
// exit status 130 within interruptDeadline. It returns what the demo printed.
func interruptOnceBegun(t *testing.T, args []string, begun string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	out := &prefixWriter{prefix: begun, seen: make(chan struct{})}
	code := make(chan int, 1)
	go func() { code <- app.MainContext(ctx, args, out, io.Discard) }()
	ended := -1 // the exit status, if the demo ended before it began
	testdeadline.Within(t, testdeadline.Short, "the demo's first line, "+begun, func() {
		select {
		case <-out.seen:
		case ended = <-code:
		}
	})
	require.Lessf(t, ended, 0, "the demo ended (status %d) before it began:\n%s", ended, out.String())
	cancel()
	status := -1
	testdeadline.Within(t, interruptDeadline, "the demo after the cancel:\n"+out.String(), func() { status = <-code })
	assert.Equal(t, cli.ExitInterrupted, status, "exit status")
	return out.String()
}

// The first Ctrl-C stops the cpu demo promptly, while it computes units that would take hours.
func TestInterruptStopsTheCPUDemoPromptly(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	defer goleak.VerifyNone(t)
	interruptOnceBegun(t, []string{"cpu", "-work", "10000", "-repeat", "1"}, "CPU-bound")
}

// The first Ctrl-C stops the io demo while its threads wait, not after the 30 s the waits would
// take, and the demo prints no time or verdict for a run it cut short.
func TestInterruptStopsTheIODemoPromptly(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	defer goleak.VerifyNone(t)
	out := interruptOnceBegun(t, []string{"io", "-nap", "10s"}, "4 I/O-bound threads")
	assert.NotContains(t, out, "took", "the interrupted io demo printed a result")
}

// stepWatch is a context that notes the first call of its Err method. Every in-process way of
// running the units calls ctx.Err() before each step (func unit), so that first call says the
// work has begun.
type stepWatch struct {
	context.Context
	once    sync.Once
	stepped chan struct{}
}

func (w *stepWatch) Err() error {
	w.once.Do(func() { close(w.stepped) })
	return w.Context.Err()
}

// begunJob returns a channel closed once rec has recorded a worker running job n or a later
// one: the process pool numbers its calls in order (warm-up calls first) and records each as
// it hands it to a worker. It polls, because a Recorder has no callback; stop ends the polling.
func begunJob(rec *tl.Recorder, n int, stop <-chan struct{}) <-chan struct{} {
	begun := make(chan struct{})
	go func() {
		for {
			if slices.ContainsFunc(rec.Events(), func(e tl.Event) bool {
				var k int
				_, err := fmt.Sscanf(e.What, "job %d", &k)
				return e.Kind == tl.Running && err == nil && k >= n
			}) {
				close(begun)
				return
			}
			select {
			case <-stop:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	return begun
}

// Every way of running the units stops soon after its context is cancelled in the middle of
// the work, however long the units are: the in-process ways check the context before each step,
// and the process pool stops its workers, which do not look at it, with SIGTERM. The cancel
// comes only once the work has been seen running: the first step's check of the context, or,
// for the processes, the pool handing out a unit after its warm-up calls.
func TestEveryWayStopsWhenCancelled(t *testing.T) {
	testdeadline.Bound(t, testdeadline.Long)
	defer goleak.VerifyNone(t)
	if testing.Short() {
		t.Skip("starts worker processes")
	}
	const huge = 10_000 // ten seconds a unit, four units
	const workers = 2
	for name, run := range map[string]func(context.Context){
		"sequential":  func(ctx context.Context) { runSequential(ctx, 4, huge) },
		"GIL threads": func(ctx context.Context) { runThreads(ctx, 4, workers, huge, 5*time.Millisecond, unitOnThread) },
		"native code": func(ctx context.Context) { runThreads(ctx, 4, workers, huge, 5*time.Millisecond, unitInNativeCode) },
		"goroutines":  func(ctx context.Context) { runGoroutines(ctx, 4, workers, huge) },
		"processes":   func(ctx context.Context) { _, _, _ = runProcesses(ctx, 4, workers, huge) },
	} {
		t.Run(name, func(t *testing.T) {
			parent, cancel := context.WithCancel(t.Context())
			defer cancel()
			stop := make(chan struct{})
			defer close(stop)
			var ctx context.Context
			var begun <-chan struct{}
			if name == "processes" {
				rec := tl.New()
				ctx = tl.NewContext(parent, rec)
				begun = begunJob(rec, workers+1, stop) // the first unit, after one warm-up call a worker
			} else {
				w := &stepWatch{Context: parent, stepped: make(chan struct{})}
				ctx, begun = w, w.stepped
			}
			done := make(chan struct{})
			go func() { defer close(done); run(ctx) }()
			testdeadline.Within(t, testdeadline.Short, name+": the work to begin", func() {
				select {
				case <-begun:
				case <-done:
				}
			})
			select {
			case <-done:
				t.Fatalf("%s: the work ended before the cancel", name)
			default:
			}
			cancel()
			testdeadline.Within(t, interruptDeadline, name+": the work after the cancel", func() { <-done })
		})
	}
}
